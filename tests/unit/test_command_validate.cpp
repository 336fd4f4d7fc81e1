// The `validate` plugin: it collects every finding (never stops at the first), each with its
// rule id, severity and pointer, and sets the outcome. With --log it checks every row of a log
// against module schemas (driven through the real codec plugins), cross-checked record by record
// with the reference encoder's small.log.records.jsonl.
#include "log_harness.hpp"
#include "plugin_harness.hpp"
#include "temp_file.hpp"

#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/schema_json.hpp"

#include <boost/json/parse.hpp>

#include <fstream>
#include <set>
#include <tuple>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test;

namespace {

json::value many_problems() {
  return json::parse(R"({
    "abi_version": 2, "name": "shop", "version": {"major": 1, "minor": 0, "patch": 0}, "colour": "red",
    "reducers": [{"name": "buy", "arguments": [{"name": "a", "value_type": "U32"}, {"name": "a", "value_type": "U128"}],
                  "return_type": "Void"}],
    "tables": [
      {"name": "items", "visibility": "Public", "entries": [{"name": "price", "value_type": "F64"}],
       "primary_key": {"name": "id", "value_type": "F64"}},
      {"name": "items", "visibility": "Hidden", "entries": [], "primary_key": {"name": "id", "value_type": "U64"}}
    ],
    "subscriptions": [
      {"module_name": "shop", "table_name": "orders", "reducer_name": "buy", "event": "Insert"},
      {"module_name": "shop", "table_name": "items", "reducer_name": "sell", "event": "Insert"},
      {"module_name": "shop", "table_name": "items", "reducer_name": "sell", "event": "Insert"}
    ]})");
}

std::vector<std::pair<std::string, std::string>> rules_and_pointers(const json::value& data) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : data.at("findings").as_array())
    out.emplace_back(std::string(f.at("rule").as_string()), std::string(f.at("pointer").as_string()));
  return out;
}

}  // namespace

// --- validate --log helpers ------------------------------------------------------------------

std::filesystem::path v1_logs() { return shared_fixtures() / "v1" / "logs"; }

json::array small_schemas() { return sdk::read_json_file(v1_logs() / "small.log.schemas.json").as_array(); }

json::object& find_named(json::array& items, std::string_view name) {
  for (auto& item : items)
    if (item.at("name").as_string() == name) return item.as_object();
  BOOST_FAIL("no element named " << name);
  throw std::logic_error("unreachable");
}

sdk::Report validate_log(const std::vector<std::string>& args) {
  LoadedPlugin<sdk::Command> validate("command-validate.so");
  TestContext context(*validate, args, &log_codecs());
  return validate->run(context);
}

/// (index, offset, where) of every finding of `rule`.
using Place = std::tuple<std::uint64_t, std::uint64_t, std::string>;
std::set<Place> places(const json::value& data, std::string_view rule) {
  std::set<Place> out;
  for (const auto& f : data.at("findings").as_array())
    if (f.at("rule").as_string() == rule)
      out.emplace(f.at("index").to_number<std::uint64_t>(), f.at("offset").to_number<std::uint64_t>(),
                  std::string(f.at("where").as_string()));
  return out;
}

/// Every record of small.log as the reference encoder described it.
std::vector<json::object> small_records() {
  std::vector<json::object> out;
  std::ifstream in(v1_logs() / "small.log.records.jsonl");
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(json::parse(line).as_object());
  BOOST_REQUIRE(out.size() == 1000u);
  return out;
}

/// The places the reference records say a check of column `column` (named `name`) of
/// `module.table` must report, given which values of that column `breaks`.
template <typename Breaks>
std::set<Place> expected_places(std::string_view module, std::string_view table, std::size_t column,
                                std::string_view name, Breaks breaks) {
  std::set<Place> out;
  for (const auto& r : small_records()) {
    if (r.at("module").as_string() != module || r.at("table").as_string() != table) continue;
    auto index = r.at("index").to_number<std::uint64_t>();
    auto offset = r.at("offset").to_number<std::uint64_t>();
    for (const char* label : {"row", "old_row"}) {
      const auto& row = r.at(label);
      if (row.is_null()) continue;
      if (breaks(row.at("entries").as_array().at(column)))
        out.emplace(index, offset, std::string(label) + ".entries[" + std::to_string(column) + "] (" + std::string(name) + ")");
    }
  }
  return out;
}

