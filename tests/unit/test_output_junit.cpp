// The junit output format: grouping by rule, failing vs passing, XML escaping.
#include "findings_harness.hpp"

using namespace interstice::test::findings;

BOOST_AUTO_TEST_SUITE(output_junit)

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

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(output_junit_streaming)

BOOST_AUTO_TEST_CASE(streamed_findings_make_the_same_xml) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-junit.so");
  sdk::Report header;
  header.data = json::object{{"file_path", "a.json"}};
  header.items = "findings";
  json::array items{finding("DUPLICATE_TABLE", "severity", "error", "twice", "a.json", "/tables/1"),
                    finding("UNUSED", "severity", "warning", "never used", "a.json")};
  sdk::Report summary;
  summary.data = json::object{{"error_count", 1}};
  auto [streamed, whole] = streamed_and_whole(*format, header, items, summary, "validate");
  BOOST_TEST(streamed == whole);
  BOOST_TEST(contains(streamed, "tests=\"2\" failures=\"1\""), streamed);
}

BOOST_AUTO_TEST_SUITE_END()
