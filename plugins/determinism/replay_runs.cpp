// The N-run replay of replay_runs.hpp: one reading loop, run 1 inline, the other runs fed from it.
#include "replay_runs.hpp"

#include "batch_worker.hpp"
#include "prefetched.hpp"

#include "interstice/sdk/util/state_hash.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

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

/// A partitioned or reseeded run: one worker per partition, each with its own replay.
class ThreadedRun {
 public:
  ThreadedRun(const RunPlan& plan, sdk::RecordDigester& digester) : plan_(plan) {
    const unsigned parts = plan.kind == RunPlan::Kind::partitioned ? plan.threads : 1;
    for (unsigned part = 0; part < parts; ++part)
      workers_.push_back(std::make_unique<BatchWorker>(digester, plan.bucket_seed, part, parts));
  }

  void push(const std::shared_ptr<const DigestBatch>& batch) {
    for (auto& worker : workers_) worker->push(batch);
  }

  RunSnapshot finish(std::optional<std::uint64_t>& divergence, std::string& problems) {
    RunSnapshot snapshot{plan_};
    std::vector<sdk::TableState> tables;
    for (auto& worker : workers_) {
      worker->finish();
      const sdk::LogReplay& replay = worker->replay();
      snapshot.transaction_count += replay.applied();
      snapshot.live_rows_total += replay.live_rows_total();
      snapshot.duration_ms = std::max(snapshot.duration_ms, worker->busy_ms());
      keep_first(divergence, worker->divergence());
      for (auto& table : replay.tables()) tables.push_back(table);
    }
    std::vector<sdk::TableHash> parts;
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
  sdk::RecordDigester digester;
  sdk::LogReplay first(sdk::LogReplay::Options{.rows = sdk::LogReplay::Rows::hash_only,
                                               .bucket_seed = plans.front().bucket_seed,
                                               .digester = &digester});
  std::vector<std::unique_ptr<ThreadedRun>> threaded;
  std::vector<std::unique_ptr<DecodedRun>> decoded;
  for (std::size_t i = 1; i < plans.size(); ++i) {
    if (plans[i].kind == RunPlan::Kind::decoded)
      decoded.push_back(std::make_unique<DecodedRun>(plans[i]));
    else
      threaded.push_back(std::make_unique<ThreadedRun>(plans[i], digester));
  }

  RunsResult result;
  result.anomaly_list = AnomalyList(anomalies_per_kind);
  auto batch = std::make_shared<DigestBatch>();
  batch->reserve(kBatch);
  double handing_over_ms = 0;  // the reading thread's time spent waiting for other runs
  // Run 1 replays the batch (noting, for the other runs, its table's state after each record),
  // then the other runs get it.
  auto flush = [&] {
    apply_prefetched(
        std::span(*batch), [&](const DigestItem& item) { first.prefetch(item.digest); },
        [&](DigestItem& item) {
          const sdk::AnomalySet found = first.apply(item.digest);
          if (!found.empty()) result.anomaly_list.add(item.digest, found);
          if (checkpoints) checkpoints->after(item.digest, first);
          if (threaded.empty()) return;
          const auto table = first.find(*item.digest.table);
          item.expected_sum = table->row_hash_sum;
          item.expected_live = table->live_rows;
        });
    const auto start = Clock::now();
    for (auto& run : threaded) run->push(batch);
    handing_over_ms += ms_since(start);
    batch = std::make_shared<DigestBatch>();
    batch->reserve(kBatch);
  };

  const auto start = Clock::now();
  while (const sdk::ScannedRecord* record = walk.next()) {
    const sdk::RecordDigest& digest = digester.digest(*record);
    result.anomaly_list.note(record->view());
    for (auto& run : decoded) run->apply(*record, digest);
    batch->push_back({digest, 0, 0});
    if (batch->size() == kBatch) flush();
  }
  flush();
  double first_ms = ms_since(start) - handing_over_ms;
  for (const auto& run : decoded) first_ms -= run->busy_ms();
  if (checkpoints) checkpoints->finish(first, walk.position());

  result.final_state_hash = first.state_hash();
  result.snapshots.push_back({plans.front(), first.applied(), result.final_state_hash, first.live_rows_total(), first_ms});
  std::string problems;
  for (auto& run : threaded) result.snapshots.push_back(run->finish(result.divergence_point, problems));
  for (auto& run : decoded) result.snapshots.push_back(run->finish(result.divergence_point));
  std::sort(result.snapshots.begin(), result.snapshots.end(),
            [](const RunSnapshot& a, const RunSnapshot& b) { return a.plan.number < b.plan.number; });

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
