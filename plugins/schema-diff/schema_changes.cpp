// The comparison rules. Matching is by name; everything a client, caller or stored row depends on
// is compared: tables, visibility, keys, columns (and their order, since rows are positional),
// reducers and their signatures, subscriptions, and the module's identity.
#include "schema_changes.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>

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
      "SUBSCRIPTION_ADDED", "SUBSCRIPTION_REMOVED"};
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

template <typename T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
  return it == items.end() ? nullptr : &*it;
}

// The names two lists share, in the order each list has them.
template <typename T>
std::pair<std::vector<std::string>, std::vector<std::string>> shared_order(const std::vector<T>& a, const std::vector<T>& b) {
  std::pair<std::vector<std::string>, std::vector<std::string>> order;
  for (const auto& x : a)
    if (find_named(b, x.name)) order.first.push_back(x.name);
  for (const auto& x : b)
    if (find_named(a, x.name)) order.second.push_back(x.name);
  return order;
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
    sort();
    return std::move(changes_);
  }

 private:
  void add(std::string rule, ChangeClass c, json::object target, json::value from, json::value to, std::string message) {
    changes_.push_back({std::move(rule), c, std::move(target), std::move(from), std::move(to), std::move(message)});
  }

  void tables() {
    for (const auto& t : old_.tables)
      if (!find_named(new_.tables, t.name))
        add("TABLE_REMOVED", ChangeClass::breaking, {{"table", t.name}}, nullptr, nullptr,
            fmt::format("table \"{}\" was removed", t.name));
    for (const auto& t : new_.tables) {
      const auto* before = find_named(old_.tables, t.name);
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
    for (const auto& c : a.entries)
      if (!find_named(b.entries, c.name))
        add("COLUMN_REMOVED", ChangeClass::breaking, {{"table", a.name}, {"column", c.name}}, nullptr, nullptr,
            fmt::format("column \"{}\" ({}) was removed from table \"{}\"", c.name, c.type.to_string(), a.name));
    for (const auto& c : b.entries) {
      const auto* before = find_named(a.entries, c.name);
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
    auto [was, now] = shared_order(a.entries, b.entries);
    if (was != now)
      add("COLUMN_REORDERED", ChangeClass::breaking, target, json::value_from(was), json::value_from(now),
          fmt::format("columns of table \"{}\" changed order; rows are stored by position", a.name));
  }

  void reducers() {
    for (const auto& r : old_.reducers)
      if (!find_named(new_.reducers, r.name))
        add("REDUCER_REMOVED", ChangeClass::breaking, {{"reducer", r.name}}, nullptr, nullptr,
            fmt::format("reducer \"{}\" was removed; callers will fail", r.name));
    for (const auto& r : new_.reducers) {
      const auto* before = find_named(old_.reducers, r.name);
      if (!before) {
        add("REDUCER_ADDED", ChangeClass::compatible, {{"reducer", r.name}}, nullptr, nullptr,
            fmt::format("reducer \"{}\" was added", r.name));
        continue;
      }
      reducer(*before, r);
    }
  }

  void reducer(const sdk::ReducerSchema& a, const sdk::ReducerSchema& b) {
    for (const auto& arg : a.arguments)
      if (!find_named(b.arguments, arg.name))
        add("REDUCER_ARGUMENT_REMOVED", ChangeClass::breaking, {{"reducer", a.name}, {"argument", arg.name}}, nullptr, nullptr,
            fmt::format("argument \"{}\" was removed from reducer \"{}\"; old callers send it", arg.name, a.name));
    for (const auto& arg : b.arguments) {
      const auto* before = find_named(a.arguments, arg.name);
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
    auto [was, now] = shared_order(a.arguments, b.arguments);
    if (was != now)
      add("REDUCER_ARGUMENTS_REORDERED", ChangeClass::breaking, {{"reducer", a.name}}, json::value_from(was), json::value_from(now),
          fmt::format("arguments of reducer \"{}\" changed order; callers pass them by position", a.name));
    if (!(a.return_type == b.return_type))
      add("REDUCER_RETURN_TYPE_CHANGED", ChangeClass::breaking, {{"reducer", a.name}}, json::string(a.return_type.to_string()),
          json::string(b.return_type.to_string()),
          fmt::format("reducer \"{}\" now returns {} instead of {}", a.name, b.return_type.to_string(), a.return_type.to_string()));
  }

  void subscriptions() {
    auto contains = [](const std::vector<sdk::Subscription>& list, const sdk::Subscription& s) {
      return std::find(list.begin(), list.end(), s) != list.end();
    };
    for (const auto& s : old_.subscriptions)
      if (!contains(new_.subscriptions, s))
        add("SUBSCRIPTION_REMOVED", ChangeClass::breaking, {{"subscription", subscription_json(s)}}, nullptr, nullptr,
            fmt::format("subscription {} was removed", subscription_text(s)));
    for (const auto& s : new_.subscriptions)
      if (!contains(old_.subscriptions, s))
        add("SUBSCRIPTION_ADDED", ChangeClass::compatible, {{"subscription", subscription_json(s)}}, nullptr, nullptr,
            fmt::format("subscription {} was added", subscription_text(s)));
  }

  void sort() {
    const auto& rules = all_rules();
    auto rank = [&](const std::string& rule) { return std::find(rules.begin(), rules.end(), rule) - rules.begin(); };
    std::stable_sort(changes_.begin(), changes_.end(), [&](const Change& x, const Change& y) {
      if (x.change_class != y.change_class) return x.change_class < y.change_class;
      if (x.rule != y.rule) return rank(x.rule) < rank(y.rule);
      return json::serialize(x.target) < json::serialize(y.target);
    });
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
