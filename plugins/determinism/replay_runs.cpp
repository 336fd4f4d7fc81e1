// The N-run replay of replay_runs.hpp: one reading loop feeding every run's workers.
#include "replay_runs.hpp"

#include "batch_worker.hpp"

#include "interstice/sdk/util/state_hash.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <mutex>

namespace interstice::determinism {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

constexpr std::size_t kBatch = 8192;  // digests per batch: ~1 MB, a few batches in flight

void keep_first(std::optional<std::uint64_t>& first, std::optional<std::uint64_t> candidate) {
  if (candidate && (!first || *candidate < *first)) first = candidate;
}

/// The first record after which some run's trace differs from run 1's, over every batch (the
/// workers that finish batches last call `check`, from their threads).
class TraceCheck {
 public:
  void check(const DigestBatch& batch) {
    const auto& reference = batch.traces.front();
    for (std::size_t i = 0; i < batch.digests.size(); ++i)
      for (std::size_t run = 1; run < batch.traces.size(); ++run)
        if (batch.traces[run][i] != reference[i]) {
          std::lock_guard lock(mutex_);
          keep_first(first_, batch.digests[i].index);
          return;
        }
  }
  std::optional<std::uint64_t> first() const { return first_; }

 private:
  std::mutex mutex_;
  std::optional<std::uint64_t> first_;
};

/// A hash-only run: one worker, or one per partition.
class ThreadedRun {
 public:
  ThreadedRun(const RunPlan& plan, std::size_t run, sdk::RecordDigester& digester, const BatchWorker::AfterRecord& after,
              const BatchWorker::BatchDone& done)
      : plan_(plan) {
    const unsigned parts = plan.kind == RunPlan::Kind::partitioned ? plan.threads : 1;
    for (unsigned part = 0; part < parts; ++part)
      workers_.push_back(std::make_unique<BatchWorker>(digester, plan.bucket_seed, run, part, parts, after, done));
  }

  std::size_t workers() const { return workers_.size(); }
  void push(const std::shared_ptr<DigestBatch>& batch) {
    for (auto& worker : workers_) worker->push(batch);
  }
  void finish() {
    for (auto& worker : workers_) worker->finish();
  }
  /// After `finish`: the run's snapshot; a reseeded run's hash is recomputed from every live row.
  RunSnapshot snapshot(std::string& problems) const {
    RunSnapshot snapshot{plan_};
    std::vector<sdk::TableHash> parts;
    std::vector<sdk::TableState> tables;
    for (const auto& worker : workers_) {
      const sdk::LogReplay& replay = worker->replay();
      snapshot.transaction_count += replay.applied();
      snapshot.live_rows_total += replay.live_rows_total();
      snapshot.duration_ms = std::max(snapshot.duration_ms, worker->busy_ms());
      for (auto& table : replay.tables()) tables.push_back(table);
    }
    for (const auto& table : tables)
      parts.push_back({table.table->module, table.table->table, table.live_rows, table.row_hash_sum});
    snapshot.final_state_hash = sdk::combine_state_hash(parts);
    if (plan_.kind == RunPlan::Kind::reseeded) {
      // The hash from every live row, visited in the seeded tables' own order: it must equal
      // the sums kept record by record.
      const std::uint64_t recomputed = workers_.front()->replay().recomputed_state_hash();
      if (recomputed != snapshot.final_state_hash)
        problems += fmt::format("run {}: the state hash recomputed from the live rows is {}, the incremental one {}; ",
                                plan_.number, sdk::hash_hex(recomputed), sdk::hash_hex(snapshot.final_state_hash));
      snapshot.final_state_hash = recomputed;
    }
    return snapshot;
  }
  const sdk::LogReplay& first_replay() const { return workers_.front()->replay(); }

 private:
  RunPlan plan_;
  std::vector<std::unique_ptr<BatchWorker>> workers_;
};

/// The decoded run: every record decoded on the reading thread and digested from its values.
class DecodedRun {
 public:
  explicit DecodedRun(const RunPlan& plan)
      : plan_(plan),
        replay_(sdk::LogReplay::Options{.rows = sdk::LogReplay::Rows::hash_only, .bucket_seed = plan.bucket_seed,
                                        .digester = &digester_}) {}

  void apply(const sdk::ScannedRecord& record, const sdk::RecordDigest& fast) {
    const auto start = Clock::now();
    const sdk::RecordDigest& digest = digester_.digest(record.transaction());
    if (!divergence_ && !same(digest, fast)) divergence_ = fast.index;
    replay_.apply(digest);
    busy_ms_ += ms_since(start);
  }

  double busy_ms() const { return busy_ms_; }

  RunSnapshot finish(std::optional<std::uint64_t>& divergence) const {
    keep_first(divergence, divergence_);
    return {plan_, replay_.applied(), replay_.state_hash(), replay_.live_rows_total(), busy_ms_};
  }

