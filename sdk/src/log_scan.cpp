// Record selection on top of the shared record loop (record_cursor.hpp): filters, --limit and
// --end here; damage, --follow and progress in the cursor. Ctrl-C (SIGINT), SIGTERM and SIGHUP
// are caught only while a scan (or another InterruptScope) runs, and the previous handlers are
// put back afterwards, so a plugin never leaves the process changed.
#include "interstice/sdk/log_scan.hpp"
#include "interstice/sdk/util/json_transcoder.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/transaction.hpp"

#include <fmt/format.h>

#include <signal.h>

#include <atomic>
#include <csignal>
#include <mutex>

namespace interstice::sdk {

namespace {

// Lock-free, so the handler may touch it (async-signal-safe).
std::atomic<bool> interrupt_flag{false};
static_assert(std::atomic<bool>::is_always_lock_free);

// The handler is the process's: the first scope to open (on any thread) installs it and the last
// to close puts back what was there before, so scopes on two threads (two commands run at once
// through one CommandRunner) neither race on the count nor restore each other's handler early.
// The stop requests a scope turns into a clean stop: Ctrl-C, `kill`, a closed terminal.
constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr std::size_t kSignalCount = sizeof kStopSignals / sizeof kStopSignals[0];

std::mutex scope_mutex;
int scope_depth = 0;                                 // guarded by scope_mutex
struct sigaction outer_previous[kSignalCount] = {};  // guarded: the dispositions before the first scope
bool outer_installed[kSignalCount] = {};             // guarded by scope_mutex

extern "C" void on_interrupt(int) { interrupt_flag.store(true); }

}  // namespace

InterruptScope::InterruptScope() {
  std::lock_guard lock(scope_mutex);
  if (scope_depth++ > 0) return;  // an open scope already catches SIGINT; keep its flag
  interrupt_flag.store(false);
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: a write to a pipe or terminal in progress when Ctrl-C arrives completes instead
  // of failing with EINTR (which would silently drop output).
  action.sa_flags = SA_RESTART;
  for (std::size_t i = 0; i < kSignalCount; ++i)
    outer_installed[i] = ::sigaction(kStopSignals[i], &action, &outer_previous[i]) == 0;
}

InterruptScope::~InterruptScope() {
  std::lock_guard lock(scope_mutex);
  if (--scope_depth > 0) return;
  for (std::size_t i = 0; i < kSignalCount; ++i) {
    if (outer_installed[i]) ::sigaction(kStopSignals[i], &outer_previous[i], nullptr);
    outer_installed[i] = false;
  }
}

bool InterruptScope::interrupted() { return interrupt_flag.load(); }

namespace {

// The records the loop below must see: those the filter may select, the one that ends the scan
// (--end), and any without a timestamp when the filter needs them (the first one is an error).
bool scan_wants(const TransactionView& record, const void* state) {
  const auto& filter = *static_cast<const RecordFilter*>(state);
  return filter.matches(record) || filter.finished_at(record) || (filter.wants_timestamps() && !record.timestamp);
}

}  // namespace

ScanSummary scan_log(OpenedLog& log, const RecordFilter& filter, const RecordCallback& emit, Progress* progress) {
  const JsonTranscoder* const transcoder = json_transcoder_of(*log.reader);  // once per scan, for --pk's records
  InterruptScope guard;
  ScanSummary summary;
  // Nothing can be selected: do not read (and with --follow, do not wait) at all.
  if ((filter.limit() && *filter.limit() == 0) || filter.finished_before_start()) return summary;
  RecordCursor cursor(log, {.damage = filter.follow() ? DamagePolicy::follow : DamagePolicy::stop,
                            .progress = progress,
                            .cancel = {[](const void*) { return interrupt_flag.load(); }},
                            .select = filter.tests_views() ? RecordSelection{scan_wants, &filter} : RecordSelection{}});
  std::optional<Transaction> decoded;
  while (const ScannedRecord* record = cursor.next()) {
    const TransactionView& view = record->view();
    if (cursor.summary().records == 1 && filter.wants_timestamps() && !view.timestamp)
      throw Error::usage(fmt::format("--since/--until need timestamps, and {} logs ({}) have none", log.variant,
                                     log.input->display_name()));
    if (filter.matches(view)) {
      bool selected = true;
      if (filter.needs_decoded_row()) {
        // --pk: decode once, and hand the decoded record on. Not through `record->transaction()`:
        // exporters copy the ScannedRecord, and a copy of its cache would copy the rows.
        decoded = log.reader->decode(view);
        selected = filter.matches_decoded(*decoded);
        if (selected) emit(ScannedRecord(view, *log.reader, &*decoded, transcoder));
      } else {
        emit(*record);
      }
      if (selected) {
        ++summary.matched;
        if (filter.limit() && summary.matched >= *filter.limit()) break;
      }
    }
    if (filter.finished_at(view)) break;
  }
  const auto& read = cursor.summary();
  summary.scanned = read.records;
  summary.interrupted = read.interrupted;
  if (read.stopped_by_damage) summary.damage = cursor.damages().back();
  return summary;
}

}  // namespace interstice::sdk
