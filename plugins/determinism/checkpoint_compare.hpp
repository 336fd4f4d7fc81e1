// `determinism LOG --against-checkpoints FILE`: replays LOG and compares its state hash with the
// stream's at every checkpoint, so a replica on another machine is checked without moving either
// log. Names the first window of records (from the last checkpoint that agreed to the first that
// did not) in which the states part ways; with both logs at hand `--against` then finds the record.
#pragma once

#include "checkpoint_stream.hpp"
#include "log_walk.hpp"

#include "interstice/sdk/report.hpp"

namespace interstice::determinism {

sdk::Report compare_checkpoints(LogWalk& walk, CheckpointReader& stream);

}  // namespace interstice::determinism
