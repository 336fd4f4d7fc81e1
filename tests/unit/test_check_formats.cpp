// The junit and github output formats on validate- and schema-diff-style findings: grouping by
// rule, failing vs passing, escaping, and reports that carry no findings at all.
#include "plugin_harness.hpp"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include <sstream>

namespace sdk = interstice::sdk;
namespace json = boost::json;
namespace pt = boost::property_tree;
using namespace interstice::test;

namespace {

json::object finding(std::string rule, std::string level_key, std::string level, std::string message,
                     std::string file = "", std::string pointer = "") {
  json::object f{{"rule", rule}, {"message", message}, {level_key, level}};
  if (!file.empty()) f["file"] = file;
  if (!pointer.empty()) f["pointer"] = pointer;
  return f;
}

sdk::Report findings_report(json::array findings) {
  sdk::Report report;
  report.data = json::object{{"findings", std::move(findings)}};
  report.outcome = sdk::Outcome::problems_found;
  return report;
}

/// The harness's render() leaves RenderOptions::command empty; these formats name the command.
std::string render_for(const sdk::OutputFormat& format, const sdk::Report& report, const std::string& command) {
  std::ostringstream out;
  sdk::RenderOptions options;
  options.command = command;
  format.render(report, out, options);
  return out.str();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// Parses the JUnit XML, so tests fail when the output is not well-formed.
pt::ptree parse_xml(const std::string& text) {
  std::istringstream in(text);
  pt::ptree tree;
  pt::read_xml(in, tree);
  return tree;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(check_formats)

BOOST_AUTO_TEST_CASE(junit_groups_findings_by_rule) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-junit.so");
  auto report = findings_report({
      finding("DUPLICATE_TABLE", "severity", "error", "table chat is defined twice", "a.json", "/tables/1"),
      finding("UNUSED_INDEX", "severity", "warning", "index i_x is never used", "b.json"),
      finding("DUPLICATE_TABLE", "severity", "error", "table user is defined twice", "c.json", "/tables/4"),
  });
  std::string text = render_for(*format, report, "validate");
  BOOST_TEST(text.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) == 0u, text);
  BOOST_TEST(contains(text, "<testsuite name=\"interstice validate\" tests=\"2\" failures=\"1\" errors=\"0\">"), text);
  BOOST_TEST(contains(text,
                      "    <testcase classname=\"interstice.validate\" name=\"DUPLICATE_TABLE\">\n"
                      "      <failure message=\"table chat is defined twice\" type=\"DUPLICATE_TABLE\">"
                      "a.json: /tables/1: table chat is defined twice\n"
                      "c.json: /tables/4: table user is defined twice\n</failure>\n"
                      "    </testcase>\n"),
             text);
  BOOST_TEST(contains(text,
                      "    <testcase classname=\"interstice.validate\" name=\"UNUSED_INDEX\">\n"
                      "      <system-out>b.json: index i_x is never used\n</system-out>\n"),
             text);
  BOOST_TEST(text.find("DUPLICATE_TABLE") < text.find("UNUSED_INDEX"), "first-appearance order");
  BOOST_TEST(text.find("<failure", text.find("UNUSED_INDEX")) == std::string::npos, "warnings pass");

  auto tree = parse_xml(text);
  const auto& suite = tree.get_child("testsuites.testsuite");
  BOOST_TEST(suite.get<int>("<xmlattr>.tests") == 2);
  BOOST_TEST(suite.count("testcase") == 2u);
}

BOOST_AUTO_TEST_CASE(junit_escapes_xml) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-junit.so");
  auto report = findings_report({
      finding("BAD<RULE>", "severity", "error", "got <&>\"' here\nsecond line\x01 end", "dir/we,ird:name.json", "/a~1b"),
  });
  std::string text = render_for(*format, report, "validate");
  BOOST_TEST(contains(text, "name=\"BAD&lt;RULE&gt;\""), text);
  BOOST_TEST(contains(text, "message=\"got &lt;&amp;&gt;&quot;&apos; here&#10;second line\xEF\xBF\xBD end\""), text);
  BOOST_TEST(contains(text, ">dir/we,ird:name.json: /a~1b: got &lt;&amp;&gt;&quot;&apos; here\nsecond line"), text);
  BOOST_TEST(text.find('\x01') == std::string::npos, "control characters are illegal in XML 1.0");

  auto tree = parse_xml(text);
  const auto& failure = tree.get_child("testsuites.testsuite.testcase.failure");
  BOOST_TEST(failure.get<std::string>("<xmlattr>.type") == "BAD<RULE>");
  BOOST_TEST(failure.data() == "dir/we,ird:name.json: /a~1b: got <&>\"' here\nsecond line\xEF\xBF\xBD end\n");
}

