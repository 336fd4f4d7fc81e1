// The comparison rules. Matching is by name; everything a client, caller or stored row depends on
// is compared: tables, visibility, keys, columns (and their order, since rows are positional),
// reducers and their signatures, subscriptions, user-defined types, and the module's identity.
#include "schema_changes.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace json = boost::json;

namespace interstice::schema_diff {

sdk::ChangeClass to_sdk(ChangeClass c) {
  switch (c) {
    case ChangeClass::breaking: return sdk::ChangeClass::breaking;
    case ChangeClass::data_breaking: return sdk::ChangeClass::data_breaking;
    case ChangeClass::compatible: return sdk::ChangeClass::compatible;
  }
  return sdk::ChangeClass::none;
}

const std::vector<std::string>& all_rules() {
  static const std::vector<std::string> rules = {
      "MODULE_RENAMED", "ABI_VERSION_CHANGED", "TABLE_ADDED", "TABLE_REMOVED", "TABLE_VISIBILITY_CHANGED",
      "PRIMARY_KEY_CHANGED", "COLUMN_ADDED", "COLUMN_REMOVED", "COLUMN_TYPE_CHANGED", "COLUMN_REORDERED",
      "REDUCER_ADDED", "REDUCER_REMOVED", "REDUCER_ARGUMENT_ADDED", "REDUCER_ARGUMENT_REMOVED",
      "REDUCER_ARGUMENT_TYPE_CHANGED", "REDUCER_ARGUMENTS_REORDERED", "REDUCER_RETURN_TYPE_CHANGED",
      "SUBSCRIPTION_ADDED", "SUBSCRIPTION_REMOVED", "TYPE_ADDED", "TYPE_REMOVED", "TYPE_CHANGED", "ENUM_VARIANT_ADDED"};
  return rules;
}

namespace {

json::object subscription_json(const sdk::Subscription& s) {
  return json::object{{"module_name", s.module_name},
                      {"table_name", s.table_name},
                      {"reducer_name", s.reducer_name},
                      {"event", sdk::to_string(s.event)}};
}

std::string subscription_text(const sdk::Subscription& s) {
  return fmt::format("{}.{} {} -> {}", s.module_name, s.table_name, sdk::to_string(s.event), s.reducer_name);
}

// A list indexed by name once, so that comparing lists of n tables, columns, reducers or
// arguments takes O(n), not O(n²) (100,000 tables compare in well under a second). Short lists
// (most tables' columns) are searched in place, which is faster than hashing. Names are unique
// within a list: the command refuses a schema that repeats one (repeated_names.hpp).
template <typename T>
class ByName {
 public:
  explicit ByName(const std::vector<T>& items) : items_(items) {
    if (items.size() <= kSearchedInPlace) return;
    index_.reserve(items.size());
    for (const auto& item : items) index_.emplace(item.name, &item);
  }
  const std::vector<T>& items() const { return items_; }
  const T* find(const std::string& name) const {
    if (items_.size() <= kSearchedInPlace) {
      for (const auto& item : items_)
        if (item.name == name) return &item;
      return nullptr;
    }
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : it->second;
  }

 private:
  static constexpr std::size_t kSearchedInPlace = 16;
  const std::vector<T>& items_;
  std::unordered_map<std::string_view, const T*> index_;
};

// The names two lists share, in the order each list has them.
template <typename T>
std::pair<std::vector<std::string>, std::vector<std::string>> shared_order(const ByName<T>& a, const ByName<T>& b) {
  std::pair<std::vector<std::string>, std::vector<std::string>> order;
  for (const auto& x : a.items())
    if (b.find(x.name)) order.first.push_back(x.name);
  for (const auto& x : b.items())
    if (a.find(x.name)) order.second.push_back(x.name);
  return order;
}

// Subscriptions have no name: the key is every field, separated by a byte no name holds.
std::string subscription_key(const sdk::Subscription& s) {
  const char separator = '\0';
  return s.module_name + separator + s.table_name + separator + std::string(sdk::to_string(s.event)) + separator +
         s.reducer_name;
}

class Comparison {
 public:
  Comparison(const sdk::ModuleSchema& a, const sdk::ModuleSchema& b) : old_(a), new_(b) {}

