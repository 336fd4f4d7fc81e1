// Runs one command: parse its arguments against its declared syntax, pick the output format, run
// it, render its report to stdout or an atomically written file, and turn the outcome into an
// exit code.
#pragma once

#include "console.hpp"
#include "global_options.hpp"
#include "plugin_registry.hpp"

#include "interstice/sdk/command.hpp"

#include <string>
#include <vector>

namespace interstice::host {

struct CommandEntry {
  sdk::Command* command = nullptr;
  std::string name;
  std::string description;
};

/// Returns the exit code; usage and input errors propagate as `sdk::Error`.
int run_command(const CommandEntry& entry, const std::vector<std::string>& args, GlobalOptions globals,
                const PluginRegistry& registry, StderrLogger& log);

/// `interstice help <command>` and `interstice <command> --help`.
std::string command_help(const CommandEntry& entry);

}  // namespace interstice::host
