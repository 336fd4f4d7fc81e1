// The host's parse → run → render pipeline as a component: give it a command's arguments and the
// streams to write to, get back the exit code and the Report. It holds no process state (no
// std::cout, no static mutable state; every run gets its own logger, context and output file), so
// `main` is a thin shell around it and a test or a server can run several commands at once
// through one runner.
#pragma once

#include "command_table.hpp"
#include "global_options.hpp"
#include "plugin_registry.hpp"

#include "interstice/sdk/report.hpp"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace interstice::host {

/// Where one run writes, and what those streams can show.
struct RunStreams {
  std::ostream& out;  ///< the rendered result (unless --output names a file)
  std::ostream& err;  ///< log lines, progress bars and the one-line error
  bool out_shows_color = false;  ///< --color auto colours (`out` is a colour terminal)
  bool err_shows_progress = false;  ///< draw progress bars on `err` (it is a terminal)
};

struct RunResult {
  int exit_code = 0;  ///< 0 ok, 1 problems found, 2 usage or input error
  /// The command's Report when it ran. For a command that streamed its result, `run` gives the
  /// summary it returned (the items went to the output) and `report` the whole assembled document.
  std::optional<sdk::Report> report;
  std::string error;  ///< the message of the error line written to `err`; empty on success
  std::optional<sdk::ErrorKind> error_kind;  ///< the kind of that error (internal for a non-SDK exception)
};

class CommandRunner {
 public:
  /// `registry` must be loaded and outlive the runner.
  explicit CommandRunner(const PluginRegistry& registry);

  /// Runs `args` (the command name first, then its arguments) and renders the Report to
  /// `streams.out` or the --output file, written atomically. `before` holds the options given
  /// before the command name (`interstice -f json schema x`); --help there shows the command's help.
  /// Never throws for usage, input or command errors: they are written to `streams.err` as one
  /// line and returned as the exit code. Safe to call from several threads at once.
  RunResult run(const std::vector<std::string>& args, const RunStreams& streams, const GlobalOptions& before = {}) const;

  /// The same, up to the command's Report, which is returned and not rendered (nor is --output
  /// opened): for callers that render the data themselves. A streaming command's items are
  /// collected into it (assemble_report), so memory grows with them.
  RunResult report(const std::vector<std::string>& args, const RunStreams& streams, const GlobalOptions& before = {}) const;

  /// `interstice` without a command, `interstice --help`, `interstice help`.
  std::string global_help() const;

  const CommandTable& commands() const { return table_; }

 private:
  enum class Render { yes, no };
  RunResult guarded(const std::vector<std::string>& args, const RunStreams& streams, const GlobalOptions& before,
                    Render render) const;
  /// Sets `style` to the run's logging style as soon as its options are parsed.
  RunResult execute(const std::vector<std::string>& args, const RunStreams& streams, const GlobalOptions& before,
                    Render render, LogStyle& style) const;

  const PluginRegistry& registry_;
  CommandTable table_;
};

}  // namespace interstice::host
