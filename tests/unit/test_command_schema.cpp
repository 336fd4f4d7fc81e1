// The `schema` command plugin: documented result fields, counts equal to the file, and errors.
// With --log: per-table record counts and live rows after replay, checked against the reference
// encoder's facts for every module of small.log and wide.log, and against hand-made logs for the
// cases the fixtures lack (key-only deletes, moved keys, anomalies, damage).
#include "log_harness.hpp"
#include "plugin_harness.hpp"
#include "temp_file.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/transaction.hpp"

#include <boost/json/parse.hpp>

#include <sstream>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test;

namespace {

sdk::Report describe(const std::vector<std::string>& args, std::vector<std::string>* warnings = nullptr) {
  LoadedPlugin<sdk::Command> schema("command-schema.so");
  TestContext context(*schema, args, &log_codecs());
  auto report = context.finish(schema->run(context));  // one schema streams its tables
  if (warnings) *warnings = context.warnings();
  return report;
}

const json::object& table_log(const json::value& data, std::string_view table) {
  for (const auto& t : data.at("tables").as_array())
    if (t.at("name").as_string() == table) return t.at("log").as_object();
  BOOST_FAIL("no table " << table);
  throw std::logic_error("unreachable");
}

// A one-table module "m" (key id: U64, one Bool column), for hand-made logs.
json::value module_m() {
  return json::parse(R"({"abi_version":1,"name":"m","version":{"major":0,"minor":1,"patch":0},"reducers":[],
    "subscriptions":[],"tables":[{"name":"t","visibility":"Public","entries":[{"name":"on","value_type":"Bool"}],
    "primary_key":{"name":"id","value_type":"U64"}}]})");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schema_plugin)

BOOST_AUTO_TEST_CASE(result_has_the_documented_shape) {
  LoadedPlugin<sdk::Command> schema("command-schema.so");
  auto path = (shared_fixtures() / "v1" / "schemas" / "hello.json").string();
  TestContext context(*schema, {path});
  auto report = context.finish(schema->run(context));  // one schema streams its tables
  const auto& data = report.data.as_object();
  BOOST_TEST(data.at("module_name").as_string() == "hello");
  BOOST_TEST(data.at("abi_version").to_number<int>() == 1);
  BOOST_TEST(data.at("version").as_string() == "1.11.7");
  BOOST_TEST(data.at("table_count").to_number<int>() == 5);
  BOOST_TEST(data.at("reducer_count").to_number<int>() == 7);
  BOOST_TEST(data.at("subscription_count").to_number<int>() == 2);
  const auto& regions = data.at("tables").as_array().at(2).as_object();
  BOOST_TEST(regions.at("name").as_string() == "regions");
  BOOST_TEST(regions.at("visibility").as_string() == "Public");
  BOOST_TEST(regions.at("primary_key").at("name").as_string() == "handle");
  BOOST_TEST(regions.at("primary_key").at("type").as_string() == "String");
  BOOST_TEST(regions.at("columns").as_array().at(2).at("type").as_string() == "Vec<String>");
  const auto& grant = data.at("reducers").as_array().at(0).as_object();
  BOOST_TEST(grant.at("arguments").as_array().at(3).at("type").as_string() == "Option<Row>");
  BOOST_TEST(grant.at("return_type").as_string() == "Void");
  const auto& sub = data.at("subscriptions").as_array().at(0).as_object();
  BOOST_TEST(sub.at("event").as_string() == "Delete");
  BOOST_TEST(sub.at("reducer_name").as_string() == "on_hello_invites_delete");
  BOOST_TEST((report.outcome == sdk::Outcome::ok));
}

BOOST_AUTO_TEST_CASE(counts_match_every_fixture) {
  LoadedPlugin<sdk::Command> schema("command-schema.so");
  for (const auto& entry : std::filesystem::directory_iterator(shared_fixtures() / "v1" / "schemas")) {
    auto name = entry.path().filename().string();
    if (name == "index.json" || name.find(".diff.") != std::string::npos) continue;
    auto raw = sdk::read_json_file(entry.path()).as_object();
    TestContext context(*schema, {entry.path().string()});
    auto data = context.finish(schema->run(context)).data.as_object();
    BOOST_TEST(data.at("table_count").to_number<std::size_t>() == raw["tables"].as_array().size(), name);
    BOOST_TEST(data.at("reducer_count").to_number<std::size_t>() == raw["reducers"].as_array().size(), name);
    BOOST_TEST(data.at("subscription_count").to_number<std::size_t>() == raw["subscriptions"].as_array().size(), name);
  }
}

BOOST_AUTO_TEST_CASE(bad_input_is_an_input_error_naming_the_place) {
  LoadedPlugin<sdk::Command> schema("command-schema.so");
  auto path = (shared_fixtures() / "v1" / "invalid-schemas" / "tables-is-an-object.json").string();
  TestContext context(*schema, {path});
  try {
    schema->run(context);
    BOOST_FAIL("no error");
  } catch (const sdk::Error& e) {
    BOOST_TEST(e.exit_code() == 2);
    BOOST_TEST(std::string(e.what()) == path + ": at /tables: expected an array, found an object");
  }
}

BOOST_AUTO_TEST_CASE(without_log_the_result_has_no_log_fields) {
  auto path = (shared_fixtures() / "v1" / "schemas" / "hello.json").string();
  auto report = describe({path});
  BOOST_TEST(!report.data.as_object().contains("log"));
  BOOST_TEST(!report.data.at("tables").as_array().at(0).as_object().contains("log"));
  BOOST_TEST(report.presentation.tables.at(0).columns.size() == 5u);
}

BOOST_AUTO_TEST_CASE(live_rows_match_the_reference_replay_for_every_module) {
  for (const char* name : {"small", "wide"}) {
    auto log = shared_fixtures() / "v1" / "logs" / (std::string(name) + ".log");
    auto expected = sdk::read_json_file(log.string() + ".expected.json");
    const auto modules = sdk::read_json_file(log.string() + ".schemas.json");  // kept alive for the loop
    for (const auto& module : modules.as_array()) {
      std::string module_name(module.at("name").as_string());
      TempJson schema(module, module_name);
      auto report = describe({schema.path(), "--log", log.string()});
      BOOST_TEST((report.outcome == sdk::Outcome::ok));
      std::uint64_t records = 0;
      for (const auto& table : module.at("tables").as_array()) {
        std::string table_name(table.at("name").as_string());
        const auto& facts = table_log(report.data, table_name);
        const auto& by_type = expected.at("by_module_table_type").at(module_name).at(table_name);
        auto context = std::string(name) + " " + module_name + "." + table_name;
        BOOST_TEST(facts.at("live_rows").to_number<int>() ==
                       expected.at("live_rows").at(module_name).at(table_name).to_number<int>(), context);
        BOOST_TEST(facts.at("inserts").to_number<int>() == by_type.at("Insert").to_number<int>(), context);
        BOOST_TEST(facts.at("updates").to_number<int>() == by_type.at("Update").to_number<int>(), context);
        BOOST_TEST(facts.at("deletes").to_number<int>() == by_type.at("Delete").to_number<int>(), context);
        BOOST_TEST(facts.at("replay_anomalies").to_number<int>() == 0, context);
        records += facts.at("records").to_number<std::uint64_t>();
      }
      const auto& log_facts = report.data.at("log").as_object();
      BOOST_TEST(log_facts.at("records").to_number<std::uint64_t>() ==
                 expected.at("total_transactions").to_number<std::uint64_t>());
      BOOST_TEST(log_facts.at("records_in_schema").to_number<std::uint64_t>() == records);
      BOOST_TEST(records == expected.at("by_module").at(module_name).to_number<std::uint64_t>());
    }
  }
}

BOOST_AUTO_TEST_CASE(log_facts_name_the_format_and_what_the_schema_does_not_cover) {
  auto log = shared_fixtures() / "v1" / "logs" / "small.log";
  auto hello = sdk::read_json_file(log.string() + ".schemas.json").as_array().at(0);
  auto& tables = hello.at("tables").as_array();
  tables.erase(tables.end() - 1);  // drop echoes
  TempJson schema(hello, "hello");
  auto report = describe({schema.path(), "--log", log.string()});
  const auto& facts = report.data.at("log").as_object();
  BOOST_TEST(facts.at("path").as_string() == log.string());
  BOOST_TEST(facts.at("format").at("variant").as_string() == "interstice-v1");
  BOOST_TEST(facts.at("format").at("codec").as_string() == "interstice-v1");
  BOOST_TEST(facts.at("other_modules").at("chat").to_number<int>() == 302);
  BOOST_TEST(facts.at("other_modules").at("game").to_number<int>() == 209);
  BOOST_TEST(facts.at("other_modules").at("payments").to_number<int>() == 240);
  BOOST_TEST(facts.at("unknown_tables").at("echoes").to_number<int>() == 24);
  BOOST_TEST(facts.at("live_rows").to_number<int>() == 28 + 24 + 12);
  BOOST_TEST(facts.at("damage").is_null());
  // The text table shows the counts next to each table.
  const auto& columns = report.presentation.tables.at(0).columns;
  BOOST_TEST(std::any_of(columns.begin(), columns.end(), [](const auto& c) { return c.pointer == "/log/live_rows"; }));
  BOOST_TEST(std::any_of(columns.begin(), columns.end(), [](const auto& c) { return c.pointer == "/log/records"; }));
}

BOOST_AUTO_TEST_CASE(real_framed_logs_insert_the_same_key_again) {
  // Every record of g2-0402b90 inserts hello.greetings key U64(0): one live row, three anomalies.
  auto schema = json::parse(R"({"abi_version":1,"name":"hello","version":{"major":0,"minor":1,"patch":0},
    "reducers":[],"subscriptions":[],"tables":[{"name":"greetings","visibility":"Public",
    "entries":[{"name":"text","value_type":"String"}],"primary_key":{"name":"id","value_type":"U64"}}]})");
  TempJson file(schema, "hello");
  auto report = describe({file.path(), "--log", (shared_fixtures() / "interstice-real" / "g2-0402b90.log").string()});
  const auto& greetings = table_log(report.data, "greetings");
  BOOST_TEST(greetings.at("inserts").to_number<int>() == 4);
  BOOST_TEST(greetings.at("live_rows").to_number<int>() == 1);
  BOOST_TEST(greetings.at("replay_anomalies").to_number<int>() == 3);
  BOOST_TEST(report.data.at("log").at("replay_anomalies").at("insert_existing_key").to_number<int>() == 3);
  BOOST_TEST(report.data.at("log").at("format").at("variant").as_string() == "framed-g2");
}

