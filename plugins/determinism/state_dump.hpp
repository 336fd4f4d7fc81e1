// The replay debugger's core: `--at N` lists the rows live after record N, `--diff A B` the rows
// that differ between the state after record A and the state after record B (inserted, deleted or
// updated, with both images and the columns that changed). Both replay with full rows, only as far
// as record N or B, and stream their rows through the output format so a big state stays flat
// in the output path. `--table T` (T = "table" or "module.table") keeps one table only.
#pragma once

#include "log_walk.hpp"

#include "interstice/sdk/command_context.hpp"
#include "interstice/sdk/report.hpp"

#include <optional>
#include <string>

namespace interstice::determinism {

sdk::Report state_at(sdk::CommandContext& context, LogWalk& walk, std::uint64_t at,
                     const std::optional<std::string>& table);

sdk::Report state_diff(sdk::CommandContext& context, LogWalk& walk, std::uint64_t from, std::uint64_t to,
                       const std::optional<std::string>& table);

}  // namespace interstice::determinism
