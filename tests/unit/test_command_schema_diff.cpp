// The `schema-diff` plugin on hand-made pairs: the rules beyond the fixtures (renames,
// reordering, visibility both ways, ABI), the seed's tagged lists, and the version suggestion.
#include "plugin_harness.hpp"
#include "temp_file.hpp"

#include "interstice/sdk/schema_json.hpp"

#include <boost/json/parse.hpp>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test;

namespace {

json::value base() {
  return json::parse(R"({"abi_version":1,"name":"shop","version":{"major":1,"minor":2,"patch":3},
    "reducers":[{"name":"buy","arguments":[{"name":"item","value_type":"U64"},{"name":"qty","value_type":"U32"}],"return_type":"Void"}],
    "tables":[{"name":"items","visibility":"Public","entries":[{"name":"price","value_type":"F64"},{"name":"name","value_type":"String"}],
               "primary_key":{"name":"id","value_type":"U64"}},
              {"name":"audit","visibility":"Private","entries":[],"primary_key":{"name":"seq","value_type":"U64"}}],
    "subscriptions":[]})");
}

json::value diff(const json::value& old_doc, const json::value& new_doc, std::vector<std::string> extra = {}) {
  LoadedPlugin<sdk::Command> command("command-schema-diff.so");
  TempJson a(old_doc, "old"), b(new_doc, "new");
  std::vector<std::string> args = {a.path(), b.path()};
  args.insert(args.end(), extra.begin(), extra.end());
  TestContext context(*command, args);
  return command->run(context).data;
}

std::vector<std::string> rules(const json::value& data) {
  std::vector<std::string> out;
  for (const auto& f : data.at("findings").as_array()) out.emplace_back(f.at("rule").as_string());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schema_diff_plugin)

// g2's type_definitions: additions are compatible, an added enum variant too; any other change
// to a type is breaking.
BOOST_AUTO_TEST_CASE(user_defined_types_are_compared) {
  auto with_types = [](const char* types) {
    json::value doc = base();
    doc.as_object()["type_definitions"] = json::parse(types);
    return doc;
  };
  const json::value old_doc = with_types(R"({
    "Point":{"Struct":{"name":"Point","fields":[{"name":"x","field_type":"F32"},{"name":"y","field_type":"F32"}]}},
    "Shape":{"Enum":{"name":"Shape","variants":[{"name":"Dot","field_type":"Void"}]}},
    "Gone":{"Struct":{"name":"Gone","fields":[]}}})");
  const json::value new_doc = with_types(R"({
    "Point":{"Struct":{"name":"Point","fields":[{"name":"x","field_type":"F64"},{"name":"y","field_type":"F32"}]}},
    "Shape":{"Enum":{"name":"Shape","variants":[{"name":"Dot","field_type":"Void"},{"name":"Circle","field_type":"F32"}]}},
    "Color":{"Enum":{"name":"Color","variants":[]}}})");
  auto data = diff(old_doc, new_doc);
  std::vector<std::string> expected = {"TYPE_REMOVED", "TYPE_CHANGED", "TYPE_ADDED", "ENUM_VARIANT_ADDED"};
  BOOST_TEST(rules(data) == expected, boost::test_tools::per_element());
  const auto& changed = data.at("findings").as_array()[1].as_object();
  BOOST_TEST(changed.at("type").as_string() == "Point");
  BOOST_TEST(changed.at("from").as_string() == "struct {x: F32, y: F32}");
  BOOST_TEST(changed.at("to").as_string() == "struct {x: F64, y: F32}");
  BOOST_TEST(data.at("findings").as_array()[3].at("variant").as_string() == "Circle");
  BOOST_TEST(rules(diff(old_doc, old_doc)).empty());
}

BOOST_AUTO_TEST_CASE(reordering_renaming_and_visibility_are_breaking) {
  json::value next = base();
  auto& module = next.as_object();
  module["name"] = "store";
  module["abi_version"] = 2;
  module["version"].as_object()["major"] = 2;
  auto& items = module["tables"].as_array()[0].as_object();
  std::swap(items["entries"].as_array()[0], items["entries"].as_array()[1]);
  items["visibility"] = "Private";
  auto& args = module["reducers"].as_array()[0].as_object()["arguments"].as_array();
  std::swap(args[0], args[1]);
  module["tables"].as_array()[1].as_object()["visibility"] = "Public";

  auto data = diff(base(), next);
  std::vector<std::string> expected = {"MODULE_RENAMED", "ABI_VERSION_CHANGED", "TABLE_VISIBILITY_CHANGED", "COLUMN_REORDERED",
                                       "REDUCER_ARGUMENTS_REORDERED", "TABLE_VISIBILITY_CHANGED"};
  BOOST_TEST(rules(data) == expected, boost::test_tools::per_element());
  const auto& last = data.at("findings").as_array().back();
  BOOST_TEST(last.at("class").as_string() == "compatible");  // Private -> Public
  BOOST_TEST(last.at("table").as_string() == "audit");
  BOOST_TEST(data.at("summary").at("breaking").to_number<int>() == 5);
}

