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