BOOST_AUTO_TEST_CASE(junit_without_findings_is_one_passing_testcase) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-junit.so");
  sdk::Report schema;
  schema.data = json::object{{"tables", json::array{json::object{{"name", "chat"}}}}};
  std::string text = render_for(*format, schema, "schema");
  BOOST_TEST(contains(text, "<testsuite name=\"interstice schema\" tests=\"1\" failures=\"0\" errors=\"0\">\n"
                            "    <testcase classname=\"interstice.schema\" name=\"schema\"/>\n"
                            "  </testsuite>\n</testsuites>\n"),
             text);
  parse_xml(text);

  auto clean = findings_report({});
  clean.outcome = sdk::Outcome::ok;
  text = render_for(*format, clean, "validate");
  BOOST_TEST(contains(text, "tests=\"1\" failures=\"0\""), text);
  BOOST_TEST(contains(text, "<testcase classname=\"interstice.validate\" name=\"validate\"/>"), text);
}

BOOST_AUTO_TEST_CASE(junit_fails_breaking_schema_changes) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-junit.so");
  auto report = findings_report({
      finding("COLUMN_ADDED", "class", "compatible", "column chat.topic added", "new.json", "/tables/0/columns/3"),
      finding("COLUMN_REMOVED", "class", "breaking", "column chat.body removed", "new.json"),
      finding("COLUMN_RETYPED", "class", "data_breaking", "column chat.ts is now i64"),
  });
  std::string text = render_for(*format, report, "schema-diff");
  BOOST_TEST(contains(text, "<testsuite name=\"interstice schema-diff\" tests=\"3\" failures=\"2\" errors=\"0\">"), text);
  BOOST_TEST(contains(text, "name=\"COLUMN_ADDED\">\n      <system-out>new.json: /tables/0/columns/3: column chat.topic added\n"),
             text);
  BOOST_TEST(contains(text, "<failure message=\"column chat.body removed\" type=\"COLUMN_REMOVED\">"
                            "new.json: column chat.body removed\n</failure>"),
             text);
  BOOST_TEST(contains(text, "<failure message=\"column chat.ts is now i64\" type=\"COLUMN_RETYPED\">"
                            "column chat.ts is now i64\n</failure>"),
             text);
  parse_xml(text);
}

BOOST_AUTO_TEST_CASE(github_writes_one_annotation_per_finding) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-github.so");
  auto report = findings_report({
      finding("DUPLICATE_TABLE", "severity", "error", "table chat is defined twice", "a.json", "/tables/1"),
      finding("UNUSED_INDEX", "severity", "warning", "index i_x is never used", "b.json"),
      finding("NO_FILE", "severity", "error", "no file here"),
  });
  BOOST_TEST(render_for(*format, report, "validate") ==
             "::error file=a.json,title=DUPLICATE_TABLE::table chat is defined twice (at /tables/1)\n"
             "::warning file=b.json,title=UNUSED_INDEX::index i_x is never used\n"
             "::error title=NO_FILE::no file here\n");
}

BOOST_AUTO_TEST_CASE(github_escapes_data_and_properties) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-github.so");
  auto report = findings_report({
      finding("R:1,2", "severity", "error", "100% <&>\"\r\nnext, with: colon", "dir/we,ird:name.json", "/a"),
  });
  BOOST_TEST(render(*format, report) ==
             "::error file=dir/we%2Cird%3Aname.json,title=R%3A1%2C2::100%25 <&>\"%0D%0Anext, with: colon (at /a)\n");
}

BOOST_AUTO_TEST_CASE(github_maps_schema_diff_classes) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-github.so");
  auto report = findings_report({
      finding("COLUMN_REMOVED", "class", "breaking", "column chat.body removed", "new.json"),
      finding("COLUMN_RETYPED", "class", "data_breaking", "column chat.ts is now i64", "new.json", "/tables/0"),
      finding("COLUMN_ADDED", "class", "compatible", "column chat.topic added", "new.json"),
  });
  BOOST_TEST(render_for(*format, report, "schema-diff") ==
             "::error file=new.json,title=COLUMN_REMOVED::column chat.body removed\n"
             "::error file=new.json,title=COLUMN_RETYPED::column chat.ts is now i64 (at /tables/0)\n"
             "::notice file=new.json,title=COLUMN_ADDED::column chat.topic added\n");
}

BOOST_AUTO_TEST_CASE(github_prints_nothing_without_findings) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-github.so");
  sdk::Report schema;
  schema.data = json::object{{"tables", json::array{}}};
  BOOST_TEST(render_for(*format, schema, "schema").empty());
  BOOST_TEST(render_for(*format, findings_report({}), "validate").empty());
}

BOOST_AUTO_TEST_SUITE_END()
