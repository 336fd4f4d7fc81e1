// The SDK's schema model and its JSON reader: real fixtures parse, bad ones fail at the right place.
#include "test_paths.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/util/open_error.hpp"

#include <cerrno>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using interstice::test::shared_fixtures;

namespace {

sdk::Error parse_error(const std::string& text) {
  try {
    sdk::parse_module_schema(json::parse(text), "t.json");
  } catch (const sdk::Error& e) {
    return e;
  }
  BOOST_FAIL("expected an error for " + text);
  throw;
}

const char* kMinimal = R"({"abi_version":1,"name":"m","version":{"major":1,"minor":2,"patch":3},
  "reducers":[{"name":"r","arguments":[{"name":"a","value_type":{"Vec":"String"}}],"return_type":"Void"}],
  "tables":[{"name":"t","visibility":"Private","entries":[{"name":"c","value_type":{"Option":{"Vec":"U32"}}}],
             "primary_key":{"name":"id","value_type":"U64"}}],
  "subscriptions":[{"module_name":"m","table_name":"t","reducer_name":"r","event":"Update"}]})";

}  // namespace

BOOST_AUTO_TEST_SUITE(sdk_schema)

BOOST_AUTO_TEST_CASE(value_types_print_as_rust_generics) {
  auto type = sdk::ValueType::option(sdk::ValueType::vec(sdk::ValueType::primitive(sdk::ValueType::Kind::U32)));
  BOOST_TEST(type.to_string() == "Option<Vec<U32>>");
  BOOST_TEST(sdk::ValueType::primitive(sdk::ValueType::Kind::Row).to_string() == "Row");
  BOOST_TEST(!sdk::primitive_kind("Vec").has_value());
  BOOST_TEST(!sdk::primitive_kind("U128").has_value());
  BOOST_TEST((type == sdk::ValueType::option(sdk::ValueType::vec(sdk::ValueType::primitive(sdk::ValueType::Kind::U32)))));
  BOOST_TEST(!(type == sdk::ValueType::option(sdk::ValueType::vec(sdk::ValueType::primitive(sdk::ValueType::Kind::U64)))));
}

BOOST_AUTO_TEST_CASE(minimal_schema_parses_every_field) {
  auto schema = sdk::parse_module_schema(json::parse(kMinimal), "t.json");
  BOOST_TEST(schema.name == "m");
  BOOST_TEST(schema.version.to_string() == "1.2.3");
  BOOST_REQUIRE(schema.tables.size() == 1u);
  BOOST_TEST((schema.tables[0].visibility == sdk::Visibility::Private));
  BOOST_TEST(schema.tables[0].primary_key.type.to_string() == "U64");
  BOOST_TEST(schema.tables[0].entries[0].type.to_string() == "Option<Vec<U32>>");
  BOOST_TEST(schema.reducers[0].arguments[0].type.to_string() == "Vec<String>");
  BOOST_TEST((schema.subscriptions[0].event == sdk::SubscriptionEvent::Update));
  BOOST_TEST(schema.find_table("t") != nullptr);
  BOOST_TEST(schema.find_reducer("nope") == nullptr);
}

