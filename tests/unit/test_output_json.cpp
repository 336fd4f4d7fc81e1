// The json output format: pretty-printed and exact.
#include "report_samples.hpp"

using namespace interstice::test::reports;

BOOST_AUTO_TEST_SUITE(output_json)

BOOST_AUTO_TEST_CASE(json_is_pretty_and_exact) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-json.so");
  auto report = sample_report();
  std::string text = render(*format, report);
  BOOST_TEST(json::parse(text) == report.data);
  BOOST_TEST(text.find("\n  \"name\": \"chat\"") != std::string::npos);
  BOOST_TEST(text.find("18446744073709551615") != std::string::npos);
  BOOST_TEST(text.find("\"whole\": 3.0") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(output_json_streaming)

BOOST_AUTO_TEST_CASE(streamed_json_is_the_whole_document_byte_for_byte) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-json.so");
  for (std::size_t count : {0, 1, 3}) {
    auto sample = streamed_sample(count);
    auto [streamed, whole] = streamed_and_whole(*format, sample.header, sample.items, sample.summary);
    BOOST_TEST(streamed == whole, count);
    auto data = json::parse(streamed).as_object();
    BOOST_TEST(data.at("records").as_array().size() == count);
    std::vector<std::string> keys;
    for (const auto& member : data) keys.emplace_back(member.key());
    BOOST_TEST((keys == std::vector<std::string>{"file", "format", "records", "count", "stopped_at", "done"}));
    // compact hints: objects on one line, an array one element per line
    sample.header.presentation.compact = {"/format", "/records"};
    std::tie(streamed, whole) = streamed_and_whole(*format, sample.header, sample.items, sample.summary);
    BOOST_TEST(streamed == whole, count);
    BOOST_TEST(streamed.find("\n  \"format\": {\"codec\":\"v1\",\"by\":\"yes\"},\n") != std::string::npos, streamed);
    if (count) BOOST_TEST(streamed.find("\n  \"records\": [\n    {\"index\":0,\"name\":") != std::string::npos, streamed);
    else BOOST_TEST(streamed.find("\n  \"records\": [],\n") != std::string::npos, streamed);
  }
}

BOOST_AUTO_TEST_CASE(compact_items_given_as_text_are_copied_verbatim) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-json.so");
  sdk::Report header;
  header.items = "rows";
  header.presentation.compact = {"/rows"};
  std::ostringstream out;
  auto writer = format->open(out, {});
  writer->begin(header);
  writer->item_json(R"({"f":1e20,"g":-0.0})");  // a codec's spelling, kept
  writer->end({});
  BOOST_TEST(out.str() == "{\n  \"rows\": [\n    {\"f\":1e20,\"g\":-0.0}\n  ]\n}\n");
}

BOOST_AUTO_TEST_SUITE_END()
