// Lint rules for module schemas. Structure (types, required members, enum names) is checked by
// the SDK's lenient reader; the rules here are about meaning: names, duplicates, keys and
// subscriptions. They read the raw JSON so that each finding points at the exact node, even when
// other parts of the document are broken. Each list element is checked as it is parsed; what the
// rules across elements need (names, subscriptions) is kept, the element itself is not.
#include "schema_rules.hpp"

#include "interstice/sdk/finding.hpp"
#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/schema_json.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <cctype>
#include <map>
#include <tuple>

namespace json = boost::json;
using interstice::sdk::json_pointer_append;

namespace interstice::validate {
namespace {

void error(std::vector<Finding>& to, std::string rule, std::string pointer, std::string message) {
  to.push_back({std::move(rule), Severity::error, std::move(pointer), std::move(message)});
}
void warning(std::vector<Finding>& to, std::string rule, std::string pointer, std::string message) {
  to.push_back({std::move(rule), Severity::warning, std::move(pointer), std::move(message)});
}

const json::array* array_member(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v ? v->if_array() : nullptr;
}

// Calls `check(element, its pointer)` on each element of parent[key] that is an object (columns,
// arguments); nothing when the member is not an array (the structural pass reports that).
template <typename Check>
void each_object(const json::object& parent, std::string_view key, const std::string& at, Check&& check) {
  const json::array* items = array_member(parent, key);
  if (!items) return;
  for (std::size_t j = 0; j < items->size(); ++j)
    if (const json::object* item = (*items)[j].if_object()) check(*item, json_pointer_append(json_pointer_append(at, key), j));
}

bool is_identifier(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    bool word = byte >= 0x80 || std::isalnum(byte) || c == '_';  // any non-ASCII (UTF-8) byte counts as a letter
    if (!word) return false;
  }
  return true;
}

// Names are length-prefixed in the runtime, so any text is storable; the real runtime's
// fixtures use Unicode letters and even quotes or tabs. Empty is an error; characters that
// break generated code or shell scripts are a warning.
std::string checked_name(const json::object& parent, std::string_view key, const std::string& at, std::string_view what,
                         std::vector<Finding>& findings) {
  const json::value* v = parent.if_contains(key);
  if (!v || !v->is_string()) return {};
  std::string name(v->get_string());
  std::string pointer = json_pointer_append(at, key);
  if (name.empty()) {
    error(findings, "EMPTY_NAME", pointer, fmt::format("{} name is empty", what));
  } else if (!is_identifier(name)) {
    warning(findings, "NAME_NOT_IDENTIFIER", pointer,
            fmt::format("{} name \"{}\" is not an identifier (whitespace, quotes, punctuation or a leading digit)", what, name));
  }
  return name;
}

// Reports the second and later uses of a name within one element (columns, arguments).
struct NameSet {
  std::map<std::string, std::string> first_at;
  bool add(const std::string& name, const std::string& pointer, std::string* first) {
    auto [it, inserted] = first_at.emplace(name, pointer);
    if (!inserted && first) *first = it->second;
    return inserted;
  }
};

// The types the runtime's IndexKey can hold: U8, U32, U64, I32, I64, Bool, String, and Option or
// Tuple of those.
bool is_key_type(const sdk::ValueType& type) {
  using Kind = sdk::ValueType::Kind;
  switch (type.kind()) {
    case Kind::U8: case Kind::U32: case Kind::U64: case Kind::I32: case Kind::I64: case Kind::String: case Kind::Bool: return true;
    case Kind::Option: return is_key_type(type.element());
    case Kind::Tuple:
      for (const auto& element : type.elements())
        if (!is_key_type(element)) return false;
      return !type.elements().empty();
    default: return false;
  }
}

// A column's type member: v1's `value_type` or g2's `field_type`.
const char* type_key(const json::object& column) {
  return column.contains("field_type") && !column.contains("value_type") ? "field_type" : "value_type";
}

// Every {"Named": "T"} inside a type's JSON, with its pointer.
void collect_named(const json::value& type, const std::string& at, std::vector<NamedUse>& out) {
  const json::object* o = type.if_object();
  if (!o || o->size() != 1) return;
  const auto& [key, inner] = *o->begin();
  const std::string inner_at = json_pointer_append(at, key);
  if (key == "Named") {
    if (inner.is_string()) out.push_back({std::string(inner.get_string()), inner_at});
  } else if (key == "Tuple") {
    if (const json::array* items = inner.if_array())
      for (std::size_t i = 0; i < items->size(); ++i) collect_named((*items)[i], json_pointer_append(inner_at, i), out);
  } else {
    collect_named(inner, inner_at, out);
  }
}

void collect_named_in(const json::object& column, const std::string& at, std::vector<NamedUse>& out) {
  const char* key = type_key(column);
  if (const json::value* type = column.if_contains(key)) collect_named(*type, json_pointer_append(at, key), out);
}

void primary_key_type(const json::object& key, const std::string& key_at, const std::string& table_name,
                      std::vector<Finding>& findings) {
  const char* member = type_key(key);
  const json::value* type_json = key.if_contains(member);
  if (!type_json) return;
  std::string pointer = json_pointer_append(key_at, member);
  std::optional<sdk::ValueType> type;
  try {
    type = sdk::parse_value_type(*type_json, pointer, "");
  } catch (const std::exception&) {
    return;  // an unknown type is the structural pass's finding
  }
  if (!is_key_type(*type))
    error(findings, "PRIMARY_KEY_TYPE", pointer,
          fmt::format("primary key of table \"{}\" has type {}, which cannot be a key (use U8, U32, U64, I32, I64, String "
                      "or Bool, or an Option or tuple of them)",
                      table_name, type->to_string()));
}

// A table's columns: v1's `entries` or g2's `fields`.
const char* columns_key(const json::object& table) {
  return table.contains("fields") && !table.contains("entries") ? "fields" : "entries";
}

void column_rules(const json::object& table, const std::string& at, const std::string& table_name, std::vector<Finding>& findings,
                  std::vector<NamedUse>& named_uses) {
  std::string key_name;
  if (const json::object* key = table.contains("primary_key") ? table.at("primary_key").if_object() : nullptr) {
    std::string key_at = json_pointer_append(at, "primary_key");
    key_name = checked_name(*key, "name", key_at, "primary key", findings);
    primary_key_type(*key, key_at, table_name, findings);
  }
  NameSet seen;
  each_object(table, columns_key(table), at, [&](const json::object& entry, const std::string& entry_at) {
    collect_named_in(entry, entry_at, named_uses);
    std::string name = checked_name(entry, "name", entry_at, "column", findings);
    if (name.empty()) return;
    std::string pointer = json_pointer_append(entry_at, "name");
    std::string first;
    if (name == key_name) {
      error(findings, "PRIMARY_KEY_IN_ENTRIES", pointer,
            fmt::format("column \"{}\" of table \"{}\" repeats the primary key; the key is not listed among the entries", name, table_name));
    } else if (!seen.add(name, pointer, &first)) {
      error(findings, "DUPLICATE_COLUMN", pointer,
            fmt::format("column \"{}\" of table \"{}\" is declared twice (first at {})", name, table_name, first));
    }
  });
}

void abi_version(const json::object& module, std::vector<Finding>& findings) {
  const json::value* v = module.if_contains("abi_version");
  if (!v || !(v->is_int64() || v->is_uint64())) return;
  bool supported = v->is_uint64() ? v->get_uint64() == kSupportedAbiVersion
                                  : v->get_int64() == static_cast<std::int64_t>(kSupportedAbiVersion);
  if (!supported)
    error(findings, "UNSUPPORTED_ABI_VERSION", "/abi_version",
          fmt::format("abi_version {} is not supported (this toolkit reads ABI {})", json::serialize(*v), kSupportedAbiVersion));
}

// The pointer of the name of a list's element: where a duplicate's first declaration is.
std::string name_pointer(std::string_view list, std::size_t index) {
  return json_pointer_append(json_pointer_append(json_pointer_append("", list), index), "name");
}

}  // namespace

