// The strategies of run_plan.hpp, in the order runs get them.
#include "run_plan.hpp"

#include <fmt/format.h>

namespace interstice::determinism {

namespace {

/// SplitMix64: a different, fixed seed per run, so reports are reproducible.
std::uint64_t seed_of(unsigned run) {
  std::uint64_t z = 0x9e3779b97f4a7c15ULL * run;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

std::string RunPlan::description() const {
  switch (kind) {
    case Kind::sequential: return "sequential (file order, one thread, incremental hash)";
    case Kind::partitioned:
      return fmt::format("partitioned (tables split across {} threads, bucket seed {:#018x})", threads, bucket_seed);
    case Kind::reseeded:
      return fmt::format("reseeded (bucket seed {:#018x}, hash recomputed from every live row)", bucket_seed);
    case Kind::decoded: return "decoded (rows decoded into values and re-encoded, not hashed from the bytes)";
  }
  return "?";
}

std::vector<RunPlan> plan_runs(unsigned runs) {
  std::vector<RunPlan> plans;
  for (unsigned number = 1; number <= runs; ++number) {
    RunPlan plan;
    plan.number = number;
    if (number > 1) {
      static constexpr RunPlan::Kind kCycle[] = {RunPlan::Kind::partitioned, RunPlan::Kind::reseeded,
                                                 RunPlan::Kind::decoded};
      plan.kind = kCycle[(number - 2) % 3];
      plan.threads = plan.kind == RunPlan::Kind::partitioned ? 2 + (number - 2) / 3 : 1;
      plan.bucket_seed = plan.kind == RunPlan::Kind::decoded ? 0 : seed_of(number);
    }
    plans.push_back(plan);
  }
  return plans;
}

}  // namespace interstice::determinism
