// ThreadedRun and TraceCheck (threaded_run.hpp).
#include "threaded_run.hpp"

#include "interstice/sdk/util/state_hash.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace interstice::determinism {

void TraceCheck::check(const DigestBatch& batch) {
  const auto& reference = batch.traces.front();
  for (std::size_t i = 0; i < batch.digests.size(); ++i)
    for (std::size_t run = 1; run < batch.traces.size(); ++run)
      if (batch.traces[run][i] != reference[i]) {
        std::lock_guard lock(mutex_);
        keep_first(first_, batch.digests[i].index);
        return;
      }
}

ThreadedRun::ThreadedRun(const RunPlan& plan, std::size_t run, sdk::RecordDigester& digester,
                         const BatchWorker::AfterRecord& after, const BatchWorker::BatchDone& done)
    : plan_(plan) {
  const unsigned parts = plan.kind == RunPlan::Kind::partitioned ? plan.threads : 1;
  for (unsigned part = 0; part < parts; ++part)
    workers_.push_back(std::make_unique<BatchWorker>(digester, plan.bucket_seed, run, part, parts, after, done));
}

void ThreadedRun::push(const std::shared_ptr<DigestBatch>& batch) {
  for (auto& worker : workers_) worker->push(batch);
}

void ThreadedRun::finish() {
  for (auto& worker : workers_) worker->finish();
}

RunSnapshot ThreadedRun::snapshot(std::string& problems) const {
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
    // The hash from every live row, visited in the seeded tables' own order: it must equal the
    // sums kept record by record.
    const std::uint64_t recomputed = workers_.front()->replay().recomputed_state_hash();
    if (recomputed != snapshot.final_state_hash)
      problems += fmt::format("run {}: the state hash recomputed from the live rows is {}, the incremental one {}; ",
                              plan_.number, sdk::hash_hex(recomputed), sdk::hash_hex(snapshot.final_state_hash));
    snapshot.final_state_hash = recomputed;
  }
  return snapshot;
}

}  // namespace interstice::determinism