BOOST_AUTO_TEST_CASE(framed_deletes_carry_only_the_key) {
  std::vector<unsigned char> bytes = {
      0x0a, 0, 0, 0, 0x00, 0x01, 'm', 0x01, 't', 0x02, 0x01, 0x01, 0x07, 0x01,  // Insert {1, [true]}
      0x0a, 0, 0, 0, 0x00, 0x01, 'm', 0x01, 't', 0x02, 0x02, 0x01, 0x07, 0x00,  // Insert {2, [false]}
      0x0a, 0, 0, 0, 0x01, 0x01, 'm', 0x01, 't', 0x02, 0x01, 0x01, 0x07, 0x00,  // Update {1, [false]}
      0x0a, 0, 0, 0, 0x01, 0x01, 'm', 0x01, 't', 0x02, 0x05, 0x01, 0x07, 0x01,  // Update {5}: not live
      0x07, 0, 0, 0, 0x02, 0x01, 'm', 0x01, 't', 0x02, 0x02,                    // Delete 2
      0x07, 0, 0, 0, 0x02, 0x01, 'm', 0x01, 't', 0x02, 0x09,                    // Delete 9: not live
  };
  TempBytes log(bytes, "framed.log");
  TempJson schema(module_m(), "m");
  auto report = describe({schema.path(), "--log", log.path().string(), "--log-format", "framed-g2"});
  const auto& t = table_log(report.data, "t");
  BOOST_TEST(t.at("records").to_number<int>() == 6);
  BOOST_TEST(t.at("inserts").to_number<int>() == 2);
  BOOST_TEST(t.at("updates").to_number<int>() == 2);
  BOOST_TEST(t.at("deletes").to_number<int>() == 2);
  BOOST_TEST(t.at("live_rows").to_number<int>() == 2);  // keys 1 and 5
  const auto& anomalies = report.data.at("log").at("replay_anomalies");
  BOOST_TEST(anomalies.at("update_missing_key").to_number<int>() == 1);
  BOOST_TEST(anomalies.at("delete_missing_key").to_number<int>() == 1);
  BOOST_TEST(anomalies.at("insert_existing_key").to_number<int>() == 0);
}

