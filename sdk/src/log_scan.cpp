// The shared record-streaming loop (see log_scan.hpp). Ctrl-C is caught only while a scan runs,
// and the previous handler is put back afterwards, so a plugin never leaves the process changed.
#include "interstice/sdk/log_scan.hpp"
#include "interstice/sdk/util/json_transcoder.hpp"

#include "interstice/sdk/error.hpp"

#include <fmt/format.h>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <mutex>
#include <thread>

namespace interstice::sdk {

namespace {

// Lock-free, so the handler may touch it (async-signal-safe).
std::atomic<bool> interrupt_flag{false};
static_assert(std::atomic<bool>::is_always_lock_free);

// The handler is the process's: the first scope to open (on any thread) installs it and the last
// to close puts back what was there before, so scopes on two threads (two commands run at once
// through one CommandRunner) neither race on the count nor restore each other's handler early.
std::mutex scope_mutex;
int scope_depth = 0;                  // guarded by scope_mutex
struct sigaction outer_previous {};  // guarded by scope_mutex: the disposition before the first scope
bool outer_installed = false;         // guarded by scope_mutex

extern "C" void on_interrupt(int) { interrupt_flag.store(true); }

constexpr auto kPollInterval = std::chrono::milliseconds(200);

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
  outer_installed = ::sigaction(SIGINT, &action, &outer_previous) == 0;
  installed_ = outer_installed;  // the members only mirror the shared state now; kept so the
  previous_ = outer_previous;     // class layout stays what ABI 3 says
}

InterruptScope::~InterruptScope() {
  std::lock_guard lock(scope_mutex);
  if (--scope_depth > 0 || !outer_installed) return;
  ::sigaction(SIGINT, &outer_previous, nullptr);
  outer_installed = false;
}

bool InterruptScope::interrupted() { return interrupt_flag.load(); }

ScanSummary scan_log(OpenedLog& log, const RecordFilter& filter, const RecordCallback& emit, Progress* progress) {
  const JsonTranscoder* const transcoder = json_transcoder_of(*log.reader);  // once per scan
  InterruptScope guard;
  ScanSummary summary;
  // Nothing can be selected: do not read (and with --follow, do not wait) at all.
  if ((filter.limit() && *filter.limit() == 0) || filter.finished_before_start()) return summary;
  TransactionView view;
  std::optional<Transaction> decoded;
  ThrottledProgress throttle(progress);
  std::uint64_t next_index = 0;  // the index the next record will get, for a shrink report
  for (;;) {
    if (interrupt_flag.load()) {
      summary.interrupted = true;
      break;
    }
    if (log.reader->next(view)) {
      ++summary.scanned;
      next_index = view.index + 1;
      if (summary.scanned == 1 && filter.wants_timestamps() && !view.timestamp)
        throw Error::usage(fmt::format("--since/--until need timestamps, and {} logs ({}) have none",
                                       log.variant, log.input->display_name()));
      throttle.at(view.offset);
      if (filter.matches(view)) {
        bool selected = true;
        if (filter.needs_decoded_row()) {  // --pk: decode once, and hand the decoded record on
          decoded = log.reader->decode(view);
          selected = filter.matches_decoded(*decoded);
        }
        if (selected) {
          emit(ScannedRecord(view, *log.reader, decoded ? &*decoded : nullptr, transcoder));
          ++summary.matched;
          if (filter.limit() && summary.matched >= *filter.limit()) break;
        }
      }
      if (filter.finished_at(view)) break;
      continue;
    }
    const auto& damage = log.reader->damage();
    const bool at_end = !damage || damage->incomplete;
    if (filter.follow() && at_end) {
      std::this_thread::sleep_for(kPollInterval);
      log.input->refresh();
      // Shrunk below what was already read: truncated or rewritten in place. Reading on from
      // the old position would decode the new bytes from the middle of a record.
      // (A half-written record is re-read from its start, so only the bytes before it count.)
      const std::uint64_t read_to = damage ? damage->offset : log.reader->position();
      if (log.input->size() < read_to) {
        summary.damage = LogDamage{damage ? damage->index : next_index, read_to,
                                   fmt::format("the file shrank to {} bytes while it was being followed "
                                               "(truncated or rewritten)",
                                               log.input->size()),
                                   false};
        break;
      }
      if (damage) log.reader->retry();
      continue;
    }
    summary.damage = damage;
    break;
  }
  throttle.finish();
  return summary;
}

}  // namespace interstice::sdk
