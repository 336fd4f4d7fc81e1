// The `interstice` program: global options, plugin loading, and dispatch to a command.
#pragma once

#include <string>
#include <vector>

namespace interstice::host {

/// Runs the whole program on `args` (argv without argv[0]) and returns the exit code:
/// 0 ok, 1 a check found problems, 2 usage or input error.
int run_interstice(const std::vector<std::string>& args);

}  // namespace interstice::host
