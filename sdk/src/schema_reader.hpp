// The module schema reader, private to the SDK: walks a JSON DOM into a ModuleSchema, reporting
// every problem (rule, JSON pointer, message) to a sink in a fixed order. Shared by the DOM entry
// points (schema_json.cpp) and the streamed reader (schema_stream.cpp), which reads each element
// of a module's lists as it is parsed and hands the results over as a PrereadModule.
#pragma once

#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/util/json_fields.hpp"  // json_kind_name

#include <boost/json/value.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <deque>
#include <functional>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk::detail {

namespace json = boost::json;

/// One list's elements read while the document was parsed (a deque: it grows without copying)
/// and the problems found in them, in order.
template <typename T>
struct PrereadList {
  std::deque<T> elements;
  std::vector<SchemaProblem> problems;
};

struct PrereadModule {
  PrereadList<ReducerSchema> reducers;
  PrereadList<TableSchema> tables;
  PrereadList<Subscription> subscriptions;
};

// Thrown past a node that could not be read; the nearest enclosing `attempt` resumes with the
// next sibling, so one bad node never hides problems elsewhere.
struct SkipNode {};

// Walks one document, reporting every problem to the sink.
class SchemaReader {
 public:
  using Sink = std::function<void(const SchemaProblem&)>;
  SchemaReader(const std::string& file, const Sink& sink) : file_(file), sink_(sink) {}

  [[noreturn]] void fail(const std::string& pointer, std::string rule, const std::string& message) const {
    sink_(SchemaProblem{std::move(rule), pointer, message, true});
    throw SkipNode{};
  }

  // Runs `read`; false when a node inside it had to be skipped.
  template <typename Read>
  bool attempt(Read&& read) const {
    try {
      read();
      return true;
    } catch (const SkipNode&) {
      return false;
    }
  }

  const json::object& object(const json::value& v, const std::string& pointer,
                             std::initializer_list<std::string_view> known) const {
    if (!v.is_object()) fail(pointer, "WRONG_JSON_TYPE", fmt::format("expected an object, found {}", json_kind_name(v)));
    for (const auto& m : v.get_object()) {
      if (std::find(known.begin(), known.end(), m.key()) == known.end())
        sink_(SchemaProblem{"UNKNOWN_MEMBER", json_pointer_append(pointer, m.key()),
                            fmt::format("unknown member \"{}\" is ignored", std::string_view(m.key())), false});
    }
    return v.get_object();
  }

  const json::array& array(const json::value& v, const std::string& pointer) const {
    if (!v.is_array()) fail(pointer, "WRONG_JSON_TYPE", fmt::format("expected an array, found {}", json_kind_name(v)));
    return v.get_array();
  }

  std::string string(const json::value& v, const std::string& pointer) const {
    if (!v.is_string()) fail(pointer, "WRONG_JSON_TYPE", fmt::format("expected a string, found {}", json_kind_name(v)));
    return std::string(v.get_string());
  }

  std::uint64_t unsigned_integer(const json::value& v, const std::string& pointer, std::uint64_t max, std::string_view what) const {
    if (v.is_uint64() && v.get_uint64() <= max) return v.get_uint64();
    if (v.is_int64() && v.get_int64() >= 0 && static_cast<std::uint64_t>(v.get_int64()) <= max)
      return static_cast<std::uint64_t>(v.get_int64());
    if (v.is_int64() || v.is_uint64())
      fail(pointer, "VALUE_OUT_OF_RANGE", fmt::format("{} must be an integer from 0 to {}", what, max));
    fail(pointer, "WRONG_JSON_TYPE", fmt::format("expected an integer, found {}", json_kind_name(v)));
  }

  const json::value& member(const json::object& o, std::string_view name, const std::string& pointer) const {
    const json::value* v = o.if_contains(name);
    if (!v) fail(pointer, "MISSING_MEMBER", fmt::format("missing member \"{}\"", name));
    return *v;
  }

