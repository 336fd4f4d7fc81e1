// Lint rules for module schemas. Structure (types, required members, enum names) is checked by
// the SDK's lenient reader; the rules here are about meaning: names, duplicates, keys and
// subscriptions. They read the raw JSON so that each finding points at the exact node, even when
// other parts of the document are broken.
#include "schema_rules.hpp"

#include "interstice/sdk/finding.hpp"
#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/schema_json.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace json = boost::json;
using interstice::sdk::json_pointer_append;

namespace interstice::validate {
namespace {

class RuleRunner {
 public:
  explicit RuleRunner(std::vector<Finding>& findings) : findings_(findings) {}

  void error(std::string rule, std::string pointer, std::string message) {
    findings_.push_back({std::move(rule), Severity::error, std::move(pointer), std::move(message)});
  }
  void warning(std::string rule, std::string pointer, std::string message) {
    findings_.push_back({std::move(rule), Severity::warning, std::move(pointer), std::move(message)});
  }

  void run(const json::value& document) {
    const json::object* module = document.if_object();
    if (!module) return;  // reported by the structural pass
    abi_version(*module);
    std::string module_name = checked_name(*module, "name", "", "module");
    // nullopt when the list itself is unreadable: then nothing can be said to be missing from it.
    std::optional<std::set<std::string>> tables = table_rules(*module);
    std::optional<std::set<std::string>> reducers = reducer_rules(*module);
    subscription_rules(*module, module_name, tables, reducers);
  }

 private:
  static const json::array* array_member(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v ? v->if_array() : nullptr;
  }

  // Names are length-prefixed in the runtime, so any text is storable; the real runtime's
  // fixtures use Unicode letters and even quotes or tabs. Empty is an error; characters that
  // break generated code or shell scripts are a warning.
  std::string checked_name(const json::object& parent, std::string_view key, const std::string& at, std::string_view what) {
    const json::value* v = parent.if_contains(key);
    if (!v || !v->is_string()) return {};
    std::string name(v->get_string());
    std::string pointer = json_pointer_append(at, key);
    if (name.empty()) {
      error("EMPTY_NAME", pointer, fmt::format("{} name is empty", what));
    } else if (!is_identifier(name)) {
      warning("NAME_NOT_IDENTIFIER", pointer,
              fmt::format("{} name \"{}\" is not an identifier (whitespace, quotes, punctuation or a leading digit)", what, name));
    }
    return name;
  }

  static bool is_identifier(std::string_view name) {
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
    for (char c : name) {
      auto byte = static_cast<unsigned char>(c);
      bool word = byte >= 0x80 || std::isalnum(byte) || c == '_';  // any non-ASCII (UTF-8) byte counts as a letter
      if (!word) return false;
    }
    return true;
  }

  void abi_version(const json::object& module) {
    const json::value* v = module.if_contains("abi_version");
    if (!v || !(v->is_int64() || v->is_uint64())) return;
    bool supported = v->is_uint64() ? v->get_uint64() == kSupportedAbiVersion
                                    : v->get_int64() == static_cast<std::int64_t>(kSupportedAbiVersion);
    if (!supported)
      error("UNSUPPORTED_ABI_VERSION", "/abi_version",
            fmt::format("abi_version {} is not supported (this toolkit reads ABI {})", json::serialize(*v), kSupportedAbiVersion));
  }

  // Reports the second and later uses of a name; returns the set of names seen.
  struct NameSet {
    std::map<std::string, std::string> first_at;
    bool add(const std::string& name, const std::string& pointer, std::string* first) {
      auto [it, inserted] = first_at.emplace(name, pointer);
      if (!inserted && first) *first = it->second;
      return inserted;
    }
  };

  std::optional<std::set<std::string>> table_rules(const json::object& module) {
    std::set<std::string> names;
    const json::array* tables = array_member(module, "tables");
    if (!tables) return std::nullopt;
    if (tables->empty()) warning("NO_TABLES", "/tables", "the module declares no tables");
    NameSet seen;
    for (std::size_t i = 0; i < tables->size(); ++i) {
      const json::object* table = (*tables)[i].if_object();
      if (!table) continue;
      std::string at = json_pointer_append("/tables", i);
      std::string name = checked_name(*table, "name", at, "table");
      std::string first;
      if (!name.empty() && !seen.add(name, json_pointer_append(at, "name"), &first))
        error("DUPLICATE_TABLE", json_pointer_append(at, "name"), fmt::format("table \"{}\" is declared twice (first at {})", name, first));
      names.insert(name);
      column_rules(*table, at, name);
    }
    return names;
  }

  void column_rules(const json::object& table, const std::string& at, const std::string& table_name) {
    std::string key_name;
    if (const json::object* key = table.contains("primary_key") ? table.at("primary_key").if_object() : nullptr) {
      std::string key_at = json_pointer_append(at, "primary_key");
      key_name = checked_name(*key, "name", key_at, "primary key");
      primary_key_type(*key, key_at, table_name);
    }
    const json::array* entries = array_member(table, "entries");
    if (!entries) return;
    NameSet seen;
    for (std::size_t j = 0; j < entries->size(); ++j) {
      const json::object* entry = (*entries)[j].if_object();
      if (!entry) continue;
      std::string entry_at = json_pointer_append(json_pointer_append(at, "entries"), j);
      std::string name = checked_name(*entry, "name", entry_at, "column");
      if (name.empty()) continue;
      std::string pointer = json_pointer_append(entry_at, "name");
      std::string first;
      if (name == key_name) {
        error("PRIMARY_KEY_IN_ENTRIES", pointer,
              fmt::format("column \"{}\" of table \"{}\" repeats the primary key; the key is not listed among the entries", name, table_name));
      } else if (!seen.add(name, pointer, &first)) {
        error("DUPLICATE_COLUMN", pointer, fmt::format("column \"{}\" of table \"{}\" is declared twice (first at {})", name, table_name, first));
      }
    }
  }

