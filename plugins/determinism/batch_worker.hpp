// A replay on a thread of its own, fed batches of record digests: what every hash-only run is
// made of. The reading thread digests each record once and hands the same batch to every worker,
// so reading and replaying overlap and the runs replay side by side. After each record a worker
// writes a trace of the table the record touched (its row-hash sum and row count); the worker
// that finishes a batch last hands it on, so the runs' traces are compared record by record and
// the first record where two runs part ways is known exactly, not only that their final hashes
// differ.
#pragma once

#include "interstice/sdk/replay.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace interstice::determinism {

namespace sdk = interstice::sdk;

struct DigestBatch {
  explicit DigestBatch(std::size_t runs) : traces(runs) {}
  std::vector<sdk::RecordDigest> digests;
  /// Per run, per record: the touched table's state right after the record (`trace_of`).
  std::vector<std::vector<std::uint64_t>> traces;
  std::atomic<unsigned> unfinished{0};  ///< workers yet to apply it
};

class BatchWorker {
 public:
  /// After each record the worker applied, on its thread (run 1 lists anomalies and writes the
  /// hash stream here).
  using AfterRecord = std::function<void(const sdk::RecordDigest&, sdk::AnomalySet, const sdk::LogReplay&)>;
  /// Called by the worker that finishes a batch last, on its thread.
  using BatchDone = std::function<void(DigestBatch&)>;

  /// Run `run` (its index in the batches' traces): replays the tables of partition `part` of
  /// `parts` (a table's partition is its seed mod `parts`) into a hash-only replay with
  /// `bucket_seed`. `digester` made the digests.
  BatchWorker(sdk::RecordDigester& digester, std::uint64_t bucket_seed, std::size_t run, unsigned part,
              unsigned parts, AfterRecord after, BatchDone done);
  ~BatchWorker();
  BatchWorker(const BatchWorker&) = delete;
  BatchWorker& operator=(const BatchWorker&) = delete;

  /// Queues a batch; waits while the worker is a few batches behind (memory stays flat).
  void push(std::shared_ptr<DigestBatch> batch);
  /// Waits until every batch is applied; rethrows what the worker threw.
  void finish();

  const sdk::LogReplay& replay() const { return replay_; }
  /// Time spent applying batches, in ms.
  double busy_ms() const { return busy_ms_; }

  /// What a trace holds: a table's row-hash sum and row count in one word.
  static std::uint64_t trace_of(const sdk::TableState& state) {
    return state.row_hash_sum ^ (state.live_rows * 0x9e3779b97f4a7c15ULL);
  }

 private:
  static constexpr std::size_t kQueueDepth = 4;

  void work();
  void apply(DigestBatch& batch);
  bool mine(const sdk::RecordDigest& digest) const { return digest.table->seed % parts_ == part_; }

  sdk::LogReplay replay_;
  std::size_t run_;
  unsigned part_;
  unsigned parts_;
  AfterRecord after_;
  BatchDone done_;
  double busy_ms_ = 0;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::shared_ptr<DigestBatch>> queue_;
  bool closed_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace interstice::determinism
