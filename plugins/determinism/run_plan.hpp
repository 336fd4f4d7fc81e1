// Which strategy each of `--runs N` replays uses. The runs must differ in everything that could
// make a replay order-dependent (the order records reach a table, the threads, the hash tables'
// seeds and iteration order, the path from bytes to hashes), while the state they reach may
// not: a difference between their final hashes is a determinism bug.
//
//   run 1         sequential   file order, one thread, incremental hash
//   run 2, 5, ..  partitioned  tables split across 2, 3, ... threads, partial states merged
//   run 3, 6, ..  reseeded     other bucket seeds; the hash recomputed from every live row in
//                              the tables' (seed-dependent) iteration order
//   run 4, 7, ..  decoded      rows decoded into values and re-encoded, instead of hashed
//                              straight from the codec's bytes
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace interstice::determinism {

struct RunPlan {
  enum class Kind { sequential, partitioned, reseeded, decoded };
  unsigned number = 1;       ///< 1-based
  Kind kind = Kind::sequential;
  unsigned threads = 1;      ///< partitioned: how many
  std::uint64_t bucket_seed = 0;

  /// "partitioned (2 threads, bucket seed 0x...)": what the report's `strategy` says.
  std::string description() const;
};

/// The plans of `runs` runs (at least 2).
std::vector<RunPlan> plan_runs(unsigned runs);

}  // namespace interstice::determinism
