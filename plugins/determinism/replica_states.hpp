// The two replicas' states in `determinism A --against B`: both logs' digests replayed hash-only
// (one digester, so a table has one id on both sides), a batch at a time with prefetching, and
// compared after every pair of records in O(1): only the tables the two records touched can have
// changed, so a count of differing tables says whether the states are equal.
#pragma once

#include "interstice/sdk/replay.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace interstice::determinism {

namespace sdk = interstice::sdk;

class ReplicaStates {
 public:
  explicit ReplicaStates(sdk::RecordDigester& digester);

  /// The digests of record `index` of each log (either absent when its log has ended).
  struct Pair {
    std::uint64_t index = 0;
    std::optional<sdk::RecordDigest> a, b;
  };
  /// Queues a pair; replays the queue a batch at a time.
  void add(Pair pair);
  /// Replays what is queued, noting the first record after which the states differ.
  void flush();
  /// After `flush`: the first record after which the states differed.
  std::optional<std::uint64_t> first_difference() const { return first_difference_; }
  const sdk::LogReplay& a() const { return a_; }
  const sdk::LogReplay& b() const { return b_; }

 private:
  static constexpr std::size_t kPending = 256;

  void check(const sdk::ReplayTable& table);

  sdk::LogReplay a_;
  sdk::LogReplay b_;
  std::vector<bool> differs_;  // by table id
  std::ptrdiff_t differing_ = 0;
  std::vector<Pair> pending_;
  std::optional<std::uint64_t> first_difference_;
};

}  // namespace interstice::determinism
