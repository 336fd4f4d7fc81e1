// The module-schema lint rules: every problem in one schema, each with a stable rule id, a
// severity and the RFC 6901 pointer of the node at fault. They run one list element at a time
// (as read_schema_file parses a large schema, so no whole DOM is needed) and keep only small
// summaries (names, subscriptions' four strings) for the rules that look across elements.
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace interstice::validate {

enum class Severity { error, warning };

struct Finding {
  std::string rule;
  Severity severity = Severity::error;
  std::string pointer;
  std::string message;
};

/// The ABI version of module schemas this toolkit understands.
inline constexpr std::uint64_t kSupportedAbiVersion = 1;

/// What the subscription rules need of one subscription (an object) once every table and
/// reducer is known: its index and its four strings (absent when missing or not a string).
struct SubscriptionSummary {
  std::size_t index = 0;
  std::optional<std::string> module_name, table_name, reducer_name, event;
};

/// A `{"Named": "T"}` type seen in a column or argument: resolved once type_definitions is read.
struct NamedUse {
  std::string type_name;
  std::string pointer;
};

/// The rules on one module schema. Its reducers, tables and subscriptions are given one element
/// at a time in document order (the lists in any order), then `finish` gives the findings in the
/// order the rules always had: abi_version, module name, tables, reducers, subscriptions.
class ModuleRules {
 public:
  /// An element of the module's `list` ("reducers", "tables" or "subscriptions") at `index`.
  void element(std::string_view list, std::size_t index, const boost::json::value& value);

  /// `module`: the schema's JSON with its lists present but empty (read_schema_file's skeleton).
  /// Appends this module's rule findings, pointers relative to the schema, to `findings`.
  void finish(const boost::json::value& module, std::vector<Finding>& findings);

  /// The module's subscriptions that are objects, in order.
  const std::vector<SubscriptionSummary>& subscriptions() const { return subscriptions_; }

 private:
  // A list's names: the first index declaring each non-empty name (duplicates point there) and
  // whether an element that is an object had no usable name (then "" counts as declared).
  struct Names {
    std::unordered_map<std::string, std::size_t> first;
    bool unnamed = false;
    bool declares(const std::string& name) const { return name.empty() ? unnamed : first.count(name) != 0; }
  };

  // Records the name of a list's element at `index`; a second use is a `rule` error there.
  static void declare(Names& names, const std::string& name, std::string_view list, std::size_t index,
                      std::string_view rule, std::string_view what, std::vector<Finding>& findings);
  void table(std::size_t index, const boost::json::value& value);
  void reducer(std::size_t index, const boost::json::value& value);
  void subscription(std::size_t index, const boost::json::value& value);
  void subscription_findings(const std::string& module_name, bool tables_listed, bool reducers_listed,
                             std::vector<Finding>& findings) const;
  // Type definitions' own rules, then every `{"Named": ...}` seen in the lists against them.
  void type_findings(const boost::json::object& module, std::vector<Finding>& findings);

  std::size_t table_count_ = 0, reducer_count_ = 0;
  Names tables_, reducers_;
  std::vector<Finding> table_findings_, reducer_findings_;  // each list's, in element order
  std::vector<SubscriptionSummary> subscriptions_;
  std::vector<NamedUse> named_uses_;  // in document order of the lists
};

}  // namespace interstice::validate
