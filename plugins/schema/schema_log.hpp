// `schema --log`: reads a transaction log once and gathers what the `schema` result shows next to
// each table (records by operation, live rows after replay), plus the records the schema does
// not cover, so a user sees at a glance how a log and a schema relate.
#pragma once

#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/log_report.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/replay.hpp"
#include "interstice/sdk/schema.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace interstice::schema_command {

struct SchemaLogFacts {
  std::string path;
  boost::json::object format;  ///< sdk::format_json of the log read
  std::uint64_t records = 0;  ///< intact records read
  /// Records of modules other than the schema's, by module.
  std::map<std::string, std::uint64_t, std::less<>> other_modules;
  /// Records of the schema's module in tables it does not declare, by table.
  std::map<std::string, std::uint64_t, std::less<>> unknown_tables;
  /// Where reading stopped early; the counts cover the records before it.
  std::optional<sdk::LogDamage> damage;
  /// The replay of the schema's tables (other modules and unknown tables are only counted).
  sdk::LogReplay replay{sdk::LogReplay::Rows::hash_only};
};

/// Reads `log` to the end or to the first damage. `progress` (may be null) gets byte offsets.
SchemaLogFacts read_log_for_schema(const sdk::ModuleSchema& schema, sdk::OpenedLog& log, const std::string& path,
                                   sdk::Progress* progress);

}  // namespace interstice::schema_command
