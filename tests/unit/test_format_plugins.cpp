// The text, json and yaml output format plugins on the same reports.
#include "plugin_harness.hpp"

#include <boost/json/parse.hpp>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test;

namespace {

sdk::Report sample_report() {
  sdk::Report report;
  report.data = json::object{
      {"name", "chat"},
      {"big", std::numeric_limits<std::uint64_t>::max()},
      {"ratio", 0.1},
      {"whole", 3.0},
      {"flag", true},
      {"nothing", nullptr},
      {"tricky", json::array{"yes", "1.0", "null", "~", "a: b", "#x", "line\nbreak", "", "\x1b[31mred"}},
      {"rows", json::array{json::object{{"id", 1}, {"name", "a"}}, json::object{{"id", 22}, {"name", "bbb"}}}},
  };
  report.presentation.title = "Sample";
  report.presentation.summary = "2 rows";
  return report;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(format_plugins)

BOOST_AUTO_TEST_CASE(json_is_pretty_and_exact) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-json.so");
  auto report = sample_report();
  std::string text = render(*format, report);
  BOOST_TEST(json::parse(text) == report.data);
  BOOST_TEST(text.find("\n  \"name\": \"chat\"") != std::string::npos);
  BOOST_TEST(text.find("18446744073709551615") != std::string::npos);
  BOOST_TEST(text.find("\"whole\": 3.0") != std::string::npos);
}

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
