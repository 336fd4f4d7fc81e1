// `--at N` asked again and again of one log, as `serve`'s state view does while someone drags its
// slider or steps with the arrow keys (serve runs commands in its own process). Each log keeps a
// cursor: the open log and the replay (full rows) after the records read so far, so a later N
// goes on from there. While replaying, the cursor also notes which record wrote each live row
// (row_writers.hpp) and keeps, at a checkpoint in each sixteenth of the file, the offsets of those
// records: 8 bytes a live row. An N before the cursor (or past a checkpoint beyond it) starts from the nearest checkpoint before
// it: the reader seeks there (`sdk::RecordSeek`, not reading what comes before), the state comes
// back by reading just the live rows' records (a second reader with small blocks, seeking from
// one to the next), and the replay goes on to N. So a jump costs the live rows plus at most a
// sixteenth of the file, whatever the table's size. The replay itself is kept between requests
// only for small states (kKeptRowBudget rows): a big table's next view starts from a checkpoint
// too, which keeps a server's memory bounded by what one answer needs. A codec whose reader
// cannot seek gets neither: each view replays from the start.
#pragma once

#include "log_walk.hpp"
#include "row_writers.hpp"

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

/// A state to start from: the records before it, where the next starts, and which records wrote
/// the rows live there (in the order they became live).
struct StateCheckpoint {
  std::uint64_t records = 0;
  std::uint64_t offset = 0;
  RecordPlace last;  ///< the last record before it
  std::vector<std::uint64_t> writers;
};

/// The replay of one log up to some record, as the cache keeps it.
struct ReplayCursor {
  std::unique_ptr<sdk::RecordDigester> digester;  ///< outlives the replay (and its tables' names)
  std::unique_ptr<LogWalk> walk;                  ///< has read `walk->records()` records; null: not kept
  sdk::LogReplay replay;                          ///< the state after them
  RowWriters writers;                             ///< which record wrote each of its live rows
  RecordPlace last;                               ///< the last record read
  std::vector<StateCheckpoint> checkpoints;       ///< by `records`
  unsigned part_checked = ~0u;                    ///< the part of the file maybe_checkpoint last looked at

  /// Notes a record the replay applied (the checkpoints' row writers).
  void applied(const sdk::RecordDigest& digest, std::uint64_t offset) { writers.applied(digest, offset); }
};

class ReplayCursors {
 public:
  /// The replay is kept between requests while it holds at most this many live rows.
  static constexpr std::uint64_t kKeptRowBudget = 30'000;
  /// A log's checkpoints note at most this many row writers in all (8 bytes each).
  static constexpr std::uint64_t kCheckpointWriterBudget = 2'000'000;
  static constexpr unsigned kCheckpointsPerLog = 16;

  /// The process's cache.
  static ReplayCursors& process();

  /// The cursor for `key` (taken out of the cache: one request uses it at a time), moved so
  /// that it has read no more than `records` records: as it was, from the nearest checkpoint, or
  /// from the start with a log `open` opens.
  ReplayCursor take(const std::string& key, std::uint64_t records, const std::function<std::unique_ptr<LogWalk>()>& open);
  /// Gives the cursor back after the request (the least recently used of more than two logs is
  /// dropped; a replay over the row budget is dropped, its checkpoints kept).
  void give_back(const std::string& key, ReplayCursor cursor);

  /// While replaying: notes a checkpoint when the cursor has entered a part of the file (one of
  /// kCheckpointsPerLog) that has none yet, within the writer budget.
  /// `next_offset`: where the record after the last one read starts.
  static void maybe_checkpoint(ReplayCursor& cursor, std::uint64_t next_offset);

 private:
  static constexpr std::size_t kLogs = 2;
  std::vector<std::pair<std::string, ReplayCursor>> entries_;  // most recently used last
  std::mutex mutex_;
};

/// The identity of a log file for the cache: path, device, inode, size and modification time
/// (a log that grew or was replaced is another log), plus what else changes its replay.
std::string cursor_key(const std::string& path, const std::string& options);

}  // namespace interstice::determinism
