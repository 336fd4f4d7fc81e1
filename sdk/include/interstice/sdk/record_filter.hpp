// The record selection shared by `log-query`, `log-export` and any command that walks a log:
// --module, --table, --op, --since/--until, --start/--end, --pk, --limit, --follow. All filters
// combine with AND. Cheap tests run on the zero-copy view; only --pk needs the decoded row.
#pragma once

#include "interstice/sdk/command_context.hpp"
#include "interstice/sdk/command_syntax.hpp"
#include "interstice/sdk/transaction.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace interstice::sdk {

/// ms since the Unix epoch from "1735689600000" or ISO 8601 ("2025-01-01", "2025-01-01T12:30:00Z",
/// "2025-01-01T12:30:00.250+01:00"); nullopt when the text is neither.
INTERSTICE_SDK_API std::optional<std::uint64_t> parse_time(std::string_view text);

/// True when `key` equals the key the user typed: a number matches any integer or float kind
/// with that value, `true`/`false` a Bool, other text a String (quote it, "42", to force a
/// String), and serde JSON (`{"U64":1}`) matches exactly.
INTERSTICE_SDK_API bool key_matches(const Value& key, std::string_view typed);

class INTERSTICE_SDK_API RecordFilter {
 public:
  /// Adds the filter options to a command's syntax.
  static void declare(CommandSyntax& syntax);
  /// Reads them back; usage errors for bad values (unknown --op, unparsable time, start > end).
  static RecordFilter from(const CommandContext& context);

  bool wants_timestamps() const { return since_ || until_; }
  bool follow() const { return follow_; }
  std::optional<std::uint64_t> limit() const { return limit_; }
  bool needs_decoded_row() const { return pk_.has_value(); }

  /// Every test that needs no decoding.
  bool matches(const TransactionView& record) const {
    if (record.index < start_) return false;
    if (end_ && record.index >= *end_) return false;
    if (!operations_[static_cast<std::size_t>(record.operation)]) return false;
    if (module_ && record.module != *module_) return false;
    if (table_ && record.table != *table_) return false;
    if (since_ && (!record.timestamp || *record.timestamp < *since_)) return false;
    if (until_ && (!record.timestamp || *record.timestamp > *until_)) return false;
    return true;
  }
  bool matches_decoded(const Transaction& record) const { return !pk_ || key_matches(record.row.primary_key, *pk_); }
  /// The index range is empty (--end at or before --start): no record can match at all.
  bool finished_before_start() const { return end_ && *end_ <= start_; }
  /// No later record can match (past --end), so a scan can stop.
  bool finished_at(const TransactionView& record) const { return end_ && record.index + 1 >= *end_; }

  /// "module=users AND op=insert", or "none" when everything is selected.
  std::string description() const;
  /// No option leaves a record out (no test, no index range, no --limit).
  bool selects_everything() const;
  /// Some test of `matches` can leave a record out (what a reader can test for a scan: its
  /// `CursorOptions::select`).
  bool tests_views() const;

 private:
  std::optional<std::string> module_, table_, pk_;
  std::array<bool, 3> operations_{true, true, true};
  std::optional<std::string> operations_text_;
  std::optional<std::uint64_t> since_, until_, end_, limit_;
  std::uint64_t start_ = 0;
  bool follow_ = false;
};

}  // namespace interstice::sdk
