// The replay debugger's core: `--at N` lists the rows live after record N, `--diff A B` the rows
// that differ between the state after record A and the state after record B (inserted, deleted or
// updated, with both images and the columns that changed). Both replay with full rows, only as far
// as record N or B, and stream their rows through the output format so a big state stays flat
// in the output path. `--at` keeps its replay for the next request of the same log in this
// process (serve's state view), with checkpoints to jump back to (replay_cursors.hpp). `--table T` (T = "table" or "module.table") keeps one table only.
#pragma once

#include "log_walk.hpp"

#include "interstice/sdk/command_context.hpp"
#include "interstice/sdk/report.hpp"

#include <optional>
#include <vector>
#include <string>

namespace interstice::determinism {

/// `options`: what else changes the replay of `path` (the log format and schemas asked for), part
/// of the key under which the replay is kept for a later request (replay_cursors.hpp).
sdk::Report state_at(sdk::CommandContext& context, const std::string& path, const std::vector<sdk::ModuleSchema>& schemas,
                     std::uint64_t at, const std::optional<std::string>& table, const std::string& options);

sdk::Report state_diff(sdk::CommandContext& context, LogWalk& walk, std::uint64_t from, std::uint64_t to,
                       const std::optional<std::string>& table);

}  // namespace interstice::determinism
