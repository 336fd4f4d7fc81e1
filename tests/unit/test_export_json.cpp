// The json exporter: one JSON array of the ndjson objects, and valid output when nothing matched.
#include "export_harness.hpp"

using namespace interstice::test::exporters;

BOOST_AUTO_TEST_SUITE(export_json)

BOOST_AUTO_TEST_CASE(json_is_one_array_of_the_ndjson_objects) {
  LoadedPlugin<sdk::Exporter> json_exporter("exporter-json.so");
  LoadedPlugin<sdk::Exporter> ndjson("exporter-ndjson.so");
  const auto text = export_log(*json_exporter, {small_log()});
  const auto lines = lines_of(export_log(*ndjson, {small_log()}));

  const auto array = json::parse(text).as_array();
  BOOST_REQUIRE(array.size() == 1000u);
  for (std::size_t i = 0; i < array.size(); ++i) BOOST_TEST((array[i] == json::parse(lines[i])), "record " << i);

  // One object per line, byte for byte the ndjson text.
  std::string layout = "[\n";
  for (std::size_t i = 0; i < lines.size(); ++i) layout += (i ? ",\n" : "") + lines[i];
  layout += "\n]\n";
  BOOST_TEST((text == layout));
}

BOOST_AUTO_TEST_CASE(no_records_still_make_valid_outputs) {
  LoadedPlugin<sdk::Exporter> csv("exporter-csv.so");
  LoadedPlugin<sdk::Exporter> json_exporter("exporter-json.so");
  LoadedPlugin<sdk::Exporter> ndjson("exporter-ndjson.so");
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  const auto none = [](const sdk::TransactionView&) { return false; };
  const Source empty{shared_fixtures() / "v1" / "logs" / "empty.log"};

  for (const auto& source : {Source{small_log()}, empty}) {
    const Keep keep = source.log == small_log() ? Keep(none) : Keep();
    BOOST_TEST(export_log(*csv, source, keep) == kCsvHeaderLine);
    const auto text = export_log(*json_exporter, source, keep);
    BOOST_TEST(text == "[]\n");
    BOOST_TEST(json::parse(text).as_array().empty());
    BOOST_TEST(export_log(*ndjson, source, keep).empty());
    // A v1 log has no file header: zero records is the empty file, like the empty.log fixture.
    BOOST_TEST(export_log(*binary, source, keep).empty());
  }
}

BOOST_AUTO_TEST_SUITE_END()
