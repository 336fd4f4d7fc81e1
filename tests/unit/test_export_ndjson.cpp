// The ndjson exporter: one record object per line, the log-query record shape.
#include "export_harness.hpp"

using namespace interstice::test::exporters;

BOOST_AUTO_TEST_SUITE(export_ndjson)

BOOST_AUTO_TEST_CASE(ndjson_lines_describe_the_fixture_records) {
  LoadedPlugin<sdk::Exporter> ndjson("exporter-ndjson.so");
  const auto lines = lines_of(export_log(*ndjson, {small_log()}));
  const auto expected = fixture_records();
  BOOST_REQUIRE(lines.size() == expected.size());
  BOOST_REQUIRE(lines.size() == 1000u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto object = json::parse(lines[i]).as_object();
    const auto& want = expected[i];
    BOOST_TEST_CONTEXT("record " << i) {
      BOOST_TEST(object.size() == 10u);
      BOOST_TEST(object.at("index") == want.at("index"));
      BOOST_TEST(object.at("offset") == want.at("offset"));
      BOOST_TEST(object.at("module_id") == want.at("module"));
      BOOST_TEST(object.at("table_name") == want.at("table"));
      std::string type = text_of(want.at("type"));
      std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
      BOOST_TEST(text_of(object.at("operation")) == type);
      BOOST_TEST(object.at("timestamp") == want.at("timestamp"));
      BOOST_TEST(text_of(object.at("data_hash")).size() == 16u);
      BOOST_TEST(object.at("primary_key") == want.at("row").at("primary_key"));
      BOOST_TEST(object.at("row") == want.at("row"));
      BOOST_TEST(object.at("old_row") == want.at("old_row"));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