BOOST_AUTO_TEST_SUITE(validate_plugin)

BOOST_AUTO_TEST_CASE(collects_every_finding_with_its_pointer) {
  LoadedPlugin<sdk::Command> validate("command-validate.so");
  TempJson file(many_problems());
  TestContext context(*validate, {file.path()});
  auto report = validate->run(context);
  auto found = rules_and_pointers(report.data);
  std::vector<std::pair<std::string, std::string>> expected = {
      {"UNKNOWN_TYPE", "/reducers/0/arguments/1/value_type"},
      {"UNKNOWN_VISIBILITY", "/tables/1/visibility"},
      {"UNSUPPORTED_ABI_VERSION", "/abi_version"},
      {"DUPLICATE_TABLE", "/tables/1/name"},
      {"PRIMARY_KEY_TYPE", "/tables/0/primary_key/value_type"},
      {"DUPLICATE_ARGUMENT", "/reducers/0/arguments/1/name"},
      {"SUBSCRIPTION_UNKNOWN_TABLE", "/subscriptions/0/table_name"},
      {"SUBSCRIPTION_UNKNOWN_REDUCER", "/subscriptions/1/reducer_name"},
      {"SUBSCRIPTION_UNKNOWN_REDUCER", "/subscriptions/2/reducer_name"},
      {"DUPLICATE_SUBSCRIPTION", "/subscriptions/2"},
      {"UNKNOWN_MEMBER", "/colour"},
  };
  for (const auto& e : expected)
    BOOST_TEST((std::find(found.begin(), found.end(), e) != found.end()), e.first << " at " << e.second);
  BOOST_TEST(found.size() == expected.size());
  BOOST_TEST(report.data.at("is_valid").as_bool() == false);
  BOOST_TEST((report.outcome == sdk::Outcome::problems_found));
  // Errors come before warnings; UNKNOWN_MEMBER is the only warning.
  BOOST_TEST(report.data.at("findings").as_array().back().at("severity").as_string() == "warning");
  BOOST_TEST(report.data.at("warnings").as_array().size() == 1u);
  BOOST_TEST(report.data.at("issues").as_array().size() == expected.size() - 1);
}

BOOST_AUTO_TEST_CASE(a_clean_schema_is_valid_with_the_seed_warnings) {
  LoadedPlugin<sdk::Command> validate("command-validate.so");
  TempJson file(json::parse(R"({"abi_version":1,"name":"m","version":{"major":0,"minor":1,"patch":0},
                               "reducers":[],"tables":[],"subscriptions":[]})"));
  TestContext context(*validate, {file.path()});
  auto report = validate->run(context);
  BOOST_TEST(report.data.at("is_valid").as_bool());
  BOOST_TEST((report.outcome == sdk::Outcome::ok));
  auto found = rules_and_pointers(report.data);
  BOOST_TEST(found.size() == 2u);
  BOOST_TEST((found[0] == std::pair<std::string, std::string>{"NO_TABLES", "/tables"}));
  BOOST_TEST((found[1] == std::pair<std::string, std::string>{"NO_REDUCERS", "/reducers"}));
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_an_input_error) {
  LoadedPlugin<sdk::Command> validate("command-validate.so");
  TestContext context(*validate, {"/no/such/schema.json"});
  BOOST_CHECK_EXCEPTION(validate->run(context), sdk::Error, [](const sdk::Error& e) { return e.exit_code() == 2; });
}