void ModuleRules::declare(Names& names, const std::string& name, std::string_view list, std::size_t index,
                          std::string_view rule, std::string_view what, std::vector<Finding>& findings) {
  if (name.empty()) {
    names.unnamed = true;
  } else if (auto [it, inserted] = names.first.emplace(name, index); !inserted) {
    error(findings, std::string(rule), name_pointer(list, index),
          fmt::format("{} \"{}\" is declared twice (first at {})", what, name, name_pointer(list, it->second)));
  }
}

void ModuleRules::element(std::string_view list, std::size_t index, const json::value& value) {
  if (list == "tables") table(index, value);
  else if (list == "reducers") reducer(index, value);
  else subscription(index, value);
}

void ModuleRules::table(std::size_t index, const json::value& value) {
  ++table_count_;
  const json::object* table = value.if_object();
  if (!table) return;
  std::string at = json_pointer_append("/tables", index);
  std::string name = checked_name(*table, "name", at, "table", table_findings_);
  declare(tables_, name, "tables", index, "DUPLICATE_TABLE", "table", table_findings_);
  column_rules(*table, at, name, table_findings_, named_uses_);
}

void ModuleRules::reducer(std::size_t index, const json::value& value) {
  ++reducer_count_;
  const json::object* reducer = value.if_object();
  if (!reducer) return;
  std::string at = json_pointer_append("/reducers", index);
  std::string name = checked_name(*reducer, "name", at, "reducer", reducer_findings_);
  declare(reducers_, name, "reducers", index, "DUPLICATE_REDUCER", "reducer", reducer_findings_);
  NameSet argument_names;
  if (const json::value* returns = reducer->if_contains("return_type"))
    collect_named(*returns, json_pointer_append(at, "return_type"), named_uses_);
  each_object(*reducer, "arguments", at, [&](const json::object& argument, const std::string& arg_at) {
    collect_named_in(argument, arg_at, named_uses_);
    std::string arg = checked_name(argument, "name", arg_at, "argument", reducer_findings_);
    std::string first;
    if (!arg.empty() && !argument_names.add(arg, json_pointer_append(arg_at, "name"), &first))
      error(reducer_findings_, "DUPLICATE_ARGUMENT", json_pointer_append(arg_at, "name"),
            fmt::format("argument \"{}\" of reducer \"{}\" is declared twice (first at {})", arg, name, first));
  });
}

