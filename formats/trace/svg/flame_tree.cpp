// Merging folded stacks into frames and laying them out left to right.
#include "flame_tree.hpp"

namespace interstice::formats::svg {

std::vector<Frame> flame_frames(const sdk::TraceTree& tree) {
  std::vector<Frame> frames(1);
  const auto& root_name = tree.trace().root_name;
  frames[0].name = root_name.empty() ? "trace" : root_name;
  for (const auto& [stack, us] : sdk::folded_stacks(tree)) {
    std::size_t at = 0, from = stack.find(';');  // the first frame is the root
    frames[0].total_us += us;
    while (from != std::string::npos) {
      std::size_t to = stack.find(';', from + 1);
      std::string name = stack.substr(from + 1, to == std::string::npos ? std::string::npos : to - from - 1);
      auto [child, fresh] = frames[at].children.emplace(name, frames.size());
      if (fresh) frames.push_back(Frame{name, 0, frames[at].depth + 1, 0, {}});
      at = child->second;
      frames[at].total_us += us;
      from = to;
    }
  }
  // Left edges: children side by side from their parent's left edge, in name order.
  std::vector<Frame> ordered;
  ordered.reserve(frames.size());
  std::vector<std::size_t> stack{0};
  while (!stack.empty()) {
    std::size_t index = stack.back();
    stack.pop_back();
    std::int64_t left = frames[index].left_us;
    std::vector<std::size_t> kids;
    for (const auto& [name, child] : frames[index].children) {
      frames[child].left_us = left;
      left += frames[child].total_us;
      kids.push_back(child);
    }
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back(*it);
    ordered.push_back(frames[index]);
  }
  return ordered;
}

}  // namespace interstice::formats::svg
