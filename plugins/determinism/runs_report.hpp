// The report of `determinism LOG [--runs N]`, in the seed checker's shape (is_deterministic,
// runs_performed, snapshots, divergence_point, error_message) plus what the replay found:
// live rows per table, anomaly counts and the first occurrences of each, and the hash stream
// written on the way.
#pragma once

#include "checkpoint_stream.hpp"
#include "log_walk.hpp"
#include "replay_runs.hpp"

#include "interstice/sdk/report.hpp"

namespace interstice::determinism {

/// Outcome `problems_found` when the runs disagree or the replay found anomalies the log's
/// format does not make normal.
sdk::Report runs_report(LogWalk& walk, const RunsResult& result, const CheckpointWriter* checkpoints);

}  // namespace interstice::determinism
