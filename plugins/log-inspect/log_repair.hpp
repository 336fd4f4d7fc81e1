// `--repair OUT`: the longest valid prefix of a log, copied to a new file. The input is only
// ever read; the output is written to a temp name and renamed.
#pragma once

#include "interstice/sdk/log_input.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace interstice::log_inspect {

/// Usage errors, before any reading, when `output` is the log itself (also through a symlink or
/// a hard link) or a directory.
void check_repair_target(const std::filesystem::path& log, const std::string& output);

/// Copies bytes [0, length) of `input` to `output` atomically. Refuses to write over the input.
void write_prefix(sdk::LogInput& input, std::uint64_t length, const std::string& output);

}  // namespace interstice::log_inspect
