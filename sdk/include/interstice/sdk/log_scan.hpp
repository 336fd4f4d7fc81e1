// The loop every record-streaming command runs: read, filter, decode only what matched, stop at
// --limit or --end, wait for more bytes with --follow, and stop cleanly on Ctrl-C.
#pragma once

#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/record_filter.hpp"

#include <functional>
#include <optional>

namespace interstice::sdk {

struct ScanSummary {
  std::uint64_t scanned = 0;  ///< intact records read
  std::uint64_t matched = 0;  ///< records handed to the callback
  std::optional<LogDamage> damage;  ///< where reading stopped on a damaged record
  bool interrupted = false;   ///< Ctrl-C (SIGINT) ended the scan
};

using RecordCallback = std::function<void(const TransactionView&, const Transaction&)>;

/// Streams the selected records of `log` to `emit`. With `filter.follow()` it polls for growth
/// at end of file (an incomplete last record is waited for, not reported) until SIGINT. Throws
/// `Error::usage` when the filter needs timestamps and the log's format has none.
INTERSTICE_SDK_API ScanSummary scan_log(OpenedLog& log, const RecordFilter& filter, const RecordCallback& emit,
                                        Progress* progress = nullptr);

}  // namespace interstice::sdk