BOOST_AUTO_TEST_CASE(a_log_checked_against_its_own_schemas_is_valid) {
  for (const char* name : {"small", "wide"}) {
    auto log = v1_logs() / (std::string(name) + ".log");
    auto report = validate_log({"--log", log.string(), "--schema", log.string() + ".schemas.json"});
    const auto& data = report.data.as_object();
    BOOST_TEST(data.at("is_valid").as_bool(), name);
    BOOST_TEST((report.outcome == sdk::Outcome::ok), name);
    BOOST_TEST(data.at("findings").as_array().empty(), name);
    BOOST_TEST(data.at("error_count").to_number<int>() == 0, name);
    BOOST_TEST(data.at("records_with_problems").to_number<int>() == 0, name);
    BOOST_TEST(data.at("read_to_end").as_bool(), name);
    BOOST_TEST(data.at("file_path").as_string() == log.string());
    BOOST_TEST(data.at("format").at("variant").as_string() == "interstice-v1");
    auto expected = sdk::read_json_file(log.string() + ".expected.json");
    BOOST_TEST(data.at("records_checked").to_number<std::uint64_t>() ==
               expected.at("total_transactions").to_number<std::uint64_t>());
  }
}

BOOST_AUTO_TEST_CASE(a_changed_column_type_is_reported_at_every_record_and_offset) {
  auto schemas = small_schemas();
  auto& greetings = find_named(find_named(schemas, "hello").at("tables").as_array(), "greetings");
  greetings.at("entries").as_array().at(2).as_object()["value_type"] = "I64";  // count: U32 -> I64
  TempJson schema(schemas, "schemas");
  auto report = validate_log({"--log", (v1_logs() / "small.log").string(), "--schema", schema.path(),
                              "--max-findings-per-rule", "0"});
  const auto& data = report.data.as_object();
  BOOST_TEST(!data.at("is_valid").as_bool());
  BOOST_TEST((report.outcome == sdk::Outcome::problems_found));

  // Every hello.greetings record: its row, and an update's old row too.
  auto expected = expected_places("hello", "greetings", 2, "count", [](const json::value&) { return true; });
  BOOST_TEST(expected.size() == 118u);  // 92 records + 26 updates' old rows
  BOOST_TEST((places(data, "LOG_COLUMN_TYPE") == expected));
  BOOST_TEST(data.at("counts_by_rule").as_object().size() == 1u);
  BOOST_TEST(data.at("counts_by_rule").at("LOG_COLUMN_TYPE").to_number<int>() == 118);
  BOOST_TEST(data.at("error_count").to_number<int>() == 118);
  BOOST_TEST(data.at("records_with_problems").to_number<int>() == 92);

  const auto& first = data.at("findings").as_array().at(0).as_object();
  BOOST_TEST(first.at("severity").as_string() == "error");
  BOOST_TEST(first.at("file_path").as_string() == (v1_logs() / "small.log").string());
  BOOST_TEST(first.at("location").as_string() == "record 0 at byte 0");
  BOOST_TEST(first.at("module_id").as_string() == "hello");
  BOOST_TEST(first.at("table_name").as_string() == "greetings");
  BOOST_TEST(first.at("operation").as_string() == "Insert");
  BOOST_TEST(first.at("message").as_string() ==
             "record 0 (hello.greetings Insert) at byte 0: row.entries[2] (count): expected I64, found U32");
}

