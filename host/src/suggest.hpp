// "Did you mean ...?" for mistyped commands, formats and options.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace interstice::host {

/// The candidates close to `typed` (edit distance, or a prefix), best first; at most three.
std::vector<std::string> close_matches(std::string_view typed, const std::vector<std::string>& candidates);

/// " (did you mean 'schema'?)" or "" when nothing is close.
std::string did_you_mean(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace interstice::host