// The reference encoder's rule: the Update writes its new key and leaves the old key alone.
BOOST_AUTO_TEST_CASE(an_update_whose_old_row_has_another_key_is_an_anomaly) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-interstice-v1.so");
  std::ostringstream out;
  auto writer = codec->writer(out, "interstice-v1");
  BOOST_REQUIRE(writer);
  auto row = [](std::uint64_t key) { return sdk::Row{sdk::Value::u64(key), {sdk::Value::boolean(true)}, false}; };
  auto record = [&](std::uint64_t index, sdk::Operation op, std::uint64_t key) {
    sdk::Transaction t;
    t.index = index;
    t.operation = op;
    t.module = "m";
    t.table = "t";
    t.row = row(key);
    t.timestamp = 1000 + index;
    return t;
  };
  writer->write(record(0, sdk::Operation::Insert, 1));
  auto moved = record(1, sdk::Operation::Update, 2);
  moved.old_row = row(1);
  writer->write(moved);                                 // key 2 written (missing), key 1 stays
  writer->write(record(2, sdk::Operation::Insert, 2));  // key 2 again: an anomaly, still one row
  writer->write(record(3, sdk::Operation::Delete, 1));  // key 1 was still live: no anomaly
  writer->finish();
  auto text = out.str();
  TempBytes log(std::vector<unsigned char>(text.begin(), text.end()), "moved.log");
  TempJson schema(module_m(), "m");
  auto report = describe({schema.path(), "--log", log.path().string()});
  const auto& t = table_log(report.data, "t");
  BOOST_TEST(t.at("live_rows").to_number<int>() == 1);
  const auto& anomalies = report.data.at("log").at("replay_anomalies");
  BOOST_TEST(anomalies.at("update_key_mismatch").to_number<int>() == 1);
  BOOST_TEST(anomalies.at("insert_existing_key").to_number<int>() == 1);
  BOOST_TEST(anomalies.at("delete_missing_key").to_number<int>() == 0);
  BOOST_TEST(anomalies.at("update_missing_key").to_number<int>() == 1);
}

