// The process around the command runner: global options, --version, plugin loading, then one
// run with the process's own stdout and stderr. Everything about commands (built-in or plugin)
// is in CommandRunner.
#include "app.hpp"
#include "command_runner.hpp"
#include "console.hpp"
#include "error_exit.hpp"
#include "global_options.hpp"
#include "plugin_registry.hpp"
#include "process_services.hpp"

#include "interstice/sdk/error.hpp"

#include <fmt/format.h>

#include <iostream>

namespace interstice::host {

namespace {

constexpr const char* kVersion = INTERSTICE_VERSION;  // the project version, from CMake

// The plugins' services outlive the plugins: members are destroyed in reverse order.
struct Process {
  Process(StreamLogger& log, std::ostream* terminal) : services(log, registry, terminal) {}
  ProcessServices services;
  PluginRegistry registry;
};

int run_program(const std::vector<std::string>& args, StreamLogger& log, Process& process) {
  PluginRegistry& registry = process.registry;
  auto global_description = global_options();
  SplitArguments split = split_arguments(args, global_description);
  GlobalOptions globals = parse_global_options(split.global, global_description);
  if (globals.version) {
    std::cout << fmt::format("interstice {} (plugin SDK {}, ABI {})\n", kVersion, sdk::kSdkVersion, sdk::kAbiVersion);
    return 0;
  }
  log.set_threshold(globals.log_level);
  log.set_style(globals.log_style);
  registry.load(plugin_search_path(globals.plugin_dirs, globals.no_user_plugins, log), process.services);
  CommandRunner runner(registry);

  if (!split.command) {
    std::cout << runner.global_help();
    return globals.help ? 0 : 2;
  }
  std::vector<std::string> command_args{*split.command};
  command_args.insert(command_args.end(), split.command_args.begin(), split.command_args.end());
  const TerminalFeatures terminal = terminal_features();
  RunStreams streams{std::cout, std::cerr, terminal.stdout_color, terminal.stderr_progress};
  return runner.run(command_args, streams, globals).exit_code;
}

}  // namespace

int run_interstice(const std::vector<std::string>& args) {
  StreamLogger log(std::cerr);
  // Outlives the error handling below: a message may come from a plugin.
  Process process(log, terminal_features().stderr_progress ? &std::cerr : nullptr);
  try {
    return run_program(args, log, process);
  } catch (const sdk::Error& e) {
    return report_error(e, std::cout, std::cerr, log.style());
  } catch (const std::exception& e) {
    return report_internal_error(e, std::cerr, log.style());
  }
}

}  // namespace interstice::host