  std::vector<Change> run() {
    if (old_.name != new_.name)
      add("MODULE_RENAMED", ChangeClass::breaking, {}, json::string(old_.name), json::string(new_.name),
          fmt::format("module renamed from \"{}\" to \"{}\"; clients address it by name", old_.name, new_.name));
    if (old_.abi_version != new_.abi_version)
      add("ABI_VERSION_CHANGED", ChangeClass::breaking, {}, old_.abi_version, new_.abi_version,
          fmt::format("abi_version changed from {} to {}", old_.abi_version, new_.abi_version));
    tables();
    reducers();
    subscriptions();
    types();
    sort();
    return std::move(changes_);
  }

 private:
  void add(std::string rule, ChangeClass c, json::object target, json::value from, json::value to, std::string message) {
    changes_.push_back({std::move(rule), c, std::move(target), std::move(from), std::move(to), std::move(message)});
  }

  void tables() {
    const ByName<sdk::TableSchema> old_tables(old_.tables), new_tables(new_.tables);
    for (const auto& t : old_.tables)
      if (!new_tables.find(t.name))
        add("TABLE_REMOVED", ChangeClass::breaking, {{"table", t.name}}, nullptr, nullptr,
            fmt::format("table \"{}\" was removed", t.name));
    for (const auto& t : new_.tables) {
      const auto* before = old_tables.find(t.name);
      if (!before) {
        add("TABLE_ADDED", ChangeClass::compatible, {{"table", t.name}}, nullptr, nullptr,
            fmt::format("table \"{}\" was added ({})", t.name, sdk::to_string(t.visibility)));
        continue;
      }
      table(*before, t);
    }
  }

  void table(const sdk::TableSchema& a, const sdk::TableSchema& b) {
    json::object target{{"table", a.name}};
    if (a.visibility != b.visibility) {
      bool hidden = b.visibility == sdk::Visibility::Private;
      add("TABLE_VISIBILITY_CHANGED", hidden ? ChangeClass::breaking : ChangeClass::compatible, target,
          json::string(sdk::to_string(a.visibility)), json::string(sdk::to_string(b.visibility)),
          fmt::format("table \"{}\" changed from {} to {}{}", a.name, sdk::to_string(a.visibility), sdk::to_string(b.visibility),
                      hidden ? "; clients can no longer read it" : ""));
    }
    if (a.primary_key.name != b.primary_key.name || !(a.primary_key.type == b.primary_key.type)) {
      auto key = [](const sdk::Column& c) { return json::object{{"name", c.name}, {"type", c.type.to_string()}}; };
      add("PRIMARY_KEY_CHANGED", ChangeClass::breaking, target, key(a.primary_key), key(b.primary_key),
          fmt::format("primary key of table \"{}\" changed from {}: {} to {}: {}", a.name, a.primary_key.name,
                      a.primary_key.type.to_string(), b.primary_key.name, b.primary_key.type.to_string()));
    }
    const ByName<sdk::Column> a_columns(a.entries), b_columns(b.entries);
    for (const auto& c : a.entries)
      if (!b_columns.find(c.name))
        add("COLUMN_REMOVED", ChangeClass::breaking, {{"table", a.name}, {"column", c.name}}, nullptr, nullptr,
            fmt::format("column \"{}\" ({}) was removed from table \"{}\"", c.name, c.type.to_string(), a.name));
    for (const auto& c : b.entries) {
      const auto* before = a_columns.find(c.name);
      json::object column_target{{"table", a.name}, {"column", c.name}};
      if (!before) {
        add("COLUMN_ADDED", ChangeClass::data_breaking, column_target, nullptr, json::string(c.type.to_string()),
            fmt::format("column \"{}\" ({}) was added to table \"{}\"; existing rows and old logs lack it", c.name,
                        c.type.to_string(), a.name));
      } else if (!(before->type == c.type)) {
        add("COLUMN_TYPE_CHANGED", ChangeClass::breaking, column_target, json::string(before->type.to_string()),
            json::string(c.type.to_string()),
            fmt::format("column \"{}\" of table \"{}\" changed type from {} to {}", c.name, a.name, before->type.to_string(),
                        c.type.to_string()));
      }
    }
    auto [was, now] = shared_order(a_columns, b_columns);
    if (was != now)
      add("COLUMN_REORDERED", ChangeClass::breaking, target, json::value_from(was), json::value_from(now),
          fmt::format("columns of table \"{}\" changed order; rows are stored by position", a.name));
  }

