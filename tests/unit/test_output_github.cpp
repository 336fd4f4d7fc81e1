// The github output format: one annotation per finding, escaping, nothing without findings.
#include "findings_harness.hpp"

using namespace interstice::test::findings;

BOOST_AUTO_TEST_SUITE(output_github)

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

BOOST_AUTO_TEST_SUITE(output_github_streaming)

BOOST_AUTO_TEST_CASE(streamed_findings_make_the_same_annotations) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-github.so");
  sdk::Report header;
  header.items = "findings";
  json::array items{finding("COLUMN_REMOVED", "class", "breaking", "column chat.body removed", "new.json"),
                    finding("COLUMN_ADDED", "class", "compatible", "column chat.topic added", "new.json")};
  auto [streamed, whole] = streamed_and_whole(*format, header, items, {}, "schema-diff");
  BOOST_TEST(streamed == whole);
  BOOST_TEST(streamed == "::error file=new.json,title=COLUMN_REMOVED::column chat.body removed\n"
                         "::notice file=new.json,title=COLUMN_ADDED::column chat.topic added\n");
}

BOOST_AUTO_TEST_SUITE_END()
