// The text output format: aligned keys, tables, hints and colour only when asked.
#include "report_samples.hpp"

using namespace interstice::test::reports;

BOOST_AUTO_TEST_SUITE(output_text)

BOOST_AUTO_TEST_CASE(text_aligns_keys_and_draws_tables) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-text.so");
  std::string text = render(*format, sample_report());
  BOOST_TEST(text.rfind("Sample\n\n", 0) == 0u, text);
  BOOST_TEST(text.find("name     chat\n") != std::string::npos, text);
  BOOST_TEST(text.find("ID  NAME\n") != std::string::npos, text);
  BOOST_TEST(text.find("22  bbb\n") != std::string::npos, text);
  BOOST_TEST(text.find("line\\nbreak") != std::string::npos, text);
  BOOST_TEST(text.find('\x1b') == std::string::npos, "data must not inject escapes");
  BOOST_TEST(text.find("\n2 rows\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_colours_only_when_asked) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-text.so");
  BOOST_TEST(render(*format, sample_report(), true).find("\033[1mSample") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_follows_table_and_line_hints) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-text.so");
  sdk::Report report;
  report.data = json::object{{"findings", json::array{json::object{{"file", "a.json"}, {"rule", "R1"}, {"message", "bad"}}}},
                             {"rows", json::array{json::object{{"k", json::object{{"inner", 5}}}, {"skip", 1}}}}};
  report.presentation.lines.push_back({"/findings", "{/file}: {/rule} {/message}"});
  report.presentation.tables.push_back({"/rows", {{"INNER", "/k/inner"}}});
  std::string text = render(*format, report);
  BOOST_TEST(text.find("a.json: R1 bad\n") != std::string::npos, text);
  BOOST_TEST(text.find("INNER\n") != std::string::npos, text);
  BOOST_TEST(text.find("SKIP") == std::string::npos, text);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(output_text_streaming)

BOOST_AUTO_TEST_CASE(a_listing_streams_one_line_per_item_then_the_summary) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-text.so");
  for (std::size_t count : {0, 1, 3}) {
    auto sample = streamed_sample(count);
    sample.header.presentation.listing = true;
    sample.header.presentation.lines.push_back(
        {"/records", "#{/index} {/name}{ ratio=/ratio} row={/row|json}{ old=/old|json}"});
    auto [streamed, whole] = streamed_and_whole(*format, sample.header, sample.items, sample.summary);
    BOOST_TEST(streamed == whole, count);
    std::string want;
    if (count >= 1) want += "#0 line\\nbreak ratio=0.0 row={\"entries\":[1,\"a\",null,1e300]}\n";
    if (count >= 3)
      want += "#1 yes ratio=0.1 row={\"entries\":[1,\"a\",null,1e300]} old={\"k\":1}\n"
              "#2 line\\nbreak ratio=0.2 row={\"entries\":[1,\"a\",null,1e300]}\n";
    want += std::to_string(count) + " records\n";
    BOOST_TEST(streamed == want);
  }
}

BOOST_AUTO_TEST_CASE(a_document_is_laid_out_whole_the_same_either_way) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-text.so");
  auto sample = streamed_sample(3);
  auto [streamed, whole] = streamed_and_whole(*format, sample.header, sample.items, sample.summary);
  BOOST_TEST(streamed == whole);
  BOOST_TEST(streamed.rfind("Records\n\nfile        x.log\ncount       3\n", 0) == 0u, streamed);
  BOOST_TEST(streamed.find("records (3)") != std::string::npos, streamed);
}

BOOST_AUTO_TEST_SUITE_END()
