// Replay is bound by memory latency: each record's key lands in a random slot of a hash table
// larger than the caches, and a record costs little else. So every mode that replays applies its
// digests a batch at a time, asking for the slot of the record `kLookahead` places ahead before
// applying the current one, which keeps several cache misses in flight instead of one.
#pragma once

#include <cstddef>
#include <span>

namespace interstice::determinism {

inline constexpr std::size_t kLookahead = 8;

/// Calls `apply(items[i])` for each item in order, after `prefetch(items[i + kLookahead])`.
template <typename Item, typename Prefetch, typename Apply>
void apply_prefetched(std::span<Item> items, Prefetch&& prefetch, Apply&& apply) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i + kLookahead < items.size()) prefetch(items[i + kLookahead]);
    apply(items[i]);
  }
}

}  // namespace interstice::determinism
