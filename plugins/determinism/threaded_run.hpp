// A hash-only run of `determinism --runs`: one BatchWorker, or one per partition of the tables,
// and what it reached (its snapshot). TraceCheck compares the runs' traces batch by batch; it is
// called by whichever worker finishes a batch last.
#pragma once

#include "batch_worker.hpp"
#include "run_plan.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace interstice::determinism {

struct RunSnapshot {
  RunPlan plan;
  std::uint64_t transaction_count = 0;
  std::uint64_t final_state_hash = 0;
  std::uint64_t live_rows_total = 0;
  double duration_ms = 0;
};

/// Keeps the smaller of `first` and `candidate`.
inline void keep_first(std::optional<std::uint64_t>& first, std::optional<std::uint64_t> candidate) {
  if (candidate && (!first || *candidate < *first)) first = candidate;
}

/// The first record after which some run's trace differs from run 1's, over every batch.
class TraceCheck {
 public:
  void check(const DigestBatch& batch);
  std::optional<std::uint64_t> first() const { return first_; }

 private:
  std::mutex mutex_;
  std::optional<std::uint64_t> first_;
};

class ThreadedRun {
 public:
  /// Run `run` (its index in the batches' traces) with `plan`'s strategy; `after` (may be empty)
  /// sees each record on the worker's thread, `done` each batch its workers finished.
  ThreadedRun(const RunPlan& plan, std::size_t run, sdk::RecordDigester& digester,
              const BatchWorker::AfterRecord& after, const BatchWorker::BatchDone& done);

  std::size_t workers() const { return workers_.size(); }
  void push(const std::shared_ptr<DigestBatch>& batch);
  void finish();
  /// After `finish`: the run's snapshot; a reseeded run's hash is recomputed from every live row
  /// (a disagreement with the incremental hash goes into `problems`).
  RunSnapshot snapshot(std::string& problems) const;
  /// The first worker's replay: the whole state for an unpartitioned run.
  const sdk::LogReplay& first_replay() const { return workers_.front()->replay(); }

 private:
  RunPlan plan_;
  std::vector<std::unique_ptr<BatchWorker>> workers_;
};

}  // namespace interstice::determinism