  // The runtime's IntersticeType in serde JSON: "U64", {"Vec": T}, {"Option": T}, {"Tuple": [T, ...]},
  // {"Named": "Point"}.
  ValueType type(const json::value& v, const std::string& pointer) const {
    if (v.is_string()) {
      std::string_view name = v.get_string();
      if (auto kind = primitive_kind(name)) return ValueType::primitive(*kind);
      if (name == "Vec" || name == "Option")
        fail(pointer, "UNKNOWN_TYPE", fmt::format("type \"{}\" needs an element type, as {{\"{}\": T}}", name, name));
      if (name == "Tuple" || name == "Named")
        fail(pointer, "UNKNOWN_TYPE",
             fmt::format("type \"{}\" needs {}", name, name == "Tuple" ? "its element types, as {\"Tuple\": [T, ...]}"
                                                                       : "a type name, as {\"Named\": \"Point\"}"));
      fail(pointer, "UNKNOWN_TYPE", fmt::format("unknown type \"{}\"", name));
    }
    if (v.is_object() && v.get_object().size() == 1) {
      const auto& [key, element] = *v.get_object().begin();
      std::string inner = json_pointer_append(pointer, key);
      if (key == "Vec") return ValueType::vec(type(element, inner));
      if (key == "Option") return ValueType::option(type(element, inner));
      if (key == "Tuple") {
        std::vector<ValueType> elements;
        if (!list(element, inner, elements, [this](const json::value& e, const std::string& p) { return type(e, p); }))
          throw SkipNode{};
        return ValueType::tuple(std::move(elements));
      }
      if (key == "Named") {
        std::string name = string(element, inner);
        if (name.empty()) fail(inner, "UNKNOWN_TYPE", "a Named type needs a non-empty type name");
        return ValueType::named(std::move(name));
      }
      fail(pointer, "UNKNOWN_TYPE",
           fmt::format("unknown type \"{}\" (only Vec, Option, Tuple and Named take arguments)", std::string_view(key)));
    }
    fail(pointer, "WRONG_JSON_TYPE",
         fmt::format("expected a type name or {{\"Vec\"|\"Option\"|\"Tuple\"|\"Named\": ...}}, found {}", json_kind_name(v)));
  }

  // A column, argument, field or variant: v1's EntrySchema {name, value_type} or g2's FieldDef
  // {name, field_type}.
  Column column(const json::value& v, const std::string& pointer) const {
    const auto& o = object(v, pointer, {"name", "value_type", "field_type"});
    Column c;
    bool ok = attempt([&] { c.name = string(member(o, "name", pointer), json_pointer_append(pointer, "name")); });
    const char* type_key = o.contains("field_type") && !o.contains("value_type") ? "field_type" : "value_type";
    ok &= attempt([&] { c.type = type(member(o, type_key, pointer), json_pointer_append(pointer, type_key)); });
    if (!ok) throw SkipNode{};
    return c;
  }

  // Reads every element it can; false when any was skipped.
  template <typename T, typename ReadOne>
  bool list(const json::value& v, const std::string& pointer, std::vector<T>& out, ReadOne&& read_one) const {
    const auto& a = array(v, pointer);
    bool all = true;
    for (std::size_t i = 0; i < a.size(); ++i)
      all &= attempt([&] { out.push_back(read_one(a[i], json_pointer_append(pointer, i))); });
    return all;
  }

  std::vector<Column> columns(const json::value& v, const std::string& pointer) const {
    std::vector<Column> out;
    if (!list(v, pointer, out, [this](const json::value& e, const std::string& p) { return column(e, p); })) throw SkipNode{};
    return out;
  }

  template <typename Enum, std::size_t N>
  Enum choice(const json::value& v, const std::string& pointer, const std::array<std::pair<std::string_view, Enum>, N>& names,
              std::string_view what, const char* rule) const {
    std::string text = string(v, pointer);
    for (const auto& [name, value] : names)
      if (name == text) return value;
    std::string allowed;
    for (const auto& [name, value] : names) {
      if (!allowed.empty()) allowed += ", ";
      allowed += name;
    }
    fail(pointer, rule, fmt::format("unknown {} \"{}\" (expected one of {})", what, text, allowed));
  }

