// The `validate` plugin: it collects every finding (never stops at the first), each with its
// rule id, severity and pointer, and sets the outcome.
#include "plugin_harness.hpp"
#include "temp_file.hpp"

#include "interstice/sdk/schema_json.hpp"

#include <boost/json/parse.hpp>

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

BOOST_AUTO_TEST_SUITE_END()
