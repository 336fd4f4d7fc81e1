// Record selection for the record-streaming commands (log-query, log-export): filter, decode
// only what matched, stop at --limit or --end, and stop cleanly on Ctrl-C. The reading itself
// (damage, --follow, progress) is the shared record loop, `RecordCursor` (record_cursor.hpp).
#pragma once

#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/record_cursor.hpp"
#include "interstice/sdk/record_filter.hpp"
#include "interstice/sdk/scanned_record.hpp"

#include <functional>
#include <optional>

namespace interstice::sdk {

struct ScanSummary {
  std::uint64_t scanned = 0;  ///< intact records read
  std::uint64_t matched = 0;  ///< records handed to the callback
  std::optional<LogDamage> damage;  ///< where reading stopped on a damaged record
  bool interrupted = false;   ///< Ctrl-C (SIGINT) ended the scan
};

/// Catches Ctrl-C (SIGINT), SIGTERM and SIGHUP while it lives, so a command can stop cleanly
/// (and remove its temp files) instead of being killed; the previous dispositions are put back
/// on destruction. Scopes nest (an inner scope keeps the flag an outer one already set). It
/// catches the signals even when they were ignored on entry, so `kill -INT` stops a background
/// `--follow` cleanly too. Scopes on several threads share the one process-wide handler and
/// flag: the first installs it, the last restores the previous dispositions, and a stop request
/// interrupts them all. `HostServices::cancelled()` reads the same flag.
class INTERSTICE_SDK_API InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

  /// True once SIGINT, SIGTERM or SIGHUP arrived while a scope was active (any thread may ask).
  static bool interrupted();
};

/// Gets each selected record; its rows are decoded only if the callback (or --pk) asks.
using RecordCallback = std::function<void(const ScannedRecord&)>;

/// Streams the selected records of `log` to `emit`. With `filter.follow()` it polls for growth
/// at end of file (an incomplete last record is waited for, not reported) until SIGINT; a file
/// that shrinks below what was read (truncated or rewritten) stops the follow with `damage`
/// saying so. `--limit 0` and `--end 0` select nothing and read nothing. Throws
/// `Error::usage` when the filter needs timestamps and the log's format has none.
INTERSTICE_SDK_API ScanSummary scan_log(OpenedLog& log, const RecordFilter& filter, const RecordCallback& emit,
                                        Progress* progress = nullptr);

}  // namespace interstice::sdk
