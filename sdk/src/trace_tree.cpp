// TraceTree: children lists, self times (union of children's intervals), the critical path (an
// explicit stack, walking back in time) and folded stacks (a depth-first walk keeping the stack).
#include "interstice/sdk/util/trace_tree.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace interstice::sdk {

namespace {

// The time `children` (clipped to [lo, hi]) cover, overlaps counted once.
std::int64_t covered(const TraceTree& tree, const std::vector<std::size_t>& children, std::int64_t lo, std::int64_t hi) {
  std::int64_t total = 0, reached = lo;
  for (std::size_t child : children) {  // by start time
    std::int64_t start = std::max(tree.span(child).start_time_us, reached);
    std::int64_t end = std::min(tree.end_us(child), hi);
    if (end > start) {
      total += end - start;
      reached = end;
    }
  }
  return total;
}

}  // namespace

TraceTree::TraceTree(const ExecutionTrace& trace)
    : trace_(trace), children_(trace.spans.size()), parent_(trace.spans.size(), kNoSpan), self_(trace.spans.size(), 0) {
  std::unordered_map<std::string_view, std::size_t> by_id;
  by_id.reserve(trace.spans.size());
  for (std::size_t i = 0; i < trace.spans.size(); ++i) by_id.emplace(trace.spans[i].span_id, i);
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    const auto& id = trace.spans[i].parent_span_id;
    auto found = id ? by_id.find(*id) : by_id.end();
    if (found == by_id.end()) {
      roots_.push_back(i);
    } else {
      parent_[i] = found->second;
      children_[found->second].push_back(i);
    }
  }
  auto by_start = [&](std::size_t a, std::size_t b) {
    return std::pair(span(a).start_time_us, a) < std::pair(span(b).start_time_us, b);
  };
  std::sort(roots_.begin(), roots_.end(), by_start);
  for (std::size_t i = 0; i < children_.size(); ++i) {
    std::sort(children_[i].begin(), children_[i].end(), by_start);
    self_[i] = span(i).duration_us - covered(*this, children_[i], span(i).start_time_us, end_us(i));
  }
}

void TraceTree::walk(const std::function<void(std::size_t, std::size_t)>& visit) const {
  std::vector<std::pair<std::size_t, std::size_t>> stack;  // span, depth
  for (auto it = roots_.rbegin(); it != roots_.rend(); ++it) stack.emplace_back(*it, 0);
  while (!stack.empty()) {
    auto [index, depth] = stack.back();
    stack.pop_back();
    visit(index, depth);
    const auto& kids = children_[index];
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.emplace_back(*it, depth + 1);
  }
}

std::vector<TraceTree::Segment> TraceTree::critical_path() const {
  struct Frame {
    std::size_t span;
    std::int64_t lo;                  // the span's start, clipped to its parent
    std::int64_t t;                   // how far back in time its part of the path has reached
    std::vector<std::size_t> by_end;  // children, latest (clipped) end first
    std::size_t next = 0;
  };
  std::vector<Segment> path;
  auto emit = [&](std::size_t span, std::int64_t from, std::int64_t to) {
    if (to > from) path.push_back({span, from, to - from});
  };
  auto frame_for = [&](std::size_t span, std::int64_t lo, std::int64_t hi) {
    Frame frame{span, lo, hi, span == kNoSpan ? roots_ : children_[span]};
    std::sort(frame.by_end.begin(), frame.by_end.end(), [&](std::size_t a, std::size_t b) {
      return std::pair(end_us(a), a) > std::pair(end_us(b), b);
    });
    return frame;
  };
  std::vector<Frame> stack;
  stack.push_back(frame_for(kNoSpan, trace_.start_time_us, trace_.end_time_us));
  while (!stack.empty()) {
    Frame& frame = stack.back();
    while (frame.next < frame.by_end.size() &&
           (std::min(end_us(frame.by_end[frame.next]), frame.t) <= frame.lo ||
            span(frame.by_end[frame.next]).start_time_us >= frame.t))
      ++frame.next;  // a child wholly after the time reached (it ran in parallel), or before the span
    if (frame.next == frame.by_end.size()) {
      emit(frame.span, frame.lo, frame.t);
      stack.pop_back();
      continue;
    }
    std::size_t child = frame.by_end[frame.next++];
    std::int64_t child_end = std::min(end_us(child), frame.t);
    std::int64_t child_start = std::max(span(child).start_time_us, frame.lo);
    emit(frame.span, child_end, frame.t);
    frame.t = child_start;
    stack.push_back(frame_for(child, child_start, child_end));  // `frame` is invalid from here on
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::string folded_frame(std::string_view name) {
  std::string frame(name);
  for (char& c : frame) {
    if (c == ';') c = ':';
    else if (c == '\n' || c == '\r') c = ' ';
  }
  return frame;
}

std::vector<std::pair<std::string, std::int64_t>> folded_stacks(const TraceTree& tree) {
  std::map<std::string, std::int64_t> totals;
  std::vector<std::size_t> lengths;  // the stack text's length at each level
  const std::string& root_name = tree.trace().root_name;
  std::string stack = folded_frame(root_name.empty() ? "trace" : root_name);
  const std::size_t root_length = stack.size();
  // A single root span named like the trace is the root frame itself, not a frame above it.
  const bool root_is_span = tree.roots().size() == 1 && tree.span(tree.roots()[0]).name == root_name;
  tree.walk([&](std::size_t index, std::size_t depth) {
    if (root_is_span && depth == 0) {
      if (tree.self_us(index) > 0) totals[stack.substr(0, root_length)] += tree.self_us(index);
      return;
    }
    std::size_t level = root_is_span ? depth - 1 : depth;
    lengths.resize(std::min(level, kMaxFoldedDepth));
    stack.resize(lengths.empty() ? root_length : lengths.back());
    if (level < kMaxFoldedDepth) {
      stack += ';' + folded_frame(tree.span(index).name);
      lengths.push_back(stack.size());
    } else {
      stack += ";[deeper]";
    }
    if (tree.self_us(index) > 0) totals[stack] += tree.self_us(index);
  });
  return {totals.begin(), totals.end()};
}

}  // namespace interstice::sdk
