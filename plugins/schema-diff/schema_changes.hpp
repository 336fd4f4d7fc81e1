// Every difference between two versions of a module schema that matters to its clients, its
// callers or its stored data, classified the way buf breaking and SpacetimeDB's migration checks
// classify them.
#pragma once

#include "interstice/sdk/finding.hpp"
#include "interstice/sdk/report.hpp"
#include "interstice/sdk/schema.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace interstice::schema_diff {

enum class ChangeClass { breaking, data_breaking, compatible };

/// The class a finding carries (sdk::Finding::change_class, "class" in JSON).
sdk::ChangeClass to_sdk(ChangeClass c);

struct Change {
  std::string rule;            ///< TABLE_ADDED, COLUMN_TYPE_CHANGED, ...
  ChangeClass change_class = ChangeClass::compatible;
  boost::json::object target;  ///< table, column, reducer, argument or subscription
  boost::json::value from;     ///< null when not a change of value
  boost::json::value to;
  std::string message;
};

/// Every rule id, in report order.
const std::vector<std::string>& all_rules();

/// Compares by name; each list's names must be unique (refuse_repeated_names). The result is
/// sorted by class (breaking first), then rule, then target.
std::vector<Change> compare_schemas(const sdk::ModuleSchema& old_schema, const sdk::ModuleSchema& new_schema);

}  // namespace interstice::schema_diff
