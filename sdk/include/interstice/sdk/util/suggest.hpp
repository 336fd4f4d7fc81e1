// "Did you mean ...?" for mistyped commands, formats, options and plugin ids: the host's and the
// plugins' (log-export's exporter names) suggestions read the same.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk {

/// The candidates close to `typed` (edit distance, or a prefix), best first; at most three.
INTERSTICE_SDK_API std::vector<std::string> close_matches(std::string_view typed, const std::vector<std::string>& candidates);

/// " (did you mean 'schema'?)" or "" when nothing is close.
INTERSTICE_SDK_API std::string did_you_mean(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace interstice::sdk