  void primary_key_type(const json::object& key, const std::string& key_at, const std::string& table_name) {
    const json::value* type_json = key.if_contains("value_type");
    if (!type_json) return;
    std::string pointer = json_pointer_append(key_at, "value_type");
    std::optional<sdk::ValueType> type;
    try {
      type = sdk::parse_value_type(*type_json, pointer, "");
    } catch (const std::exception&) {
      return;  // an unknown type is the structural pass's finding
    }
    using Kind = sdk::ValueType::Kind;
    switch (type->kind()) {
      case Kind::U32: case Kind::U64: case Kind::I32: case Kind::I64: case Kind::String: case Kind::Bool: return;
      default:
        error("PRIMARY_KEY_TYPE", pointer,
              fmt::format("primary key of table \"{}\" has type {}, which cannot be a key (use U32, U64, I32, I64, String or Bool)",
                          table_name, type->to_string()));
    }
  }

  std::optional<std::set<std::string>> reducer_rules(const json::object& module) {
    std::set<std::string> names;
    const json::array* reducers = array_member(module, "reducers");
    if (!reducers) return std::nullopt;
    if (reducers->empty()) warning("NO_REDUCERS", "/reducers", "the module declares no reducers");
    NameSet seen;
    for (std::size_t i = 0; i < reducers->size(); ++i) {
      const json::object* reducer = (*reducers)[i].if_object();
      if (!reducer) continue;
      std::string at = json_pointer_append("/reducers", i);
      std::string name = checked_name(*reducer, "name", at, "reducer");
      std::string first;
      if (!name.empty() && !seen.add(name, json_pointer_append(at, "name"), &first))
        error("DUPLICATE_REDUCER", json_pointer_append(at, "name"), fmt::format("reducer \"{}\" is declared twice (first at {})", name, first));
      names.insert(name);
      const json::array* arguments = array_member(*reducer, "arguments");
      if (!arguments) continue;
      NameSet argument_names;
      for (std::size_t j = 0; j < arguments->size(); ++j) {
        const json::object* argument = (*arguments)[j].if_object();
        if (!argument) continue;
        std::string arg_at = json_pointer_append(json_pointer_append(at, "arguments"), j);
        std::string arg = checked_name(*argument, "name", arg_at, "argument");
        if (!arg.empty() && !argument_names.add(arg, json_pointer_append(arg_at, "name"), &first))
          error("DUPLICATE_ARGUMENT", json_pointer_append(arg_at, "name"),
                fmt::format("argument \"{}\" of reducer \"{}\" is declared twice (first at {})", arg, name, first));
      }
    }
    return names;
  }

  void subscription_rules(const json::object& module, const std::string& module_name,
                          const std::optional<std::set<std::string>>& tables,
                          const std::optional<std::set<std::string>>& reducers) {
    const json::array* subscriptions = array_member(module, "subscriptions");
    if (!subscriptions) return;
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::string> seen;
    for (std::size_t i = 0; i < subscriptions->size(); ++i) {
      const json::object* s = (*subscriptions)[i].if_object();
      if (!s) continue;
      std::string at = json_pointer_append("/subscriptions", i);
      auto text = [&](std::string_view key) {
        const json::value* v = s->if_contains(key);
        return v && v->is_string() ? std::optional<std::string>(std::string(v->get_string())) : std::nullopt;
      };
      auto target_module = text("module_name"), table = text("table_name"), reducer = text("reducer_name"), event = text("event");
      // A subscription to another module's table cannot be checked against this schema.
      if (tables && target_module && table && *target_module == module_name && !tables->count(*table))
        error("SUBSCRIPTION_UNKNOWN_TABLE", json_pointer_append(at, "table_name"),
              fmt::format("subscription to table \"{}\", which module \"{}\" does not declare", *table, module_name));
      if (reducers && reducer && !reducers->count(*reducer))
        error("SUBSCRIPTION_UNKNOWN_REDUCER", json_pointer_append(at, "reducer_name"),
              fmt::format("subscription calls reducer \"{}\", which this module does not declare", *reducer));
      if (target_module && table && reducer && event) {
        auto [it, inserted] = seen.emplace(std::make_tuple(*target_module, *table, *reducer, *event), at);
        if (!inserted)
          error("DUPLICATE_SUBSCRIPTION", at,
                fmt::format("subscription {}.{} {} -> {} is declared twice (first at {})", *target_module, *table, *event, *reducer, it->second));
      }
    }
  }

  std::vector<Finding>& findings_;
};

}  // namespace

std::vector<Finding> check_schema(const json::value& document, const std::string& file) {
  std::vector<Finding> findings;
  sdk::read_module_schema(document, file, [&findings](const sdk::SchemaProblem& problem) {
    findings.push_back({problem.rule, problem.fatal ? Severity::error : Severity::warning, problem.pointer, problem.message});
  });
  RuleRunner(findings).run(document);
  return findings;
}

}  // namespace interstice::validate