 private:
  /// Digests of two digesters: tables are compared by name.
  static bool same(const sdk::RecordDigest& a, const sdk::RecordDigest& b) {
    return a.table->module == b.table->module && a.table->table == b.table->table && a.operation == b.operation &&
           a.key == b.key && a.key_only == b.key_only && a.row_hash == b.row_hash && a.has_old_row == b.has_old_row &&
           (!a.has_old_row || a.old_key == b.old_key);
  }

  RunPlan plan_;
  sdk::RecordDigester digester_;
  sdk::LogReplay replay_;
  std::optional<std::uint64_t> divergence_;
  double busy_ms_ = 0;
};

}  // namespace

RunsResult replay_runs(LogWalk& walk, const std::vector<RunPlan>& plans, std::size_t anomalies_per_kind,
                       CheckpointWriter* checkpoints) {
  RunsResult result;
  result.anomaly_list = AnomalyList(anomalies_per_kind);
  sdk::RecordDigester digester;
  TraceCheck traces;
  const BatchWorker::BatchDone done = [&](DigestBatch& batch) { traces.check(batch); };
  // Run 1 lists the anomalies and writes the hash stream, on its worker's thread.
  const BatchWorker::AfterRecord first_after = [&](const sdk::RecordDigest& digest, sdk::AnomalySet found,
                                                   const sdk::LogReplay& replay) {
    if (!found.empty()) result.anomaly_list.add(digest, found);
    if (checkpoints) checkpoints->after(digest, replay);
  };
  std::vector<std::unique_ptr<ThreadedRun>> threaded;
  std::vector<std::unique_ptr<DecodedRun>> decoded;
  for (const auto& plan : plans) {
    if (plan.kind == RunPlan::Kind::decoded)
      decoded.push_back(std::make_unique<DecodedRun>(plan));
    else
      threaded.push_back(std::make_unique<ThreadedRun>(plan, threaded.size(), digester,
                                                       threaded.empty() ? first_after : nullptr, done));
  }
  unsigned workers = 0;
  for (const auto& run : threaded) workers += static_cast<unsigned>(run->workers());

  auto batch = std::make_shared<DigestBatch>(threaded.size());
  batch->digests.reserve(kBatch);
  double waiting_ms = 0;  // the reading thread's time waiting for the runs to catch up
  auto hand_over = [&] {
    for (auto& trace : batch->traces) trace.resize(batch->digests.size());
    batch->unfinished = workers;
    const auto start = Clock::now();
    for (auto& run : threaded) run->push(batch);
    waiting_ms += ms_since(start);
    batch = std::make_shared<DigestBatch>(threaded.size());
    batch->digests.reserve(kBatch);
  };

  bool old_rows = false;
  const auto start = Clock::now();
  while (const sdk::ScannedRecord* record = walk.next()) {
    const sdk::RecordDigest& digest = digester.digest(*record);
    old_rows = old_rows || digest.has_old_row;
    for (auto& run : decoded) run->apply(*record, digest);
    batch->digests.push_back(digest);
    if (batch->digests.size() == kBatch) hand_over();
  }
  if (!batch->digests.empty()) hand_over();
  result.read_ms = ms_since(start) - waiting_ms;
  for (const auto& run : decoded) result.read_ms -= run->busy_ms();
  for (auto& run : threaded) run->finish();
  result.anomaly_list.set_old_row_images(old_rows);
  result.divergence_point = traces.first();

  const sdk::LogReplay& first = threaded.front()->first_replay();
  if (checkpoints) checkpoints->finish(first, walk.position());
  std::string problems;
  for (auto& run : threaded) result.snapshots.push_back(run->snapshot(problems));
  for (auto& run : decoded) result.snapshots.push_back(run->finish(result.divergence_point));
  std::sort(result.snapshots.begin(), result.snapshots.end(),
            [](const RunSnapshot& a, const RunSnapshot& b) { return a.plan.number < b.plan.number; });
  result.final_state_hash = result.snapshots.front().final_state_hash;

  for (const auto& snapshot : result.snapshots)
    if (snapshot.final_state_hash != result.final_state_hash || snapshot.transaction_count != first.applied())
      problems += fmt::format("run {} ({}) ends with state hash {} after {} records, run 1 with {} after {}; ",
                              snapshot.plan.number, snapshot.plan.description(), sdk::hash_hex(snapshot.final_state_hash),
                              snapshot.transaction_count, sdk::hash_hex(result.final_state_hash), first.applied());
  if (result.divergence_point && problems.empty())
    problems = "runs reached the same final state, but their states differed on the way; ";
  if (!problems.empty()) {
    problems.resize(problems.size() - 2);  // the last "; "
    if (result.divergence_point)
      problems += fmt::format("; the states first differ after record {}", *result.divergence_point);
  }
  result.error_message = std::move(problems);
  for (const auto& table : first.tables())
    result.tables.push_back({table.table->module, table.table->table, table.live_rows});
  result.anomalies = first.anomalies();
  return result;
}

}  // namespace interstice::determinism