BOOST_AUTO_TEST_CASE(a_damaged_log_gives_the_counts_before_the_damage_and_says_so) {
  auto log = shared_fixtures() / "v1" / "corrupt" / "small.flip-crc.log";
  auto expected = sdk::read_json_file(log.string() + ".expected.json");
  auto hello = sdk::read_json_file(shared_fixtures() / "v1" / "logs" / "small.log.schemas.json").as_array().at(0);
  TempJson schema(hello, "hello");
  std::vector<std::string> warnings;
  auto report = describe({schema.path(), "--log", log.string()}, &warnings);
  BOOST_TEST((report.outcome == sdk::Outcome::ok));  // `schema` describes; it never exits 1
  const auto& facts = report.data.at("log").as_object();
  BOOST_TEST(facts.at("records").to_number<std::uint64_t>() == expected.at("first_damaged_index").to_number<std::uint64_t>());
  BOOST_TEST(facts.at("damage").at("index").to_number<std::uint64_t>() ==
             expected.at("first_damaged_index").to_number<std::uint64_t>());
  BOOST_TEST(facts.at("damage").at("offset").to_number<std::uint64_t>() ==
             expected.at("first_damaged_offset").to_number<std::uint64_t>());
  BOOST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].find("record 799") != std::string::npos);
  BOOST_TEST(report.presentation.summary.find("reading stopped at damaged record 799") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
