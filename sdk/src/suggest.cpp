// Optimal-string-alignment distance, which counts a swap of two letters as one edit.
#include "interstice/sdk/util/suggest.hpp"

#include <algorithm>

namespace interstice::sdk {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::vector<std::string> close_matches(std::string_view typed, const std::vector<std::string>& candidates) {
  std::vector<std::pair<std::size_t, std::string>> scored;
  std::size_t limit = std::max<std::size_t>(2, typed.size() / 3);
  for (const auto& candidate : candidates) {
    std::size_t distance = edit_distance(typed, candidate);
    bool prefix = typed.size() >= 3 && candidate.rfind(typed, 0) == 0;
    if (distance <= limit || prefix) scored.emplace_back(prefix ? 0 : distance, candidate);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
  return out;
}

std::string did_you_mean(std::string_view typed, const std::vector<std::string>& candidates) {
  auto matches = close_matches(typed, candidates);
  if (matches.empty()) return "";
  std::string text = " (did you mean ";
  for (std::size_t i = 0; i < matches.size(); ++i) {
    if (i) text += i + 1 == matches.size() ? " or " : ", ";
    text += "'" + matches[i] + "'";
  }
  return text + "?)";
}

}  // namespace interstice::sdk
