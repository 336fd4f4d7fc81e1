// `validate --log`: reads every record of a transaction log and checks each row against the
// module schemas, keeping totals per rule but only the first few findings of each rule, so a log
// of a million records that all break the same way gives a readable result, not a million lines.
#pragma once

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/schema.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace interstice::validate {

/// One problem at one record: a row that departs from its schema, or a damaged record.
struct LogFinding {
  std::string rule;     ///< LOG_UNKNOWN_MODULE ... LOG_COLUMN_TYPE (row_check.hpp), or LOG_DAMAGED
  std::string where;    ///< "row.entries[2] (score)", "module", "table"; "" for LOG_DAMAGED
  std::string message;  ///< one line that names the record, so it stands alone in any format
  std::uint64_t index = 0;
  std::uint64_t offset = 0;
  /// The record's module, table and operation; absent for a damaged record (nothing was read).
  std::optional<std::string> module;
  std::optional<std::string> table;
  std::optional<sdk::Operation> operation;
};

/// The rules a row check can report (row_check.hpp), which `--ignore` accepts. LOG_DAMAGED is
/// not among them: damage can never be ignored.
const std::vector<std::string>& row_rules();

struct LogCheckOptions {
  std::size_t findings_per_rule = 100;  ///< findings listed per rule; 0 lists all
  bool keep_going = false;              ///< resynchronise after damage instead of stopping
  std::vector<std::string> ignored_rules;  ///< row rules dropped from the findings (still counted)
};

struct LogCheckResult {
  std::uint64_t records_checked = 0;        ///< intact records read and checked
  std::uint64_t records_with_problems = 0;  ///< intact records with a mismatch not ignored
  std::uint64_t damaged_records = 0;
  bool read_to_end = true;  ///< false when reading stopped at damage
  std::map<std::string, std::uint64_t> counts_by_rule;  ///< every finding, listed or not
  std::map<std::string, std::uint64_t> ignored_by_rule;  ///< mismatches of ignored rules
  std::vector<LogFinding> findings;                     ///< in log order, capped per rule
  std::uint64_t findings_omitted = 0;

  std::uint64_t finding_count() const;
};

/// Reads `reader` to the end (or to the first damage, unless `keep_going`), decoding every intact
/// record and checking it with `sdk::check_transaction`. `progress` (may be null) gets offsets.
LogCheckResult check_log(sdk::LogReader& reader, const std::vector<sdk::ModuleSchema>& schemas,
                         const LogCheckOptions& options, sdk::Progress* progress);

}  // namespace interstice::validate
