// An execution trace as a tree, with what analyses and flame graphs need from it: each span's
// children, its self time, the critical path, and folded stacks. One implementation for the
// `trace` command's summary and the folded and svg trace formats, so their numbers agree.
// Everything is iterative: a chain of a million nested spans must not overflow the stack.
#pragma once

#include "interstice/sdk/trace.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace interstice::sdk {

/// Stands for the trace itself where a span index is expected (no parent, time no span covers).
inline constexpr std::size_t kNoSpan = static_cast<std::size_t>(-1);

class INTERSTICE_SDK_API TraceTree {
 public:
  /// `trace` must obey check_trace (parents exist, no cycles) and outlive the tree.
  explicit TraceTree(const ExecutionTrace& trace);

  const ExecutionTrace& trace() const { return trace_; }
  const TraceSpan& span(std::size_t index) const { return trace_.spans[index]; }
  std::int64_t end_us(std::size_t index) const { return span(index).start_time_us + span(index).duration_us; }
  /// Spans without a parent, by start time.
  const std::vector<std::size_t>& roots() const { return roots_; }
  /// A span's children, by start time.
  const std::vector<std::size_t>& children(std::size_t index) const { return children_[index]; }
  std::size_t parent(std::size_t index) const { return parent_[index]; }
  /// The span's duration less the time its children cover inside it (overlapping children,
  /// e.g. on several threads, counted once).
  std::int64_t self_us(std::size_t index) const { return self_[index]; }

  /// Every span depth first (roots at depth 0), parents before children, siblings by start time.
  void walk(const std::function<void(std::size_t index, std::size_t depth)>& visit) const;

  /// A stretch of the critical path: `span` was what the trace waited for from `start_us` for
  /// `duration_us` (kNoSpan: time no span covers). In time order; the durations add up to the
  /// trace's total duration.
  struct Segment {
    std::size_t span = kNoSpan;
    std::int64_t start_us = 0;
    std::int64_t duration_us = 0;
  };
  /// Walks back from the end of the trace: each span waits for its child that ended last before
  /// the time reached, then for the one that ended before that child started, and so on (the
  /// definition Jaeger's critical path uses). Children are clipped to their parent.
  std::vector<Segment> critical_path() const;

 private:
  const ExecutionTrace& trace_;
  std::vector<std::size_t> roots_;
  std::vector<std::vector<std::size_t>> children_;
  std::vector<std::size_t> parent_;
  std::vector<std::int64_t> self_;
};

/// Stacks deeper than this are cut there in folded stacks, the rest of the stack's time going
/// to a last frame "[deeper]".
inline constexpr std::size_t kMaxFoldedDepth = 512;

/// A frame's name in folded stacks: the span's name with ';' (the separator) turned into ':' and
/// line breaks into spaces.
INTERSTICE_SDK_API std::string folded_frame(std::string_view name);

/// Folded stacks, flamegraph.pl's input: "root_name;span;child" and the self time (µs) of every
/// span with that stack, summed; stacks with no self time are left out; sorted by stack. A trace
/// whose one root span has the trace's root name starts its stacks with that span (no frame twice).
INTERSTICE_SDK_API std::vector<std::pair<std::string, std::int64_t>> folded_stacks(const TraceTree& tree);

}  // namespace interstice::sdk