void ModuleRules::subscription(std::size_t index, const json::value& value) {
  const json::object* s = value.if_object();
  if (!s) return;
  auto text = [s](std::string_view key) {
    const json::value* v = s->if_contains(key);
    return v && v->is_string() ? std::optional<std::string>(std::string(v->get_string())) : std::nullopt;
  };
  subscriptions_.push_back({index, text("module_name"), text("table_name"), text("reducer_name"), text("event")});
}

void ModuleRules::finish(const json::value& document, std::vector<Finding>& findings) {
  const json::object* module = document.if_object();
  if (!module) return;  // reported by the structural pass
  abi_version(*module, findings);
  std::string module_name = checked_name(*module, "name", "", "module", findings);
  // A list that is not an array is unreadable: then nothing can be said to be missing from it.
  const bool tables_listed = array_member(*module, "tables") != nullptr;
  const bool reducers_listed = array_member(*module, "reducers") != nullptr;
  if (tables_listed && table_count_ == 0) warning(findings, "NO_TABLES", "/tables", "the module declares no tables");
  for (auto& finding : table_findings_) findings.push_back(std::move(finding));
  if (reducers_listed && reducer_count_ == 0) warning(findings, "NO_REDUCERS", "/reducers", "the module declares no reducers");
  for (auto& finding : reducer_findings_) findings.push_back(std::move(finding));
  subscription_findings(module_name, tables_listed, reducers_listed, findings);
  type_findings(*module, findings);
  table_findings_.clear();
  reducer_findings_.clear();
  named_uses_.clear();
}