  void reducers() {
    const ByName<sdk::ReducerSchema> old_reducers(old_.reducers), new_reducers(new_.reducers);
    for (const auto& r : old_.reducers)
      if (!new_reducers.find(r.name))
        add("REDUCER_REMOVED", ChangeClass::breaking, {{"reducer", r.name}}, nullptr, nullptr,
            fmt::format("reducer \"{}\" was removed; callers will fail", r.name));
    for (const auto& r : new_.reducers) {
      const auto* before = old_reducers.find(r.name);
      if (!before) {
        add("REDUCER_ADDED", ChangeClass::compatible, {{"reducer", r.name}}, nullptr, nullptr,
            fmt::format("reducer \"{}\" was added", r.name));
        continue;
      }
      reducer(*before, r);
    }
  }

  void reducer(const sdk::ReducerSchema& a, const sdk::ReducerSchema& b) {
    const ByName<sdk::Column> a_arguments(a.arguments), b_arguments(b.arguments);
    for (const auto& arg : a.arguments)
      if (!b_arguments.find(arg.name))
        add("REDUCER_ARGUMENT_REMOVED", ChangeClass::breaking, {{"reducer", a.name}, {"argument", arg.name}}, nullptr, nullptr,
            fmt::format("argument \"{}\" was removed from reducer \"{}\"; old callers send it", arg.name, a.name));
    for (const auto& arg : b.arguments) {
      const auto* before = a_arguments.find(arg.name);
      json::object target{{"reducer", a.name}, {"argument", arg.name}};
      if (!before) {
        add("REDUCER_ARGUMENT_ADDED", ChangeClass::breaking, target, nullptr, json::string(arg.type.to_string()),
            fmt::format("argument \"{}\" ({}) was added to reducer \"{}\"; old callers send the old arity", arg.name,
                        arg.type.to_string(), a.name));
      } else if (!(before->type == arg.type)) {
        add("REDUCER_ARGUMENT_TYPE_CHANGED", ChangeClass::breaking, target, json::string(before->type.to_string()),
            json::string(arg.type.to_string()),
            fmt::format("argument \"{}\" of reducer \"{}\" changed type from {} to {}", arg.name, a.name,
                        before->type.to_string(), arg.type.to_string()));
      }
    }
    auto [was, now] = shared_order(a_arguments, b_arguments);
    if (was != now)
      add("REDUCER_ARGUMENTS_REORDERED", ChangeClass::breaking, {{"reducer", a.name}}, json::value_from(was), json::value_from(now),
          fmt::format("arguments of reducer \"{}\" changed order; callers pass them by position", a.name));
    if (!(a.return_type == b.return_type))
      add("REDUCER_RETURN_TYPE_CHANGED", ChangeClass::breaking, {{"reducer", a.name}}, json::string(a.return_type.to_string()),
          json::string(b.return_type.to_string()),
          fmt::format("reducer \"{}\" now returns {} instead of {}", a.name, b.return_type.to_string(), a.return_type.to_string()));
  }

  void subscriptions() {
    auto keys = [](const std::vector<sdk::Subscription>& list) {
      std::unordered_set<std::string> set;
      for (const auto& s : list) set.insert(subscription_key(s));
      return set;
    };
    const auto old_keys = keys(old_.subscriptions), new_keys = keys(new_.subscriptions);
    for (const auto& s : old_.subscriptions)
      if (!new_keys.count(subscription_key(s)))
        add("SUBSCRIPTION_REMOVED", ChangeClass::breaking, {{"subscription", subscription_json(s)}}, nullptr, nullptr,
            fmt::format("subscription {} was removed", subscription_text(s)));
    for (const auto& s : new_.subscriptions)
      if (!old_keys.count(subscription_key(s)))
        add("SUBSCRIPTION_ADDED", ChangeClass::compatible, {{"subscription", subscription_json(s)}}, nullptr, nullptr,
            fmt::format("subscription {} was added", subscription_text(s)));
  }

