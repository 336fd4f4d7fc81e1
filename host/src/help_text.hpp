// The two help texts people read: the global one (`interstice --help`, `interstice help`) and one
// command's (`interstice help schema`, `interstice schema --help`). Both are built from the
// CommandTable and each command's declared syntax, never from a hand-kept list.
#pragma once

#include "command_table.hpp"

#include "interstice/sdk/plugin_catalog.hpp"

#include <string>

namespace interstice::host {

/// Usage, every command with its summary, the output formats and the global options.
std::string global_help(const CommandTable& table, const sdk::PluginCatalog& plugins);

/// Usage, arguments, the command's own options and the common options the host adds.
std::string command_help(const CommandEntry& entry);

}  // namespace interstice::host
