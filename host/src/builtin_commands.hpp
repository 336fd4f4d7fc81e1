// The table of commands the host provides itself. They report on the host (its plugins, its
// commands), not on user data, so they are not plugins; the runner finds them in the same
// CommandTable as plugin commands. To add one, add a row in builtin_commands.cpp.
#pragma once

#include "command_table.hpp"
#include "plugin_registry.hpp"

#include <vector>

namespace interstice::host {

/// `plugins`, `version` and `help`. `table` is the table being built; `help` keeps a reference to it.
std::vector<BuiltinCommand> builtin_commands(const PluginRegistry& registry, const CommandTable& table);

}  // namespace interstice::host