void ModuleRules::type_findings(const json::object& module, std::vector<Finding>& findings) {
  const json::object* definitions = module.contains("type_definitions") ? module.at("type_definitions").if_object() : nullptr;
  if (definitions) {
    for (const auto& [key, value] : *definitions) {
      const std::string at = json_pointer_append("/type_definitions", key);
      const json::object* wrapper = value.if_object();
      if (!wrapper || wrapper->size() != 1 || !wrapper->begin()->value().is_object()) continue;  // structural
      const std::string kind(wrapper->begin()->key());
      const json::object& body = wrapper->begin()->value().get_object();
      const std::string body_at = json_pointer_append(at, kind);
      if (const json::value* name = body.if_contains("name"); name && name->is_string() && name->get_string() != key)
        warning(findings, "TYPE_NAME_MISMATCH", json_pointer_append(body_at, "name"),
                fmt::format("type definition \"{}\" calls itself \"{}\"; values name their type, so they will not match \"{}\"",
                            std::string_view(key), std::string_view(name->get_string()), std::string_view(key)));
      const bool is_struct = kind == "Struct";
      const char* members = is_struct ? "fields" : "variants";
      NameSet seen;
      each_object(body, members, body_at, [&](const json::object& member, const std::string& member_at) {
        collect_named_in(member, member_at, named_uses_);
        std::string name = checked_name(member, "name", member_at, is_struct ? "field" : "variant", findings);
        std::string first;
        if (!name.empty() && !seen.add(name, json_pointer_append(member_at, "name"), &first))
          error(findings, is_struct ? "DUPLICATE_FIELD" : "DUPLICATE_VARIANT", json_pointer_append(member_at, "name"),
                fmt::format("{} \"{}\" of type \"{}\" is declared twice (first at {})", is_struct ? "field" : "variant", name,
                            std::string_view(key), first));
      });
      if (!is_struct && body.contains("variants") && body.at("variants").is_array() && body.at("variants").get_array().empty())
        warning(findings, "EMPTY_ENUM", json_pointer_append(body_at, "variants"),
                fmt::format("enum \"{}\" has no variants, so no value can have its type", std::string_view(key)));
    }
  }
  for (const auto& use : named_uses_)
    if (!definitions || !definitions->contains(use.type_name))
      error(findings, "UNKNOWN_TYPE_NAME", use.pointer,
            fmt::format("type \"{}\" is not among the module's type_definitions", use.type_name));
}

void ModuleRules::subscription_findings(const std::string& module_name, bool tables_listed, bool reducers_listed,
                                        std::vector<Finding>& findings) const {
  std::map<std::tuple<std::string, std::string, std::string, std::string>, std::string> seen;
  for (const auto& s : subscriptions_) {
    std::string at = json_pointer_append("/subscriptions", s.index);
    // A subscription to another module's table cannot be checked against this schema.
    if (tables_listed && s.module_name && s.table_name && *s.module_name == module_name && !tables_.declares(*s.table_name))
      error(findings, "SUBSCRIPTION_UNKNOWN_TABLE", json_pointer_append(at, "table_name"),
            fmt::format("subscription to table \"{}\", which module \"{}\" does not declare", *s.table_name, module_name));
    if (reducers_listed && s.reducer_name && !reducers_.declares(*s.reducer_name))
      error(findings, "SUBSCRIPTION_UNKNOWN_REDUCER", json_pointer_append(at, "reducer_name"),
            fmt::format("subscription calls reducer \"{}\", which this module does not declare", *s.reducer_name));
    if (s.module_name && s.table_name && s.reducer_name && s.event) {
      auto [it, inserted] = seen.emplace(std::make_tuple(*s.module_name, *s.table_name, *s.reducer_name, *s.event), at);
      if (!inserted)
        error(findings, "DUPLICATE_SUBSCRIPTION", at,
              fmt::format("subscription {}.{} {} -> {} is declared twice (first at {})", *s.module_name, *s.table_name,
                          *s.event, *s.reducer_name, it->second));
    }
  }
}

}  // namespace interstice::validate