// The g2 runtime's shape: `fields` of FieldDef {name, field_type}, Tuple and Named types, U8, and
// a type_definitions map; members the toolkit does not model are accepted.
BOOST_AUTO_TEST_CASE(g2_schemas_with_user_defined_types_parse) {
  auto schema = sdk::parse_module_schema(json::parse(R"({"abi_version":1,"name":"m","version":{"major":0,"minor":1,"patch":0},
    "visibility":"Public","queries":[],"authorities":[],"module_dependencies":[],"node_dependencies":[],
    "reducers":[{"name":"r","arguments":[{"name":"p","field_type":{"Named":"Point"}}],"return_type":{"Tuple":["U8","String"]}}],
    "tables":[{"name":"t","type_name":"T","visibility":"Public","primary_key_auto_inc":true,"indexes":[],
               "fields":[{"name":"at","field_type":{"Option":{"Named":"Point"}}},{"name":"pair","field_type":{"Tuple":["U32",{"Vec":"U8"}]}}],
               "primary_key":{"name":"id","field_type":"U64"}}],
    "subscriptions":[],
    "type_definitions":{"Shape":{"Enum":{"name":"Shape","variants":[{"name":"Dot","field_type":"Void"},{"name":"Circle","field_type":"F32"}]}},
                        "Point":{"Struct":{"name":"Point","fields":[{"name":"x","field_type":"F32"},{"name":"y","field_type":"F32"}]}}}})"),
                                         "t.json");
  BOOST_REQUIRE(schema.tables.size() == 1u);
  const auto& t = schema.tables[0];
  BOOST_TEST(t.entries.size() == 2u);
  BOOST_TEST(t.entries[0].type.to_string() == "Option<Point>");
  BOOST_TEST(t.entries[1].type.to_string() == "(U32, Vec<U8>)");
  BOOST_TEST(t.entries[1].type.elements().size() == 2u);
  BOOST_TEST(schema.reducers[0].arguments[0].type.type_name() == "Point");
  BOOST_TEST(schema.reducers[0].return_type.to_string() == "(U8, String)");
  BOOST_REQUIRE(schema.type_definitions.size() == 2u);
  BOOST_TEST(schema.type_definitions[0].name == "Point");  // sorted by name
  const auto* shape = schema.find_type("Shape");
  BOOST_REQUIRE(shape);
  BOOST_TEST((shape->kind == sdk::TypeDefinition::Kind::Enum));
  BOOST_TEST(shape->members.at(1).type.to_string() == "F32");
  BOOST_TEST(schema.find_type("Nope") == nullptr);
  // The JSON form round-trips through the reader.
  for (const auto& column : t.entries)
    BOOST_TEST((sdk::parse_value_type(sdk::value_type_to_json(column.type), "", "t.json") == column.type));
  BOOST_TEST(!(sdk::ValueType::named("A") == sdk::ValueType::named("B")));
  BOOST_TEST(!(sdk::ValueType::tuple({}) == sdk::ValueType::tuple({sdk::ValueType()})));
}

BOOST_AUTO_TEST_CASE(every_fixture_schema_parses) {
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(shared_fixtures() / "v1" / "schemas")) {
    auto name = entry.path().filename().string();
    if (name == "index.json" || name.find(".diff.") != std::string::npos) continue;
    auto schema = sdk::load_module_schema(entry.path());
    auto raw = sdk::read_json_file(entry.path()).as_object();
    BOOST_TEST(schema.tables.size() == raw["tables"].as_array().size(), name);
    BOOST_TEST(schema.reducers.size() == raw["reducers"].as_array().size(), name);
    ++count;
  }
  BOOST_TEST(count >= 10u);
}

BOOST_AUTO_TEST_CASE(user_type_errors_carry_the_json_pointer) {
  const std::string head = R"({"abi_version":1,"name":"m","version":{"major":0,"minor":1,"patch":0},"reducers":[],"subscriptions":[],)";
  const std::string table = R"("tables":[{"name":"t","visibility":"Public","primary_key":{"name":"id","field_type":"U64"},"fields":[{"name":"c","field_type":)";
  struct Case {
    std::string text;
    std::string pointer;
  };
  const std::vector<Case> cases = {
      {head + table + R"({"Tuple":"U32"}}]}]})", "/tables/0/fields/0/field_type/Tuple"},
      {head + table + R"({"Named":""}}]}]})", "/tables/0/fields/0/field_type/Named"},
      {head + table + R"("Tuple"}]}]})", "/tables/0/fields/0/field_type"},
      {head + R"("tables":[],"type_definitions":{"P":{"Union":{}}}})", "/type_definitions/P"},
      {head + R"("tables":[],"type_definitions":{"P":{"Struct":{"name":"P","fields":[{"name":"x"}]}}}})",
       "/type_definitions/P/Struct/fields/0"},
      {head + R"("tables":[],"type_definitions":[]})", "/type_definitions"},
  };
  for (const auto& c : cases) {
    auto error = parse_error(c.text);
    BOOST_REQUIRE(error.location().json_pointer.has_value());
    BOOST_TEST(*error.location().json_pointer == c.pointer, c.text);
  }
}

