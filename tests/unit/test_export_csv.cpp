// The csv exporter: RFC 4180 fields that parse back to the ndjson records.
#include "export_harness.hpp"

using namespace interstice::test::exporters;

BOOST_AUTO_TEST_SUITE(export_csv)

BOOST_AUTO_TEST_CASE(plugins_load_under_their_ids) {
  TestCatalog catalog({"exporter-csv.so", "exporter-json.so", "exporter-ndjson.so", "exporter-binary.so"});
  const sdk::PluginCatalog& plugins = catalog;
  for (const char* id : {"csv", "json", "ndjson", "binary"})
    BOOST_TEST((plugins.find<sdk::Exporter>(id) != nullptr), id);
  BOOST_TEST(catalog.list("exporter").size() == 4u);
}

BOOST_AUTO_TEST_CASE(csv_parses_back_to_the_ndjson_records) {
  LoadedPlugin<sdk::Exporter> csv("exporter-csv.so");
  LoadedPlugin<sdk::Exporter> ndjson("exporter-ndjson.so");
  const auto rows = parse_csv(export_log(*csv, {small_log()}));
  const auto lines = lines_of(export_log(*ndjson, {small_log()}));
  BOOST_REQUIRE(rows.size() == 1001u);
  BOOST_TEST(rows[0] == kCsvHeader, boost::test_tools::per_element());
  std::size_t quoted_quotes = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& row = rows[i + 1];
    const auto object = json::parse(lines[i]).as_object();
    BOOST_TEST_CONTEXT("record " << i) {
      BOOST_REQUIRE(row.size() == 10u);
      BOOST_TEST(row[0] == json::serialize(object.at("index")));
      BOOST_TEST(row[1] == json::serialize(object.at("offset")));
      BOOST_TEST(row[2] == text_of(object.at("module_id")));
      BOOST_TEST(row[3] == text_of(object.at("table_name")));
      BOOST_TEST(row[4] == text_of(object.at("operation")));
      BOOST_TEST(row[5] == json::serialize(object.at("timestamp")));
      BOOST_TEST(row[6] == text_of(object.at("data_hash")));
      // The JSON columns hold exactly the ndjson text of those members.
      const std::string& line = lines[i];
      BOOST_TEST(line.find("\"primary_key\":" + row[7] + ",\"row\":" + row[8] + ",\"old_row\":") != std::string::npos);
      BOOST_TEST((json::parse(row[7]) == object.at("primary_key")));
      BOOST_TEST((json::parse(row[8]) == object.at("row")));
      if (object.at("old_row").is_null())
        BOOST_TEST(row[9].empty());
      else
        BOOST_TEST((json::parse(row[9]) == object.at("old_row")));
      if (row[8].find("\\\"") != std::string::npos) ++quoted_quotes;
    }
  }
  // The fixture's strings hold quotes, commas, CR/LF, NUL and emoji (escaped in the JSON text):
  // make sure the tricky ones were really exercised.
  BOOST_TEST(quoted_quotes > 0u);
}

BOOST_AUTO_TEST_CASE(csv_quotes_names_and_leaves_absent_values_empty) {
  LoadedPlugin<sdk::Exporter> csv("exporter-csv.so");
  HandRecord plain;
  plain.tx.index = 7;
  plain.tx.module = "plain";
  plain.tx.table = "t";
  plain.tx.operation = sdk::Operation::Delete;
  plain.tx.row.primary_key = u64_value(5);
  plain.tx.row.key_only = true;
  HandRecord tricky;
  tricky.tx.index = 8;
  tricky.tx.module = "a,b";
  tricky.tx.table = "say \"hi\"\r\nnext";
  tricky.tx.operation = sdk::Operation::Update;
  tricky.tx.timestamp = 42;
  tricky.tx.row.primary_key = string_value("k");
  tricky.tx.row.entries = {string_value("x,\"y\"\n")};
  tricky.tx.old_row = tricky.tx.row;
  tricky.tx.old_row->entries = {string_value("")};

  const auto text = export_records(*csv, {plain, tricky});
  BOOST_TEST(text.starts_with(kCsvHeaderLine));
  // No timestamp, no old row: empty cells.
  BOOST_TEST(text.find(R"(7,0,plain,t,delete,,ef46db3751d8e999,"{""U64"":5}","{""primary_key"":{""U64"":5}}",)"
                       "\r\n") != std::string::npos);
  BOOST_TEST(text.find("8,0,\"a,b\",\"say \"\"hi\"\"\r\nnext\",update,42,") != std::string::npos);

  const auto rows = parse_csv(text);
  BOOST_REQUIRE(rows.size() == 3u);
  const std::vector<std::string> want = {"8",
                                         "0",
                                         "a,b",
                                         "say \"hi\"\r\nnext",
                                         "update",
                                         "42",
                                         "ef46db3751d8e999",
                                         "{\"String\":\"k\"}",
                                         R"({"primary_key":{"String":"k"},"entries":[{"String":"x,\"y\"\n"}]})",
                                         R"({"primary_key":{"String":"k"},"entries":[{"String":""}]})"};
  BOOST_TEST(rows[2] == want, boost::test_tools::per_element());
}

static void plain_row_but_module_matches(const std::vector<std::string>& plain, const std::vector<std::string>& safe) {
  BOOST_REQUIRE(plain.size() == safe.size());
  for (std::size_t column = 0; column < plain.size(); ++column)
    if (column != 2) BOOST_TEST(plain[column] == safe[column]);
}

// --csv-safe (OWASP CSV injection): names a spreadsheet would run as a formula are quoted behind a
// `'`; every other cell, and every cell without the option, is as before.
BOOST_AUTO_TEST_CASE(csv_safe_guards_formula_cells_only_when_asked) {
  LoadedPlugin<sdk::Exporter> csv("exporter-csv.so");
  BOOST_REQUIRE(csv->options().size() == 1u);
  BOOST_TEST(csv->options()[0].name == "csv-safe");
  BOOST_TEST(csv->options()[0].value_name.empty());  // a flag
  std::vector<HandRecord> records;
  for (const char* name : {"=1+2", "+cmd", "-x", "@SUM(A1)", "\tx", "plain", "a=b"}) {
    HandRecord record;
    record.tx.module = name;
    record.tx.table = "t";
    record.tx.operation = sdk::Operation::Delete;
    record.tx.row.primary_key = u64_value(1);
    record.tx.row.key_only = true;
    records.push_back(record);
  }
  const auto plain = parse_csv(export_records(*csv, records));
  const auto safe = parse_csv(export_records(*csv, records, {{"csv-safe", ""}}));
  BOOST_REQUIRE(plain.size() == records.size() + 1 && safe.size() == plain.size());
  const std::vector<std::string> want = {"'=1+2", "'+cmd", "'-x", "'@SUM(A1)", "'\tx", "plain", "a=b"};
  for (std::size_t i = 0; i < records.size(); ++i) {
    BOOST_TEST(plain[i + 1][2] == records[i].tx.module);
    BOOST_TEST(safe[i + 1][2] == want[i]);
    plain_row_but_module_matches(plain[i + 1], safe[i + 1]);
  }
}

BOOST_AUTO_TEST_SUITE_END()
