// The hash stream of a log, as NDJSON: a header line, then after every N records the record's
// index, offset, the offset where the next record starts, its timestamp, the state hash and the
// live-row count, and a last `end` line with the record count and the final hash. Written on one
// machine and compared on another (`--against-checkpoints`), it says whether two replicas reach
// the same states without moving either log, and in which window of records they part ways.
// It is also a sparse index: each line names a record boundary a reader can start at.
//
//   {"interstice_checkpoints":1,"hash":"interstice-state-v1","interval":1000,"log":"a.log"}
//   {"records":1000,"index":999,"offset":431448,"next_offset":432250,"timestamp":1735767786705,
//    "state_hash":"9c0f...","live_rows":512}                                    (one line each)
//   {"end":true,"records":1000,"next_offset":432250,"state_hash":"9c0f...","live_rows":512}
#pragma once

#include "interstice/sdk/atomic_file.hpp"
#include "interstice/sdk/replay.hpp"

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>

namespace interstice::determinism {

namespace sdk = interstice::sdk;

/// The name of the hash the stream carries (docs/determinism.md); a reader refuses others.
inline constexpr const char* kStreamHash = "interstice-state-v1";

struct Checkpoint {
  bool end = false;               ///< the `end` line (it has no index, offset or timestamp)
  std::uint64_t records = 0;      ///< records applied: the state after record `records - 1`
  std::uint64_t offset = 0;       ///< where the last record applied starts
  std::uint64_t next_offset = 0;  ///< where the record after it starts: a record boundary
  std::optional<std::uint64_t> timestamp;
  std::uint64_t state_hash = 0;
  std::uint64_t live_rows = 0;
};

class CheckpointWriter {
 public:
  /// Writes to a temp file next to `out`; `finish` renames it over `out`.
  CheckpointWriter(const std::string& out, std::uint64_t interval, const std::string& log);
  /// After each record the replay applied, in order: writes a line every `interval` records.
  void after(const sdk::RecordDigest& digest, const sdk::LogReplay& replay);
  /// The end line, then the rename.
  void finish(const sdk::LogReplay& replay, std::uint64_t end_offset);

  const std::string& path() const { return path_; }
  std::uint64_t interval() const { return interval_; }
  std::uint64_t written() const { return written_; }

 private:
  std::string path_;
  std::uint64_t interval_;
  sdk::AtomicFile file_;
  std::uint64_t written_ = 0;
};

class CheckpointReader {
 public:
  /// Opens the stream and reads its header; `Error::input` naming the file and line when it is
  /// not a checkpoint stream of this hash.
  explicit CheckpointReader(std::string path);
  /// The next line, or nullopt after the end line (or at the end of a stream cut short).
  std::optional<Checkpoint> next();

  std::uint64_t interval() const { return interval_; }
  const std::string& log() const { return log_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::ifstream in_;
  std::uint64_t line_ = 0;
  std::uint64_t interval_ = 0;
  std::string log_;
  bool ended_ = false;
};

}  // namespace interstice::determinism