BOOST_AUTO_TEST_CASE(structural_errors_carry_the_json_pointer) {
  struct Case {
    std::string text;
    std::string pointer;
    std::string message_part;
  };
  std::string minimal = kMinimal;
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = minimal;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  std::vector<Case> cases = {
      {"[]", "", "expected an object"},
      {replace("\"abi_version\":1,", ""), "", "missing member \"abi_version\""},
      {replace("\"major\":1", "\"major\":-1"), "/version/major", "from 0 to 65535"},
      {replace("{\"Vec\":\"String\"}", "{\"Vec\":\"U128\"}"), "/reducers/0/arguments/0/value_type/Vec", "unknown type \"U128\""},
      {replace("\"Private\"", "\"Secret\""), "/tables/0/visibility", "unknown visibility"},
      {replace("\"Update\"", "\"Upsert\""), "/subscriptions/0/event", "unknown event"},
      {replace("\"name\":\"t\"", "\"name\":7"), "/tables/0/name", "expected a string, found an integer"},
      {replace("{\"Option\":{\"Vec\":\"U32\"}}", "{\"Map\":\"U32\"}"), "/tables/0/entries/0/value_type", "unknown type \"Map\""},
  };
  for (const auto& c : cases) {
    auto error = parse_error(c.text);
    BOOST_TEST((error.kind() == sdk::ErrorKind::input));
    BOOST_REQUIRE(error.location().json_pointer.has_value());
    BOOST_TEST(*error.location().json_pointer == c.pointer, c.text);
    BOOST_TEST(error.message().find(c.message_part) != std::string::npos, error.message());
    BOOST_TEST(std::string(error.what()).find("t.json: at ") == 0u, error.what());
  }
}

BOOST_AUTO_TEST_CASE(fixture_errors_match_the_expected_pointer) {
  auto dir = shared_fixtures() / "v1" / "invalid-schemas";
  for (const char* name : {"tables-is-an-object", "missing-version", "unknown-nested-type"}) {
    auto expected = sdk::read_json_file(dir / (std::string(name) + ".expected.json")).as_object();
    try {
      sdk::load_module_schema(dir / (std::string(name) + ".json"));
      BOOST_FAIL(std::string("no error for ") + name);
    } catch (const sdk::Error& e) {
      BOOST_REQUIRE(e.location().json_pointer.has_value());
      BOOST_TEST(*e.location().json_pointer == std::string(expected["json_pointer"].as_string()), name);
    }
  }
}

BOOST_AUTO_TEST_CASE(syntax_errors_give_line_and_column) {
  auto path = shared_fixtures() / "v1" / "invalid-schemas" / "truncated-json.json";
  try {
    sdk::read_json_file(path);
    BOOST_FAIL("truncated JSON parsed");
  } catch (const sdk::Error& e) {
    BOOST_TEST(e.location().line.has_value());
    BOOST_TEST(e.location().column.has_value());
    BOOST_TEST(std::string(e.what()).find("truncated-json.json:") != std::string::npos);
    BOOST_TEST(e.exit_code() == 2);
  }
}

BOOST_AUTO_TEST_CASE(missing_file_is_an_input_error) {
  try {
    sdk::read_json_file("/definitely/not/here.json");
    BOOST_FAIL("no error");
  } catch (const sdk::Error& e) {
    BOOST_TEST((e.kind() == sdk::ErrorKind::input));
    BOOST_TEST(std::string(e.what()).find("/definitely/not/here.json") == 0u);
    BOOST_TEST(std::string(e.what()).find("no such file") != std::string::npos);
  }
}

// The tests run as root, which reads a chmod 000 file; the wording is checked per errno here and
// end to end (as an unprivileged user) in the e2e suite cli_unreadable_schema.
BOOST_AUTO_TEST_CASE(open_failures_say_why) {
  BOOST_TEST(sdk::cannot_open_message(EACCES) == "cannot open file: permission denied");
  BOOST_TEST(sdk::cannot_open_message(EPERM) == "cannot open file: permission denied");
  BOOST_TEST(sdk::cannot_open_message(ENOENT) == "cannot open file: no such file");
  BOOST_TEST(sdk::cannot_open_message(ENOTDIR).find("not a directory") != std::string::npos);
  BOOST_TEST(sdk::cannot_open_message(EMFILE).find("cannot open file: too many open files") == 0u);
}

BOOST_AUTO_TEST_CASE(an_array_of_schemas_reads_through_load_module_schemas) {
  const auto schemas = sdk::load_module_schemas({(interstice::test::shared_fixtures() / "v1/logs/small.log.schemas.json").string()});
  BOOST_TEST(schemas.size() >= 2u);
}

BOOST_AUTO_TEST_SUITE_END()
