// Runs another command in this process and gives back the JSON it prints, so every `.json` URL of
// `interstice serve` is byte for byte what `interstice COMMAND ... --format json` writes: the
// host's own command runner does the work (sdk::HostServices::run_command).
#pragma once

#include "interstice/sdk/host_services.hpp"

#include <string>
#include <vector>

namespace interstice::serve {

struct CommandOutput {
  int exit_code = 0;     ///< 0 ok, 1 problems found, 2 usage or input error (as the CLI)
  bool internal = false;  ///< the command failed with an internal error (a bug): a 500, not a 400
  std::string json;      ///< the rendered JSON document (empty on error)
  std::string error;     ///< the one-line error message on failure
};

/// Runs `args` (the command name first) with `--format json` through the host's runner. Never
/// throws for a command's usage or input errors; they come back in `error`. What the run logged
/// goes to `host`'s log.
CommandOutput run_command_json(sdk::HostServices& host, std::vector<std::string> args);

/// Sets glibc's allocator up for a server whose requests each allocate and free tens of MB
/// (call once, before the request threads start).
void use_server_memory_policy();

}  // namespace interstice::serve
