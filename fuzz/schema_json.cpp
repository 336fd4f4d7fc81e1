// Module schema JSON from a file, every way the commands read it: the strict reader `schema`,
// `log-query --schema` and `log-export --schema` use (load_module_schemas: BOM, UTF-8, duplicate
// keys, arrays of schemas), the lenient one `validate` builds on (read_module_schema), the
// `validate` lint rules, and `schema-diff` of a schema against itself. Properties: for one
// document, strict succeeds exactly when the lenient reader finds no fatal problem, and then
// both read the same schema; schema-diff refuses exactly the schemas that repeat a name, and any
// other schema never differs from itself.
#include "harness.hpp"

#include "repeated_names.hpp"
#include "schema_changes.hpp"
#include "schema_lint.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/schema_json.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <set>

namespace interstice::fuzz::schema {

namespace {

std::string describe(const sdk::ModuleSchema& schema) {
  return schema.name + " " + schema.version.to_string() + " tables=" + std::to_string(schema.tables.size()) +
         " reducers=" + std::to_string(schema.reducers.size()) +
         " subscriptions=" + std::to_string(schema.subscriptions.size());
}

bool same(const sdk::Column& a, const sdk::Column& b) { return a.name == b.name && a.type == b.type; }
bool same(const sdk::TableSchema& a, const sdk::TableSchema& b);
bool same(const sdk::ReducerSchema& a, const sdk::ReducerSchema& b);

template <typename T>
bool same(const std::vector<T>& a, const std::vector<T>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const T& x, const T& y) { return same(x, y); });
}

bool same(const sdk::TableSchema& a, const sdk::TableSchema& b) {
  return a.name == b.name && a.visibility == b.visibility && same(a.primary_key, b.primary_key) && same(a.entries, b.entries);
}

bool same(const sdk::ReducerSchema& a, const sdk::ReducerSchema& b) {
  return a.name == b.name && a.return_type == b.return_type && same(a.arguments, b.arguments);
}

bool same(const sdk::ModuleSchema& a, const sdk::ModuleSchema& b) {
  return a.abi_version == b.abi_version && a.name == b.name && a.version == b.version && same(a.tables, b.tables) &&
         same(a.reducers, b.reducers) && a.subscriptions == b.subscriptions &&
         a.type_definitions == b.type_definitions;
}

template <typename T>
bool repeats(const std::vector<T>& items) {
  std::set<std::string_view> names;
  for (const auto& item : items)
    if (!names.insert(item.name).second) return true;
  return false;
}

bool repeats_a_name(const sdk::ModuleSchema& schema) {
  return repeats(schema.tables) || repeats(schema.reducers) ||
         std::any_of(schema.tables.begin(), schema.tables.end(), [](const auto& t) { return repeats(t.entries); }) ||
         std::any_of(schema.reducers.begin(), schema.reducers.end(), [](const auto& r) { return repeats(r.arguments); });
}

void schema_target(Input input) {
  static ScratchFile file("schema.json");
  file.write(input);
  const std::string path = file.path().string();

  std::vector<sdk::ModuleSchema> strict;
  std::string strict_error;
  try {
    strict = sdk::load_module_schemas({path});
  } catch (const sdk::Error& e) {
    FUZZ_CHECK(e.kind() == sdk::ErrorKind::input, std::string("not an input error: ") + e.what());
    strict_error = e.what();
  }

  // `validate`: the lint never throws for a readable file, whatever is in it.
  try {
    validate::lint_schema_file(path);
  } catch (const sdk::Error& e) {
    FUZZ_CHECK(false, std::string("validate's lint threw for a readable file: ") + e.what());
  }

  boost::json::value document;
  try {
    document = sdk::read_json_file(path);
  } catch (const sdk::Error& e) {
    FUZZ_CHECK(!strict_error.empty(), std::string("strict reading accepted what read_json_file rejects: ") + e.what());
    return;
  }
  if (!document.is_array()) {
    bool fatal = false;
    const auto lenient = sdk::read_module_schema(document, path, [&](const sdk::SchemaProblem& problem) {
      FUZZ_CHECK(!problem.rule.empty() && !problem.message.empty(), "a schema problem without a rule or message");
      fatal = fatal || problem.fatal;
    });
    FUZZ_CHECK(fatal == !strict_error.empty(),
               "the strict reader " + (strict_error.empty() ? std::string("accepts") : "rejects (" + strict_error + ")") +
                   " but the lenient one finds " + (fatal ? "a" : "no") + " fatal problem in " +
                   boost::json::serialize(document));
    if (!fatal) FUZZ_CHECK(same(lenient, strict.front()), describe(lenient) + " vs " + describe(strict.front()));
  }
  for (const auto& schema : strict) {
    // schema-diff matches tables, columns, reducers and arguments by name, so it refuses a schema
    // that repeats one (fuzz/README.md, finding 1: such a schema used to differ from itself),
    // with an input error, and only such a schema.
    bool refused = false;
    try {
      schema_diff::refuse_repeated_names(schema, path);
    } catch (const sdk::Error& e) {
      FUZZ_CHECK(e.kind() == sdk::ErrorKind::input && e.location().json_pointer, std::string("not an input error at a place: ") + e.what());
      refused = true;
    }
    FUZZ_CHECK(refused == repeats_a_name(schema), std::string("schema-diff ") + (refused ? "refuses" : "accepts") +
                                                      " a schema that " + (refused ? "repeats no" : "repeats a") + " name");
    if (refused) continue;
    const auto changes = schema_diff::compare_schemas(schema, schema);
    FUZZ_CHECK(changes.empty(), "schema-diff finds " + (changes.empty() ? "" : changes.front().rule) +
                                    " between a schema and itself");
  }
}

}  // namespace

}  // namespace interstice::fuzz::schema

INTERSTICE_FUZZ_TARGET(schema_json, interstice::fuzz::schema::schema_target);
