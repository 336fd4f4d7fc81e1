// The yaml output format: strings that look like other YAML types stay strings.
#include "report_samples.hpp"

using namespace interstice::test::reports;

BOOST_AUTO_TEST_SUITE(output_yaml)

BOOST_AUTO_TEST_CASE(yaml_keeps_tricky_strings_strings) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-yaml.so");
  std::string text = render(*format, sample_report());
  BOOST_TEST(text.find("name: chat") != std::string::npos);
  BOOST_TEST(text.find("big: 18446744073709551615") != std::string::npos);
  BOOST_TEST(text.find("\"yes\"") != std::string::npos);
  BOOST_TEST(text.find("\"1.0\"") != std::string::npos);
  BOOST_TEST(text.find("\"~\"") != std::string::npos);
  BOOST_TEST(text.find("whole: 3.0") != std::string::npos);
  BOOST_TEST(text.find("nothing: ~") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(output_yaml_streaming)

BOOST_AUTO_TEST_CASE(streamed_yaml_is_the_whole_document_byte_for_byte) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-yaml.so");
  for (std::size_t count : {0, 1, 3}) {
    auto sample = streamed_sample(count);
    auto [streamed, whole] = streamed_and_whole(*format, sample.header, sample.items, sample.summary);
    BOOST_TEST(streamed == whole, count);
    BOOST_TEST(streamed.find(count ? "records:\n  - index: 0\n" : "records:\n  []\n") != std::string::npos, streamed);
  }
}

BOOST_AUTO_TEST_CASE(items_given_as_text_are_parsed) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-yaml.so");
  sdk::Report header;
  header.items = "rows";
  std::ostringstream out;
  auto writer = format->open(out, {});
  writer->begin(header);
  writer->item_json(R"({"f":1.5,"s":"no"})");
  writer->end({});
  BOOST_TEST(out.str() == "rows:\n  - f: 1.5\n    s: \"no\"\n");
}

BOOST_AUTO_TEST_SUITE_END()
