// A replay on a thread of its own, fed batches of record digests: what the partitioned and
// reseeded runs are made of. The reading thread digests each record once and hands the same
// batch to every worker; a worker applies the records of its tables and checks, after each one,
// that its table holds what the sequential run's table held after that record, so the first
// record where two runs part ways is known exactly, not only that their final hashes differ.
#pragma once

#include "interstice/sdk/replay.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace interstice::determinism {

namespace sdk = interstice::sdk;

/// A digest and the state of its table right after it, in the sequential run.
struct DigestItem {
  sdk::RecordDigest digest;
  std::uint64_t expected_sum = 0;
  std::uint64_t expected_live = 0;
};
using DigestBatch = std::vector<DigestItem>;

class BatchWorker {
 public:
  /// Replays the tables of partition `part` of `parts` (a table's partition is its seed mod
  /// `parts`) into a hash-only replay with `bucket_seed`. `digester` made the digests.
  BatchWorker(sdk::RecordDigester& digester, std::uint64_t bucket_seed, unsigned part, unsigned parts);
  ~BatchWorker();
  BatchWorker(const BatchWorker&) = delete;
  BatchWorker& operator=(const BatchWorker&) = delete;

  /// Queues a batch; waits while the worker is a few batches behind (memory stays flat).
  void push(std::shared_ptr<const DigestBatch> batch);
  /// Waits until every batch is applied; rethrows what the worker threw.
  void finish();

  const sdk::LogReplay& replay() const { return replay_; }
  /// The first record after which this worker's table differed from the sequential run's.
  std::optional<std::uint64_t> divergence() const { return divergence_; }
  /// Time spent applying batches, in ms.
  double busy_ms() const { return busy_ms_; }

 private:
  static constexpr std::size_t kQueueDepth = 4;

  void work();
  void apply(const DigestBatch& batch);
  bool mine(const DigestItem& item) const { return item.digest.table->seed % parts_ == part_; }

  sdk::LogReplay replay_;
  unsigned part_;
  unsigned parts_;
  std::optional<std::uint64_t> divergence_;
  double busy_ms_ = 0;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::shared_ptr<const DigestBatch>> queue_;
  bool closed_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace interstice::determinism
