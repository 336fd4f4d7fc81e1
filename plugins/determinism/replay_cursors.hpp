// `--at N` asked again and again of one log, as `serve`'s state view does while someone drags its
// slider or steps with the arrow keys (serve runs commands in its own process). Each log keeps a
// cursor: the open log and the replay (full rows) after the records read so far, so a later N
// goes on from there. Copies of the state (LogReplay::clone) are kept at checkpoints spread over
// the file, so an earlier N starts from the nearest checkpoint before it, after skipping the
// records up to it (read, not decoded or replayed). The first request of a log takes no
// checkpoints, so a one-off command line run costs nothing extra. Only small states are kept: a
// log's cursor and checkpoints hold at most kKeptRowBudget live rows in all (a few hundred bytes
// each), so a server browsing a big table (whose answers are tens of MB anyway) replays from the
// start as before and its memory stays bounded.
#pragma once

#include "log_walk.hpp"

#include "interstice/sdk/replay.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace interstice::determinism {

/// A replay that keeps full rows, digests from `digester` (which must outlive it).
inline sdk::LogReplay keeping_rows(sdk::RecordDigester& digester) {
  return sdk::LogReplay(sdk::LogReplay::Options{.rows = sdk::LogReplay::Rows::keep, .digester = &digester});
}

/// Where a record is: what `--at` and `--diff` show of the records they stop at.
struct RecordPlace {
  std::uint64_t index = 0, offset = 0;
  std::optional<std::uint64_t> timestamp;
  void set(const sdk::TransactionView& view) {
    index = view.index;
    offset = view.offset;
    timestamp = view.timestamp;
  }
};

/// The replay of one log up to some record, as the cache keeps it.
struct ReplayCursor {
  std::unique_ptr<sdk::RecordDigester> digester;  ///< shared by the replay and its checkpoints
  std::unique_ptr<LogWalk> walk;                  ///< has read `walk->records()` records
  sdk::LogReplay replay;                          ///< the state after them
  struct Checkpoint {
    std::uint64_t records = 0;  ///< the state after this many records
    std::uint64_t offset = 0;   ///< where the next record starts
    sdk::LogReplay replay;
  };
  std::vector<Checkpoint> checkpoints;  ///< by `records`
  bool interactive = false;             ///< asked more than once: take checkpoints
  unsigned part_checked = ~0u;          ///< the part of the file maybe_checkpoint last looked at
  RecordPlace last;  ///< the last record read
};

class ReplayCursors {
 public:
  /// A log's cursor and checkpoints hold at most this many live rows in all.
  static constexpr std::uint64_t kKeptRowBudget = 30'000;
  static constexpr unsigned kCheckpointsPerLog = 8;

  /// The process's cache.
  static ReplayCursors& process();

  /// The cursor for `key` (taken out of the cache: one request uses it at a time), moved so
  /// that it has read no more than `records` records: as it was, from the nearest checkpoint, or
  /// from the start with a log `open` opens. Its `interactive` says whether checkpoints pay.
  ReplayCursor take(const std::string& key, std::uint64_t records, const std::function<std::unique_ptr<LogWalk>()>& open);
  /// Gives the cursor back after the request (the least recently used of more than two is
  /// dropped, and so is a cursor whose state is over the budget).
  void give_back(const std::string& key, ReplayCursor cursor);

  /// While replaying: keeps a copy of the state when the cursor has entered a part of the file
  /// (one of kCheckpointsPerLog) that has no checkpoint yet, within the row budget.
  static void maybe_checkpoint(ReplayCursor& cursor);

 private:
  static constexpr std::size_t kLogs = 2;
  std::vector<std::pair<std::string, ReplayCursor>> entries_;  // most recently used last
  std::mutex mutex_;
};

/// The identity of a log file for the cache: path, device, inode, size and modification time
/// (a log that grew or was replaced is another log), plus what else changes its replay.
std::string cursor_key(const std::string& path, const std::string& options);

}  // namespace interstice::determinism
