// The shared record-streaming loop (see log_scan.hpp). Ctrl-C is caught only while a scan runs,
// and the previous handler is put back afterwards, so a plugin never leaves the process changed.
#include "interstice/sdk/log_scan.hpp"

#include "interstice/sdk/error.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

namespace interstice::sdk {

namespace {

std::atomic<bool> interrupted{false};

extern "C" void on_interrupt(int) { interrupted.store(true); }

class InterruptGuard {
 public:
  InterruptGuard() {
    interrupted.store(false);
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &previous_);
  }
  ~InterruptGuard() { ::sigaction(SIGINT, &previous_, nullptr); }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction previous_ {};
};

constexpr auto kPollInterval = std::chrono::milliseconds(200);
constexpr std::uint64_t kProgressStep = std::uint64_t{4} << 20;

}  // namespace

ScanSummary scan_log(OpenedLog& log, const RecordFilter& filter, const RecordCallback& emit, Progress* progress) {
  InterruptGuard guard;
  ScanSummary summary;
  TransactionView view;
  std::uint64_t next_progress = kProgressStep;
  for (;;) {
    if (interrupted.load()) {
      summary.interrupted = true;
      break;
    }
    if (log.reader->next(view)) {
      ++summary.scanned;
      if (summary.scanned == 1 && filter.wants_timestamps() && !view.timestamp)
        throw Error::usage(fmt::format("--since/--until need timestamps, and {} logs ({}) have none",
                                       log.variant, log.input->display_name()));
      if (progress && view.offset >= next_progress) {
        progress->update(view.offset);
        next_progress = view.offset + kProgressStep;
      }
      if (filter.matches(view)) {
        Transaction record = log.reader->decode(view);
        if (filter.matches_decoded(record)) {
          emit(view, record);
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
      if (damage) log.reader->retry();
      continue;
    }
    summary.damage = damage;
    break;
  }
  if (progress) progress->finish();
  return summary;
}

}  // namespace interstice::sdk
