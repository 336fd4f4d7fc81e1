// Runs another loaded command in this process and gives back the JSON it prints, so every `.json`
// URL of `interstice serve` is byte for byte what `interstice COMMAND ... --format json` writes.
// The host's own CommandRunner is not reachable from a plugin (it lives in the host, outside the
// SDK), so this is the same pipeline rebuilt from SDK parts: the command's declared syntax parsed
// with program_options, a CommandContext of our own, and the `json` output format plugin.
#pragma once

#include "interstice/sdk/plugin_catalog.hpp"

#include <string>
#include <vector>

namespace interstice::sdk { class Logger; }

namespace interstice::serve {

struct CommandOutput {
  int exit_code = 0;     ///< 0 ok, 1 problems found, 2 usage or input error (as the CLI)
  bool usage_error = false;  ///< the arguments (from URL parameters) were refused
  std::string json;      ///< the rendered JSON document (empty on error)
  std::string error;     ///< the one-line error message on failure
};

/// Runs `args` (the command name first) with `--format json` through the loaded plugins.
/// Never throws for a command's usage or input errors; they come back in `error`.
CommandOutput run_command_json(const sdk::PluginCatalog& plugins, sdk::Logger& log, const std::vector<std::string>& args);

/// Sets glibc's allocator up for a server whose requests each allocate and free tens of MB
/// (call once, before the request threads start).
void use_server_memory_policy();

}  // namespace interstice::serve
