// A log file cut (truncated, or rewritten shorter) by another process while a command read it:
// one wording for the record cursor, which meets the cut while reading, and for a command that
// checks again once work that still read the log after the cursor (export formatting) is done.
#pragma once

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_input.hpp"

#include <cstdint>

namespace interstice::sdk {

/// The input error for `input` found cut at byte `at`, naming the file's size now (asked of the
/// descriptor being read, `size_now`, not of the path, which may name another file). Leaves
/// `input` as it is, so a reader's worker may still be reading it.
INTERSTICE_SDK_API Error log_cut_error(LogInput& input, std::uint64_t at);

/// Throws `log_cut_error` (at the new end) when `input` now holds fewer than `read_to` bytes.
INTERSTICE_SDK_API void check_log_not_cut(LogInput& input, std::uint64_t read_to);

}  // namespace interstice::sdk