  ReducerSchema reducer(const json::value& v, const std::string& at) const {
    const auto& r = object(v, at, {"name", "arguments", "return_type"});
    ReducerSchema reducer;
    bool ok = attempt([&] { reducer.name = string(member(r, "name", at), json_pointer_append(at, "name")); });
    ok &= attempt([&] { reducer.arguments = columns(member(r, "arguments", at), json_pointer_append(at, "arguments")); });
    ok &= attempt([&] { reducer.return_type = type(member(r, "return_type", at), json_pointer_append(at, "return_type")); });
    if (!ok) throw SkipNode{};
    return reducer;
  }

  TableSchema table(const json::value& v, const std::string& at) const {
    static constexpr std::array<std::pair<std::string_view, Visibility>, 2> kVisibility{
        {{"Public", Visibility::Public}, {"Private", Visibility::Private}}};
    // g2 tables name their columns `fields` and carry members this toolkit does not model.
    const auto& t = object(v, at, {"name", "visibility", "entries", "fields", "primary_key", "type_name",
                                   "primary_key_auto_inc", "indexes", "persistence"});
    const char* columns_key = t.contains("fields") && !t.contains("entries") ? "fields" : "entries";
    TableSchema table;
    bool ok = attempt([&] { table.name = string(member(t, "name", at), json_pointer_append(at, "name")); });
    ok &= attempt([&] {
      table.visibility = choice(member(t, "visibility", at), json_pointer_append(at, "visibility"), kVisibility,
                                "visibility", "UNKNOWN_VISIBILITY");
    });
    ok &= attempt([&] { table.entries = columns(member(t, columns_key, at), json_pointer_append(at, columns_key)); });
    ok &= attempt([&] { table.primary_key = column(member(t, "primary_key", at), json_pointer_append(at, "primary_key")); });
    if (!ok) throw SkipNode{};
    return table;
  }

  Subscription subscription(const json::value& v, const std::string& at) const {
    static constexpr std::array<std::pair<std::string_view, SubscriptionEvent>, 3> kEvents{
        {{"Insert", SubscriptionEvent::Insert}, {"Update", SubscriptionEvent::Update}, {"Delete", SubscriptionEvent::Delete}}};
    const auto& s = object(v, at, {"module_name", "table_name", "reducer_name", "event"});
    Subscription sub;
    bool ok = attempt([&] { sub.module_name = string(member(s, "module_name", at), json_pointer_append(at, "module_name")); });
    ok &= attempt([&] { sub.table_name = string(member(s, "table_name", at), json_pointer_append(at, "table_name")); });
    ok &= attempt([&] { sub.reducer_name = string(member(s, "reducer_name", at), json_pointer_append(at, "reducer_name")); });
    ok &= attempt([&] { sub.event = choice(member(s, "event", at), json_pointer_append(at, "event"), kEvents, "event", "UNKNOWN_EVENT"); });
    if (!ok) throw SkipNode{};
    return sub;
  }

