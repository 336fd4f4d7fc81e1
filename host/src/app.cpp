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
#include "trace_recording.hpp"
#include "version_command.hpp"

#include "interstice/sdk/error.hpp"

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <optional>

namespace interstice::host {

namespace {

// The plugins' services outlive the plugins: members are destroyed in reverse order.
struct Process {
  Process(StreamLogger& log, std::ostream* terminal) : services(log, registry, terminal) {}
  ProcessServices services;
  PluginRegistry registry;
};

// A phase of the run: a span of the trace, and its time at --log-level debug.
class Phase {
 public:
  Phase(sdk::Logger& log, const char* name) : log_(log), name_(name), span_(sdk::Tracer::active(), name) {}
  ~Phase() {
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start_;
    log_.debug("{} took {:.2f} ms", name_, took.count());
  }
  sdk::ScopedSpan& span() { return span_; }

 private:
  sdk::Logger& log_;
  const char* name_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  sdk::ScopedSpan span_;
};

int run_command(const GlobalOptions& globals, const SplitArguments& split, StreamLogger& log, Process& process) {
  PluginRegistry& registry = process.registry;
  CommandRunner runner(registry);
  // A plugin may run other commands through it while this one runs (serve's JSON views).
  struct RunnerScope {
    ProcessServices& services;
    RunnerScope(ProcessServices& s, const CommandRunner& runner) : services(s) { services.set_runner(&runner); }
    ~RunnerScope() { services.set_runner(nullptr); }
  } scope(process.services, runner);
  if (!split.command) {
    // `interstice --help` is asked for: stdout, exit 0. `interstice` alone is a usage error: the
    // same text on stderr, exit 2, so a script's missing argument never reads as success.
    (globals.help ? std::cout : std::cerr) << runner.global_help();
    return globals.help ? 0 : 2;
  }
  std::vector<std::string> command_args{*split.command};
  command_args.insert(command_args.end(), split.command_args.begin(), split.command_args.end());
  const TerminalFeatures terminal = terminal_features();
  RunStreams streams{std::cout, std::cerr, terminal.stdout_color, terminal.stderr_progress};
  Phase phase(log, "command");
  phase.span().attribute("command", *split.command);
  const int code = runner.run(command_args, streams, globals).exit_code;
  phase.span().attribute("exit_code", code);
  if (code == 2) phase.span().fail();
  return code;
}

int run_program(const std::vector<std::string>& args, StreamLogger& log, Process& process) {
  PluginRegistry& registry = process.registry;
  auto global_description = global_options();
  SplitArguments split = split_arguments(args, global_description);
  GlobalOptions globals = parse_global_options(split.global, global_description);
  if (globals.version) {
    std::cout << version_line();
    return 0;
  }
  log.set_threshold(globals.log_level);
  log.set_style(globals.log_style);
  std::optional<TraceRecording> recording;
  if (globals.trace_file)
    recording.emplace(*globals.trace_file, globals.trace_format, "interstice " + split.command.value_or("help"));
  {
    Phase phase(log, "plugin discovery");
    registry.load(plugin_search_path(globals.plugin_dirs, globals.no_user_plugins, log), process.services);
  }
  if (!recording) return run_command(globals, split, log, process);

  recording->check_format(registry);
  int code = 2;
  try {
    code = run_command(globals, split, log, process);
  } catch (...) {
    try {
      recording->write(registry, true, log);
    } catch (const std::exception& e) {
      log.error("the trace was not written: {}", e.what());
    }
    throw;
  }
  recording->write(registry, code == 2, log);
  return code;
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
