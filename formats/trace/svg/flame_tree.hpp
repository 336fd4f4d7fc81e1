// Folded stacks merged into the tree a flame graph draws: a frame per distinct stack prefix, its
// width the time of everything above it. Built from sdk::folded_stacks so the SVG and the
// `folded` format always agree on the numbers.
#pragma once

#include "interstice/sdk/util/trace_tree.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace interstice::formats::svg {

struct Frame {
  std::string name;
  std::int64_t total_us = 0;  ///< its own self time plus its children's totals
  std::size_t depth = 0;      ///< 0 for the root (the trace)
  std::int64_t left_us = 0;   ///< where it starts, in µs from the root's left edge
  std::map<std::string, std::size_t> children;  ///< by name (alphabetical, as flamegraph.pl draws)
};

/// Frames in depth-first order (a parent before its children), the root first.
std::vector<Frame> flame_frames(const sdk::TraceTree& tree);

}  // namespace interstice::formats::svg
