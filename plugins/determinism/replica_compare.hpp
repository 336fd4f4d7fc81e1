// `determinism A --against B`: two replicas' logs read in lockstep, record by record (B read and
// replayed on a thread of its own, replica_states.hpp). Each pair
// of records is compared by digest (table, operation, key, row hash), and both logs are replayed
// so the states can be compared after every record at O(1) cost (only the tables the two records
// touched can have changed). Reports the first record where the logs differ (the divergence, in
// detail), the first record after which the states differ (a differing Delete payload changes no
// state), how the logs end when one is shorter, and the `log-query` commands that show the records.
// While the two files are the same bytes, B is only read and compared, not replayed (its state is
// A's): a replica costs a second replay only from the first record where it differs.
#pragma once

#include "log_walk.hpp"

#include "interstice/sdk/report.hpp"
#include "interstice/sdk/schema.hpp"

#include <vector>

namespace interstice::determinism {

/// Compares the two logs to the end; the report's outcome is `problems_found` unless they agree
/// in every record.
sdk::Report compare_replicas(LogWalk& a, LogWalk& b, const std::vector<sdk::ModuleSchema>& schemas);

}  // namespace interstice::determinism