BOOST_AUTO_TEST_CASE(seed_lists_use_tagged_objects) {
  json::value next = base();
  auto& items = next.as_object()["tables"].as_array()[0].as_object();
  items["entries"].as_array()[0].as_object()["value_type"] = json::object{{"Option", "F64"}};
  next.as_object()["tables"].as_array().erase(next.as_object()["tables"].as_array().begin() + 1);
  next.as_object()["reducers"].as_array().push_back(json::parse(R"({"name":"sell","arguments":[],"return_type":"Void"})"));

  auto data = diff(base(), next);
  const auto& breaking = data.at("breaking_changes").as_array();
  BOOST_TEST(breaking.size() == 2u);
  BOOST_TEST(breaking[0] == json::parse(R"({"TableRemoved":"audit"})"));
  BOOST_TEST(breaking[1] == json::parse(R"({"FieldTypeChanged":{"table":"items","field":"price","from":"F64","to":"Option<F64>"}})"));
  BOOST_TEST(data.at("compatible_additions").as_array()[0] == json::parse(R"({"ReducerAdded":"sell"})"));
  BOOST_TEST(data.at("suggested_version").as_string() == "2.0.0");
  BOOST_TEST(data.at("version_ok").as_bool() == false);  // still 1.2.3
  BOOST_TEST(data.at("is_compatible").as_bool() == false);
}

BOOST_AUTO_TEST_CASE(versions_are_suggested_by_the_worst_change) {
  json::value same = base();
  BOOST_TEST(diff(base(), same).at("suggested_version").as_string() == "1.2.4");
  json::value added = base();
  added.as_object()["reducers"].as_array().push_back(json::parse(R"({"name":"sell","arguments":[],"return_type":"Void"})"));
  auto data = diff(base(), added);
  BOOST_TEST(data.at("suggested_version").as_string() == "1.3.0");
  BOOST_TEST(data.at("is_compatible").as_bool());
}

BOOST_AUTO_TEST_CASE(ignored_rules_disappear) {
  json::value next = base();
  next.as_object()["name"] = "store";
  BOOST_TEST(rules(diff(base(), next, {"--ignore", "MODULE_RENAMED"})).empty());
}

// fuzz/README.md finding 1: versions are matched by name, so a schema that declares a name twice
// used to differ from itself (TABLE_VISIBILITY_CHANGED, REDUCER_ARGUMENT_TYPE_CHANGED, ...).
// It is refused instead, naming the file and the second declaration, whichever side it is on.
BOOST_AUTO_TEST_CASE(a_schema_that_repeats_a_name_is_an_input_error) {
  struct Case {
    const char* array;  // where the repeated element goes
    const char* element;
    std::string pointer;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"/tables", R"({"name":"items","visibility":"Private","entries":[],"primary_key":{"name":"id","value_type":"U64"}})",
       "/tables/2/name", "table \"items\" is declared twice (first at /tables/0/name)"},
      {"/tables/0/entries", R"({"name":"price","value_type":"U32"})", "/tables/0/entries/2/name",
       "column \"price\" is declared twice (first at /tables/0/entries/0/name)"},
      {"/reducers", R"({"name":"buy","arguments":[],"return_type":"Void"})", "/reducers/1/name",
       "reducer \"buy\" is declared twice (first at /reducers/0/name)"},
      {"/reducers/0/arguments", R"({"name":"item","value_type":"U32"})", "/reducers/0/arguments/2/name",
       "argument \"item\" is declared twice (first at /reducers/0/arguments/0/name)"},
  };
  LoadedPlugin<sdk::Command> command("command-schema-diff.so");
  for (const auto& c : cases) {
    json::value repeated = base();
    repeated.at_pointer(c.array).as_array().push_back(json::parse(c.element));
    TempJson plain(base(), "plain"), twice(repeated, "twice");
    for (bool twice_is_old : {true, false}) {
      TestContext context(*command, twice_is_old ? std::vector<std::string>{twice.path(), plain.path()}
                                                 : std::vector<std::string>{plain.path(), twice.path()});
      try {
        command->run(context);
        BOOST_ERROR("no error for a repeated name in " << c.array);
      } catch (const sdk::Error& e) {
        BOOST_TEST(e.exit_code() == 2);
        BOOST_TEST(e.location().file == twice.path());
        BOOST_TEST(e.location().json_pointer.value_or("") == c.pointer);
        BOOST_TEST(std::string(e.what()).find(c.message) != std::string::npos, e.what());
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
