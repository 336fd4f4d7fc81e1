// The `schema` command plugin: documented result fields, counts equal to the file, and errors.
#include "plugin_harness.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/schema_json.hpp"

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test;

BOOST_AUTO_TEST_SUITE(schema_plugin)

BOOST_AUTO_TEST_CASE(result_has_the_documented_shape) {
  LoadedPlugin<sdk::Command> schema("command-schema.so");
  auto path = (shared_fixtures() / "v1" / "schemas" / "hello.json").string();
  TestContext context(*schema, {path});
  auto report = schema->run(context);
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
    auto data = schema->run(context).data.as_object();
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

BOOST_AUTO_TEST_SUITE_END()
