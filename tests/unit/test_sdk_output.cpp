// The SDK side of output formats: DocumentFormat collects a streamed result into the one Report
// it stands for (assemble_report), render_report drives any format with a whole Report, and the
// typed Finding writes the keys validate and schema-diff have always written, and reads them back.
#include "interstice/sdk/document_format.hpp"
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/finding.hpp"
#include "interstice/sdk/output_format.hpp"
#include "interstice/sdk/util/terminal_text.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <sstream>

namespace sdk = interstice::sdk;
namespace json = boost::json;

namespace {

/// Keeps the Report it is given.
class Recording final : public sdk::DocumentFormat {
 public:
  void render(const sdk::Report& report, std::ostream& out, const sdk::RenderOptions& options) const override {
    rendered = report;
    out << "rendered for " << options.command;
  }
  mutable sdk::Report rendered;
};

std::vector<std::string> keys(const json::value& data) {
  std::vector<std::string> out;
  for (const auto& member : data.as_object()) out.emplace_back(member.key());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sdk_output)

BOOST_AUTO_TEST_CASE(document_format_collects_header_items_and_summary_in_order) {
  Recording format;
  sdk::Report header;
  header.data = json::object{{"file", "a.log"}};
  header.items = "records";
  header.flush_items = true;
  header.presentation.title = "T";
  header.presentation.lines.push_back({"/records", "{/i}"});
  sdk::Report summary;
  summary.data = json::object{{"count", 2}};
  summary.presentation.summary = "2 records";
  summary.outcome = sdk::Outcome::problems_found;

  std::ostringstream out;
  sdk::RenderOptions options;
  options.command = "log-query";
  auto writer = format.open(out, options);
  writer->begin(header);
  writer->item(json::object{{"i", 0}});
  writer->item_json(R"({"i":1})");  // parsed by the default item_json
  BOOST_TEST(out.str().empty());    // nothing before the end: it needs the whole document
  writer->end(summary);
  BOOST_TEST(out.str() == "rendered for log-query");

  const auto& report = format.rendered;
  BOOST_TEST((keys(report.data) == std::vector<std::string>{"file", "records", "count"}));
  BOOST_TEST(report.data.at("records") == json::parse(R"([{"i":0},{"i":1}])"));
  BOOST_TEST(report.presentation.title == "T");
  BOOST_TEST(report.presentation.lines.size() == 1u);
  BOOST_TEST(report.presentation.summary == "2 records");
  BOOST_TEST((report.outcome == sdk::Outcome::problems_found));
  BOOST_TEST(report.items.empty());
  BOOST_TEST(!report.flush_items);
}

BOOST_AUTO_TEST_CASE(a_whole_report_is_its_own_document) {
  Recording format;
  sdk::Report whole;
  whole.data = json::array{1, 2};  // not an object: whole reports may hold anything
  whole.outcome = sdk::Outcome::problems_found;
  std::ostringstream out;
  sdk::render_report(format, whole, out, {});
  BOOST_TEST(format.rendered.data == whole.data);
  BOOST_TEST((format.rendered.outcome == sdk::Outcome::problems_found));

  sdk::Report empty_stream;
  empty_stream.items = "rows";
  BOOST_TEST(sdk::assemble_report(empty_stream, {}, {}).data == json::parse(R"({"rows":[]})"));
  sdk::Report bad = empty_stream;
  bad.data = json::array{};
  BOOST_CHECK_THROW(sdk::assemble_report(bad, {}, {}), sdk::Error);
}

BOOST_AUTO_TEST_CASE(findings_write_the_keys_in_the_documented_order_and_read_back) {
  sdk::Finding lint;
  lint.rule = "DUPLICATE_TABLE";
  lint.severity = sdk::Severity::error;
  lint.pointer = "/tables/1";
  lint.message = "twice";
  lint.file = "a.json";
  lint.location = "/tables/1";
  BOOST_TEST(json::serialize(sdk::to_json(lint)) ==
             R"({"rule":"DUPLICATE_TABLE","severity":"error","pointer":"/tables/1","message":"twice","file_path":"a.json","location":"/tables/1"})");

  sdk::Finding change;
  change.rule = "COLUMN_TYPE_CHANGED";
  change.change_class = sdk::ChangeClass::data_breaking;
  change.subject = json::object{{"table", "t"}, {"column", "c"}, {"from", "U32"}, {"to", "U64"}};
  change.message = "retyped";
  change.file = "new.json";
  BOOST_TEST(json::serialize(sdk::to_json(change)) ==
             R"({"rule":"COLUMN_TYPE_CHANGED","class":"data_breaking","table":"t","column":"c","from":"U32","to":"U64","message":"retyped","file_path":"new.json"})");

  sdk::Finding row;
  row.rule = "LOG_COLUMN_TYPE";
  row.severity = sdk::Severity::error;
  row.pointer = "";
  row.message = "record 7: bad";
  row.file = "x.log";
  row.location = "record 7 at byte 900";
  row.record = sdk::RecordRef{"x.log", 7, 900};
  row.details = json::object{{"where", "row"}, {"module_id", "m"}};
  auto row_json = sdk::to_json(row);
  BOOST_TEST(json::serialize(row_json) ==
             R"({"rule":"LOG_COLUMN_TYPE","severity":"error","pointer":"","message":"record 7: bad","file_path":"x.log","location":"record 7 at byte 900","index":7,"offset":900,"where":"row","module_id":"m"})");

  for (const auto& finding : {lint, change, row})
    BOOST_TEST(sdk::to_json(sdk::finding_from_json(sdk::to_json(finding))) == sdk::to_json(finding));
  auto back = sdk::finding_from_json(row_json);
  BOOST_REQUIRE(back.record.has_value());
  BOOST_TEST(back.record->file == "x.log");
  BOOST_TEST(back.record->index == 7u);
  BOOST_TEST((back.change_class == sdk::ChangeClass::none));

  json::value data = json::object{{"findings", json::array{sdk::to_json(lint), 5, sdk::to_json(change)}}};
  auto findings = sdk::findings_of(data);
  BOOST_REQUIRE(findings.size() == 2u);  // the non-object element is skipped
  BOOST_TEST(findings[1].subject.at("column") == "c");
  BOOST_TEST(sdk::findings_of(json::value(nullptr)).empty());
}

BOOST_AUTO_TEST_CASE(control_characters_are_made_visible_for_terminals) {
  BOOST_TEST(sdk::escape_controls("plain text, ünïcode") == "plain text, ünïcode");
  BOOST_TEST(!sdk::has_controls("plain"));
  BOOST_TEST(sdk::escape_controls("a\x1b]0;t\x07" "b") == "a\\x1b]0;t\\x07b");
  BOOST_TEST(sdk::escape_controls("l1\nl2\tx\r") == "l1\\nl2\\tx\\r");
  BOOST_TEST(sdk::escape_controls(std::string_view("\0\x7f", 2)) == "\\x00\\x7f");
  BOOST_TEST(sdk::escape_controls("csi \xc2\x9b" "2J") == "csi \\u009b2J");  // C1 CSI, U+009B
  BOOST_TEST(sdk::escape_controls("nbsp \xc2\xa0") == "nbsp \xc2\xa0");     // U+00A0 is not a control
  BOOST_TEST(sdk::escape_controls("cut \xc2") == "cut \xc2");                 // invalid UTF-8 left alone
  BOOST_TEST(sdk::has_controls("\x1b"));
}

BOOST_AUTO_TEST_SUITE_END()