  // User-defined types (g2's type_definitions), by name: a value names its type and, for a
  // struct, carries its fields positionally, so any change to an existing type but a new enum
  // variant breaks stored rows or callers.
  void types() {
    const ByName<sdk::TypeDefinition> old_types(old_.type_definitions), new_types(new_.type_definitions);
    auto kind = [](const sdk::TypeDefinition& d) { return d.kind == sdk::TypeDefinition::Kind::Struct ? "struct" : "enum"; };
    auto signature = [](const std::vector<sdk::Column>& members) {
      std::string text;
      for (const auto& m : members) text += (text.empty() ? "" : ", ") + m.name + ": " + m.type.to_string();
      return text;
    };
    for (const auto& d : old_.type_definitions)
      if (!new_types.find(d.name))
        add("TYPE_REMOVED", ChangeClass::breaking, {{"type", d.name}}, nullptr, nullptr,
            fmt::format("{} \"{}\" was removed", kind(d), d.name));
    for (const auto& d : new_.type_definitions) {
      const auto* before = old_types.find(d.name);
      if (!before) {
        add("TYPE_ADDED", ChangeClass::compatible, {{"type", d.name}}, nullptr, nullptr,
            fmt::format("{} \"{}\" was added", kind(d), d.name));
        continue;
      }
      if (before->kind == d.kind && before->members == d.members) continue;
      if (before->kind == d.kind && d.kind == sdk::TypeDefinition::Kind::Enum && variants_only_added(*before, d)) {
        for (const auto& v : d.members)
          if (!ByName<sdk::Column>(before->members).find(v.name))
            add("ENUM_VARIANT_ADDED", ChangeClass::compatible, {{"type", d.name}, {"variant", v.name}}, nullptr,
                json::string(v.type.to_string()), fmt::format("variant \"{}\" was added to enum \"{}\"", v.name, d.name));
        continue;
      }
      add("TYPE_CHANGED", ChangeClass::breaking, {{"type", d.name}},
          json::string(fmt::format("{} {{{}}}", kind(*before), signature(before->members))),
          json::string(fmt::format("{} {{{}}}", kind(d), signature(d.members))),
          fmt::format("{} \"{}\" changed from {{{}}} to {} {{{}}}", kind(*before), d.name, signature(before->members), kind(d),
                      signature(d.members)));
    }
  }

  // Every old variant is still there, unchanged: values written before still read the same.
  static bool variants_only_added(const sdk::TypeDefinition& a, const sdk::TypeDefinition& b) {
    const ByName<sdk::Column> now(b.members);
    for (const auto& v : a.members) {
      const auto* same = now.find(v.name);
      if (!same || !(same->type == v.type)) return false;
    }
    return true;
  }

  // By class, then rule, then target; each change's key is computed once, not per comparison.
  void sort() {
    const auto& rules = all_rules();
    std::vector<std::tuple<ChangeClass, std::ptrdiff_t, std::string, std::size_t>> keys;
    keys.reserve(changes_.size());
    for (std::size_t i = 0; i < changes_.size(); ++i) {
      const Change& c = changes_[i];
      keys.emplace_back(c.change_class, std::find(rules.begin(), rules.end(), c.rule) - rules.begin(),
                        json::serialize(c.target), i);
    }
    std::sort(keys.begin(), keys.end());  // the index last keeps equal keys in order, as a stable sort
    std::vector<Change> sorted;
    sorted.reserve(changes_.size());
    for (const auto& key : keys) sorted.push_back(std::move(changes_[std::get<3>(key)]));
    changes_ = std::move(sorted);
  }

  const sdk::ModuleSchema& old_;
  const sdk::ModuleSchema& new_;
  std::vector<Change> changes_;
};

}  // namespace

std::vector<Change> compare_schemas(const sdk::ModuleSchema& old_schema, const sdk::ModuleSchema& new_schema) {
  return Comparison(old_schema, new_schema).run();
}

}  // namespace interstice::schema_diff
