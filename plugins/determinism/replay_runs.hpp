// `determinism LOG --runs N`: the log read and hashed once, replayed N ways at the same time
// (run_plan.hpp), the final state hashes compared, and the first record after which a run's
// state differed from the sequential run's located exactly.
//
// Records are digested once, on the reading thread, into batches that every hash-only run replays
// on threads of its own (batch_worker.hpp), so reading and replaying overlap: run 1 (which lists
// the anomalies and writes the hash stream, --checkpoints), the partitioned runs' threads and the
// reseeded runs. The runs' traces are compared batch by batch. A decoded run decodes each record
// on the reading thread and digests the values, checking the codec's fast path against decoding
// record by record.
#pragma once

#include "anomaly_list.hpp"
#include "checkpoint_stream.hpp"
#include "log_walk.hpp"
#include "run_plan.hpp"
#include "threaded_run.hpp"

#include "interstice/sdk/replay.hpp"

#include <optional>
#include <string>
#include <vector>

namespace interstice::determinism {

/// A table's live rows after the replay (names owned: the digests' tables are gone by then).
struct TableCount {
  std::string module;
  std::string table;
  std::uint64_t live_rows = 0;
};

struct RunsResult {
  std::vector<RunSnapshot> snapshots;
  /// The first record after which some run's state differed from run 1's.
  std::optional<std::uint64_t> divergence_point;
  std::string error_message;  ///< what differed, for people; empty when nothing did
  std::vector<TableCount> tables;       ///< run 1's tables, sorted by (module, table)
  sdk::ReplayAnomalies anomalies;       ///< run 1's counts
  AnomalyList anomaly_list{0};
  std::uint64_t final_state_hash = 0;   ///< run 1's
  double read_ms = 0;  ///< reading, checking and digesting the log, which the runs share
  bool deterministic() const { return error_message.empty(); }
};

/// Replays `walk`'s log with `plans` (the first is the sequential run), keeping at most
/// `anomalies_per_kind` occurrences of each anomaly (without their keys: `AnomalyList::fill_keys`);
/// writes the hash stream to `checkpoints` when given.
RunsResult replay_runs(LogWalk& walk, const std::vector<RunPlan>& plans, std::size_t anomalies_per_kind,
                       CheckpointWriter* checkpoints);

}  // namespace interstice::determinism