  // `preread`: the module's lists were streamed (schema_stream.cpp) and `root` holds them empty;
  // their elements and problems are taken from it, each list at its turn, so problems come in
  // the same order as when the whole document is read.
  ModuleSchema module(const json::value& root, PrereadModule* preread = nullptr) const {
    ModuleSchema m;
    attempt([&] {
      const auto& o = object(root, "", {"abi_version", "name", "version", "reducers", "tables", "subscriptions",
                                        "type_definitions", "visibility", "queries", "authorities", "module_dependencies",
                                        "node_dependencies"});
      attempt([&] {
        m.abi_version = static_cast<std::uint32_t>(
            unsigned_integer(member(o, "abi_version", ""), "/abi_version", std::numeric_limits<std::uint32_t>::max(), "abi_version"));
      });
      attempt([&] { m.name = string(member(o, "name", ""), "/name"); });
      attempt([&] {
        const auto& version = object(member(o, "version", ""), "/version", {"major", "minor", "patch"});
        auto component = [&](const char* name, std::uint16_t& out) {
          attempt([&] {
            std::string at = json_pointer_append("/version", name);
            out = static_cast<std::uint16_t>(unsigned_integer(member(version, name, "/version"), at, 65535, at.substr(1)));
          });
        };
        component("major", m.version.major);
        component("minor", m.version.minor);
        component("patch", m.version.patch);
      });
      module_list(o, "reducers", m.reducers, preread ? &preread->reducers : nullptr,
                  [this](const json::value& v, const std::string& p) { return reducer(v, p); });
      module_list(o, "tables", m.tables, preread ? &preread->tables : nullptr,
                  [this](const json::value& v, const std::string& p) { return table(v, p); });
      module_list(o, "subscriptions", m.subscriptions, preread ? &preread->subscriptions : nullptr,
                  [this](const json::value& v, const std::string& p) { return subscription(v, p); });
      if (const json::value* types = o.if_contains("type_definitions"))
        attempt([&] { m.type_definitions = type_definitions(*types, "/type_definitions"); });
    });
    return m;
  }

  // g2's `type_definitions`, a map from type name to {"Struct": {name, fields}} or {"Enum": {name,
  // variants}}; sorted by name for ModuleSchema::find_type.
  std::vector<TypeDefinition> type_definitions(const json::value& v, const std::string& at) const {
    if (!v.is_object()) fail(at, "WRONG_JSON_TYPE", fmt::format("expected an object, found {}", json_kind_name(v)));
    std::vector<TypeDefinition> out;
    bool all = true;
    for (const auto& [name, definition] : v.get_object()) {
      all &= attempt([&] { out.push_back(type_definition(std::string(name), definition, json_pointer_append(at, name))); });
    }
    if (!all) throw SkipNode{};
    std::sort(out.begin(), out.end(), [](const TypeDefinition& a, const TypeDefinition& b) { return a.name < b.name; });
    return out;
  }

  TypeDefinition type_definition(std::string name, const json::value& v, const std::string& at) const {
    if (!v.is_object() || v.get_object().size() != 1)
      fail(at, "WRONG_JSON_TYPE", fmt::format("expected {{\"Struct\": ...}} or {{\"Enum\": ...}}, found {}", json_kind_name(v)));
    const auto& [kind, body] = *v.get_object().begin();
    const std::string inner = json_pointer_append(at, kind);
    if (kind != "Struct" && kind != "Enum")
      fail(at, "UNKNOWN_TYPE", fmt::format("unknown type definition \"{}\" (expected Struct or Enum)", std::string_view(kind)));
    const bool is_struct = kind == "Struct";
    const char* members_key = is_struct ? "fields" : "variants";
    const auto& o = object(body, inner, {"name", members_key});
    TypeDefinition definition;
    definition.kind = is_struct ? TypeDefinition::Kind::Struct : TypeDefinition::Kind::Enum;
    definition.name = std::move(name);  // the map key is what `Named` refers to; validate lints a differing "name"
    bool ok = attempt([&] { string(member(o, "name", inner), json_pointer_append(inner, "name")); });
    ok &= attempt([&] { definition.members = columns(member(o, members_key, inner), json_pointer_append(inner, members_key)); });
    if (!ok) throw SkipNode{};
    return definition;
  }

 private:
  template <typename T, typename ReadOne>
  void module_list(const json::object& o, std::string_view name, std::vector<T>& out, PrereadList<T>* preread,
                   ReadOne&& read_one) const {
    attempt([&] {
      const json::value& v = member(o, name, "");
      const std::string at = json_pointer_append("", name);
      if (!preread) {
        list(v, at, out, read_one);
        return;
      }
      array(v, at);
      for (const auto& problem : preread->problems) sink_(problem);
      out.reserve(preread->elements.size());
      while (!preread->elements.empty()) {  // freed as they move, so the two never coexist whole
        out.push_back(std::move(preread->elements.front()));
        preread->elements.pop_front();
      }
    });
  }

  const std::string& file_;
  const Sink& sink_;
};

}  // namespace interstice::sdk::detail
