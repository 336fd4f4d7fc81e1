// The N-run replay of replay_runs.hpp: one reading loop feeding every run's workers.
#include "replay_runs.hpp"

#include "decoded_run.hpp"
#include "threaded_run.hpp"

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
