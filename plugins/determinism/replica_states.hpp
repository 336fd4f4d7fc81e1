// The two replicas' states in `determinism A --against B`. Each log is read, digested and
// replayed hash-only on its own thread: B on a worker (ReplicaWorker), which hands over, per
// record, its digest and the state of the table it touched right after it; A on the caller's
// thread (ReplicaStates), which compares the states after every pair of records in O(1): only the
// tables the two records touched can have changed, so a count of differing tables says whether
// the states are equal. The two sides have their own digesters (a digester is not shared across
// threads), so tables are matched by name. The worker copies each of B's records out of the
// reader's buffer beside its step, so the one where the logs diverge can be shown in detail.
//
// The worker can start from a copy of A's state at any record (`determinism --against` reads B
// only from the first record whose bytes differ from A's: replica_compare.hpp).
#pragma once

#include "log_walk.hpp"

#include "interstice/sdk/replay.hpp"
#include "interstice/sdk/scanned_record.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace interstice::determinism {

namespace sdk = interstice::sdk;

/// A record of log B as the worker replayed it: its digest (whose table belongs to B's digester)
/// and the state of that table after it.
struct ReplicaStep {
  sdk::RecordDigest digest;
  std::uint64_t row_hash_sum = 0;
  std::uint64_t live_rows = 0;
};

/// Reads, digests and replays log B on a thread of its own, a batch ahead of the caller.
class ReplicaWorker {
 public:
  /// Reads, digests and replays B from its walk's position on, starting from a copy of A's state
  /// (`replay`, made by `digester`; both used on the caller's thread only while constructing).
  ReplicaWorker(LogWalk& walk, const sdk::RecordDigester& digester, const sdk::LogReplay& replay);
  ~ReplicaWorker();  ///< stops the worker (a comparison that failed first) and joins it
  ReplicaWorker(const ReplicaWorker&) = delete;
  ReplicaWorker& operator=(const ReplicaWorker&) = delete;

  /// The next record's step, or null at the end of the log. Rethrows the worker's error (a
  /// damaged record of B) when the records before it are used up.
  const ReplicaStep* next();
  /// B's replay, once `next` returned null.
  const sdk::LogReplay& replay() const { return replay_; }
  /// The record `next` returned last, its bytes copied out of the reader's buffer (so it can be
  /// shown in detail after the reader moved on; valid until the next `next`).
  sdk::ScannedRecord last_record() const;

 private:
  /// A record's view, its spans and names copied into the batch's `bytes` at these offsets.
  struct CopiedView {
    sdk::TransactionView view;
    std::size_t raw = 0, row = 0, old_row = 0, module = 0, table = 0;
  };
  struct Batch {
    std::vector<ReplicaStep> steps;
    std::string bytes;
    std::vector<CopiedView> copies;  ///< one per step
    std::exception_ptr error;        ///< set on the last batch when reading failed
  };
  static void copy(Batch& batch, const sdk::TransactionView& view);
  void recycle(Batch batch);  ///< with the lock held
  Batch spare();
  static constexpr std::size_t kBatch = 4096, kQueued = 8;

  static sdk::LogReplay fork(sdk::RecordDigester& digester, const sdk::RecordDigester& from,
                             const sdk::LogReplay& replay);
  void run();
  bool push(Batch batch);  ///< false when asked to stop

  LogWalk& walk_;
  sdk::RecordDigester digester_;
  sdk::LogReplay replay_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> queue_;
  std::vector<Batch> spare_;  ///< used batches handed back, so their buffers are reused
  bool finished_ = false, stop_ = false;
  Batch current_;
  std::size_t position_ = 0;
  mutable sdk::TransactionView last_view_;
  bool ended_ = false;
  std::thread thread_;  // last: starts once everything above exists
};

class ReplicaStates {
 public:
  ReplicaStates();

  /// Record `index` of each log (either absent when its log has ended): A's digest comes from
  /// `digester()`, B's step from the worker. Compares a batch at a time.
  void add(std::uint64_t index, const std::optional<sdk::RecordDigest>& a, const ReplicaStep* b);
  /// Record `index`, the same bytes in both logs: only A is replayed, and B's state is A's.
  void add_shared(std::uint64_t index, const sdk::RecordDigest& a);
  /// Replays what is queued, noting the first record after which the states differ.
  void flush();
  /// The two records do the same to the state (RecordDigest::same_content, tables by name).
  bool same_content(const sdk::RecordDigest& a, const sdk::RecordDigest& b);
  /// After `flush`: the first record after which the states differed.
  std::optional<std::uint64_t> first_difference() const { return first_difference_; }
  sdk::RecordDigester& digester() { return digester_; }
  const sdk::LogReplay& a() const { return a_; }

 private:
  struct Pending {
    std::uint64_t index = 0;
    std::optional<sdk::RecordDigest> a;
    std::optional<ReplicaStep> b;
    bool shared = false;
  };
  struct Side {
    std::uint64_t row_hash_sum = 0, live_rows = 0;
    bool operator==(const Side&) const = default;
  };
  static constexpr std::size_t kPending = 256;

  std::uint32_t pair_of(const sdk::ReplayTable& table, std::vector<std::uint32_t>& by_id);
  void check(std::uint32_t pair);

  sdk::RecordDigester digester_;
  sdk::LogReplay a_;
  std::map<std::pair<std::string, std::string>, std::uint32_t> pairs_;  // (module, table) -> pair id
  std::vector<std::uint32_t> pair_of_a_, pair_of_b_;                     // by each side's table id; ~0u unset
  std::vector<Side> side_a_, side_b_;                                    // by pair id
  std::vector<bool> differs_;                                            // by pair id
  std::ptrdiff_t differing_ = 0;
  std::vector<Pending> pending_;
  std::optional<std::uint64_t> first_difference_;
};

}  // namespace interstice::determinism