BOOST_AUTO_TEST_CASE(findings_are_capped_per_rule_and_counted_in_full) {
  auto schemas = small_schemas();
  auto& greetings = find_named(find_named(schemas, "hello").at("tables").as_array(), "greetings");
  greetings.at("entries").as_array().at(2).as_object()["value_type"] = "I64";
  TempJson schema(schemas, "schemas");
  auto log = (v1_logs() / "small.log").string();

  auto capped = validate_log({"--log", log, "--schema", schema.path()}).data;  // default: 100 per rule
  BOOST_TEST(capped.at("findings").as_array().size() == 100u);
  BOOST_TEST(capped.at("issues").as_array().size() == 100u);
  BOOST_TEST(capped.at("findings_omitted").to_number<int>() == 18);
  BOOST_TEST(capped.at("counts_by_rule").at("LOG_COLUMN_TYPE").to_number<int>() == 118);
  BOOST_TEST(capped.at("error_count").to_number<int>() == 118);

  auto few = validate_log({"--log", log, "--schema", schema.path(), "--max-findings-per-rule", "3"}).data;
  BOOST_TEST(few.at("findings").as_array().size() == 3u);
  // The first three listed are the log's first three greetings records.
  std::vector<std::uint64_t> listed, first_greetings;
  for (const auto& f : few.at("findings").as_array()) listed.push_back(f.at("index").to_number<std::uint64_t>());
  for (const auto& r : small_records())
    if (r.at("table").as_string() == "greetings" && first_greetings.size() < 3)
      first_greetings.push_back(r.at("index").to_number<std::uint64_t>());
  BOOST_TEST(listed == first_greetings, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_missing_table_and_a_missing_module_are_reported) {
  auto schemas = small_schemas();
  auto& tables = find_named(schemas, "hello").at("tables").as_array();
  tables.erase(std::find_if(tables.begin(), tables.end(), [](const json::value& t) { return t.at("name").as_string() == "echoes"; }));
  json::array without_payments;
  for (const auto& module : schemas)
    if (module.at("name").as_string() != "payments") without_payments.push_back(module);
  TempJson schema(without_payments, "schemas");
  auto data = validate_log({"--log", (v1_logs() / "small.log").string(), "--schema", schema.path(),
                            "--max-findings-per-rule", "0"})
                  .data;
  auto expected = sdk::read_json_file(v1_logs() / "small.log.expected.json");
  BOOST_TEST(data.at("counts_by_rule").at("LOG_UNKNOWN_TABLE").to_number<int>() ==
             expected.at("by_module_table").at("hello").at("echoes").to_number<int>());
  BOOST_TEST(data.at("counts_by_rule").at("LOG_UNKNOWN_MODULE").to_number<int>() ==
             expected.at("by_module").at("payments").to_number<int>());
  std::set<std::uint64_t> echoes;
  for (const auto& r : small_records())
    if (r.at("module").as_string() == "hello" && r.at("table").as_string() == "echoes")
      echoes.insert(r.at("index").to_number<std::uint64_t>());
  for (const auto& f : data.at("findings").as_array()) {
    if (f.at("rule").as_string() != "LOG_UNKNOWN_TABLE") continue;
    BOOST_TEST(echoes.count(f.at("index").to_number<std::uint64_t>()) == 1u);
    BOOST_TEST(f.at("where").as_string() == "table");
  }
}

BOOST_AUTO_TEST_CASE(ignored_rules_are_counted_apart_and_do_not_fail) {
  // One module's schema against a four-module log: the other modules are not the question.
  auto schemas = small_schemas();
  TempJson hello(find_named(schemas, "hello"), "hello");
  auto log = (v1_logs() / "small.log").string();
  auto strict = validate_log({"--log", log, "--schema", hello.path()});
  BOOST_TEST(strict.data.at("counts_by_rule").at("LOG_UNKNOWN_MODULE").to_number<int>() == 751);
  auto only_hello = validate_log({"--log", log, "--schema", hello.path(), "--ignore", "LOG_UNKNOWN_MODULE"});
  BOOST_TEST(only_hello.data.at("is_valid").as_bool());
  BOOST_TEST((only_hello.outcome == sdk::Outcome::ok));
  BOOST_TEST(only_hello.data.at("ignored_by_rule").at("LOG_UNKNOWN_MODULE").to_number<int>() == 751);
  BOOST_TEST(only_hello.data.at("records_with_problems").to_number<int>() == 0);
}

// No fixture log pairs with schemas/*.v2.json (they describe other modules), so the upgrades are
// made here from small.log's own schema: each is something a real upgrade does.
BOOST_AUTO_TEST_CASE(an_upgraded_schema_is_checked_against_the_old_log) {
  auto log = (v1_logs() / "small.log").string();
  auto check = [&](auto&& upgrade) {
    auto schemas = small_schemas();
    auto& hello = find_named(schemas, "hello");
    hello["version"] = json::object{{"major", 0}, {"minor", 2}, {"patch", 0}};
    upgrade(hello);
    TempJson file(schemas, "upgraded");
    return validate_log({"--log", log, "--schema", file.path(), "--max-findings-per-rule", "0"}).data;
  };
  auto table = [](json::object& module, std::string_view name) -> json::object& {
    return find_named(module.at("tables").as_array(), name);
  };

  // Additions only (a table, a reducer): the old log still replays.
  auto additive = check([](json::object& hello) {
    hello.at("tables").as_array().push_back(json::parse(R"({"name":"badges","visibility":"Public","entries":[],
        "primary_key":{"name":"id","value_type":"U64"}})"));
    hello.at("reducers").as_array().push_back(json::parse(R"({"name":"award","arguments":[],"return_type":"Void"})"));
  });
  BOOST_TEST(additive.at("is_valid").as_bool());

  // A column added to greetings: every old greetings row is one short.
  auto added = check([&](json::object& hello) {
    table(hello, "greetings").at("entries").as_array().push_back(json::parse(R"({"name":"lang","value_type":"String"})"));
  });
  BOOST_TEST(added.at("counts_by_rule").as_object().size() == 1u);
  BOOST_TEST(added.at("counts_by_rule").at("LOG_COLUMN_COUNT").to_number<int>() == 118);

  // The key type widened U64 -> I64: a key type change breaks every row, deletes included.
  auto key = check([&](json::object& hello) { table(hello, "greetings").at("primary_key").as_object()["value_type"] = "I64"; });
  BOOST_TEST(key.at("counts_by_rule").at("LOG_KEY_TYPE").to_number<int>() == 118);

  // Nested types: Option<Option<String>> narrowed to Option<String> breaks only the Some values,
  // Vec<Vec<U32>> widened to Vec<Vec<U64>> only the rows with an inner element.
  auto nested = check([&](json::object& hello) {
    auto& entries = table(hello, "echoes").at("entries").as_array();
    entries.at(1).as_object()["value_type"] = json::parse(R"({"Option":"String"})");
    entries.at(2).as_object()["value_type"] = json::parse(R"({"Vec":{"Vec":"U64"}})");
  });
  auto reply_breaks = expected_places("hello", "echoes", 1, "reply",
                                      [](const json::value& v) { return !v.at("Option").is_null(); });
  auto raw_breaks = expected_places("hello", "echoes", 2, "raw", [](const json::value& v) {
    for (const auto& inner : v.at("Vec").as_array())
      if (!inner.at("Vec").as_array().empty()) return true;
    return false;
  });
  BOOST_TEST(!reply_breaks.empty());
  BOOST_TEST(!raw_breaks.empty());
  std::set<Place> expected = reply_breaks;
  expected.insert(raw_breaks.begin(), raw_breaks.end());
  BOOST_TEST((places(nested, "LOG_COLUMN_TYPE") == expected));
  BOOST_TEST(nested.at("counts_by_rule").as_object().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_damaged_record_stops_the_check_unless_keep_going) {
  auto log = shared_fixtures() / "v1" / "corrupt" / "small.flip-crc.log";
  auto expected = sdk::read_json_file(log.string() + ".expected.json");
  auto index = expected.at("first_damaged_index").to_number<std::uint64_t>();
  auto offset = expected.at("first_damaged_offset").to_number<std::uint64_t>();
  auto schemas = (v1_logs() / "small.log.schemas.json").string();

  auto stopped = validate_log({"--log", log.string(), "--schema", schemas});
  const auto& data = stopped.data.as_object();
  BOOST_TEST((stopped.outcome == sdk::Outcome::problems_found));
  BOOST_TEST(!data.at("read_to_end").as_bool());
  BOOST_TEST(data.at("records_checked").to_number<std::uint64_t>() == index);
  BOOST_TEST(data.at("damaged_records").to_number<int>() == 1);
  BOOST_REQUIRE(data.at("findings").as_array().size() == 1u);
  const auto& damage = data.at("findings").as_array().at(0).as_object();
  BOOST_TEST(damage.at("rule").as_string() == "LOG_DAMAGED");
  BOOST_TEST(damage.at("index").to_number<std::uint64_t>() == index);
  BOOST_TEST(damage.at("offset").to_number<std::uint64_t>() == offset);
  BOOST_TEST(std::string(damage.at("message").as_string()).find("checksum mismatch") != std::string::npos);

  auto resumed = validate_log({"--log", log.string(), "--schema", schemas, "--keep-going"});
  BOOST_TEST(resumed.data.at("records_checked").to_number<int>() == 999);
  BOOST_TEST(resumed.data.at("read_to_end").as_bool());
  BOOST_TEST(resumed.data.at("error_count").to_number<int>() == 1);
}

BOOST_AUTO_TEST_CASE(a_framed_log_with_key_only_deletes_is_checked) {
  // Real-runtime g2 records (spec §5): inserts, an update and a delete that carries only the key.
  std::vector<unsigned char> bytes = {
      0x0a, 0, 0, 0, 0x00, 0x01, 'm', 0x01, 't', 0x02, 0x01, 0x01, 0x07, 0x01,  // Insert {U64 1, [true]}
      0x0a, 0, 0, 0, 0x01, 0x01, 'm', 0x01, 't', 0x02, 0x01, 0x01, 0x07, 0x00,  // Update {U64 1, [false]}
      0x07, 0, 0, 0, 0x02, 0x01, 'm', 0x01, 't', 0x02, 0x01,                    // Delete U64 1
  };
  TempBytes log(bytes, "framed.log");
  auto module = [](const char* key) {
    return json::parse(std::string(R"({"abi_version":1,"name":"m","version":{"major":0,"minor":1,"patch":0},
      "reducers":[],"subscriptions":[],"tables":[{"name":"t","visibility":"Public",
      "entries":[{"name":"on","value_type":"Bool"}],"primary_key":{"name":"id","value_type":")") + key + R"("}}]})");
  };
  TempJson fits(module("U64"), "m");
  auto ok = validate_log({"--log", log.path().string(), "--schema", fits.path(), "--log-format", "framed-g2"});
  BOOST_TEST(ok.data.at("is_valid").as_bool());
  BOOST_TEST(ok.data.at("records_checked").to_number<int>() == 3);

  TempJson wrong_key(module("U32"), "m");
  auto bad = validate_log({"--log", log.path().string(), "--schema", wrong_key.path(), "--log-format", "framed-g2"});
  BOOST_TEST(bad.data.at("counts_by_rule").at("LOG_KEY_TYPE").to_number<int>() == 3);
  BOOST_TEST(bad.data.at("findings").as_array().at(2).at("where").as_string() == "row.primary_key");
  BOOST_TEST(bad.data.at("findings").as_array().at(2).at("offset").to_number<int>() == 28);
}

BOOST_AUTO_TEST_CASE(log_mode_usage_errors) {
  auto log = (v1_logs() / "small.log").string();
  auto schemas = (v1_logs() / "small.log.schemas.json").string();
  auto usage_error = [](const sdk::Error& e) { return e.kind() == sdk::ErrorKind::usage; };
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--log", log},                                                  // no --schema
           {schemas, "--log", log, "--schema", schemas},                     // PATH and --log
           {schemas, "--schema", schemas},                                   // --schema without --log
           {"--log", log, "--schema", schemas, "--ignore", "LOG_DAMAGED"},   // damage cannot be ignored
           {}}) {                                                           // nothing to check
    LoadedPlugin<sdk::Command> validate("command-validate.so");
    TestContext context(*validate, args, &log_codecs());
    BOOST_CHECK_EXCEPTION(validate->run(context), sdk::Error, usage_error);
  }
}

BOOST_AUTO_TEST_SUITE_END()
