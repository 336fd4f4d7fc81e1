// What the host offers every plugin, whatever its kind: a structured logger, progress bars,
// cancellation, the catalog of the other plugins, and running a command as the command line does. A plugin gets its handle at creation
// (`Plugin::host()`, valid from the first call after the constructor until the plugin is
// destroyed), so a codec or an output format can log and check for Ctrl-C as a command can.
#pragma once

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/progress.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace interstice::sdk {

class PluginCatalog;
class Tracer;  // the execution tracer's slot (observability); not defined yet

/// What a command run through `HostServices::run_command` printed and how it ended.
struct CommandRun {
  int exit_code = 0;                     ///< 0 ok, 1 the check found problems, 2 usage or input error
  std::string output;                    ///< the rendered result, as stdout would have had it
  std::optional<ErrorKind> error_kind;   ///< set when the run failed with an error
  std::string error;                     ///< that error's one line ("FILE: byte N: reason"), else empty
  std::string diagnostics;               ///< what the run logged (warnings, the error line), as stderr would have had it
};

class BOOST_SYMBOL_VISIBLE HostServices {
 public:
  virtual ~HostServices() = default;
  /// The process's diagnostics (stderr, `--log-level`). Commands use their run's
  /// `CommandContext::log()`, which may go elsewhere (a server's request log).
  virtual Logger& log() = 0;
  /// A progress indicator for `total` units; never null. The host decides whether it draws:
  /// only on a terminal, and only for work of at least 8 MiB.
  virtual std::unique_ptr<Progress> progress(std::string label, std::uint64_t total) = 0;
  /// True once the user asked the work to stop (Ctrl-C while a command watches for it, see
  /// log_scan.hpp's InterruptScope). Safe to call from any thread.
  virtual bool cancelled() const = 0;
  virtual const PluginCatalog& plugins() const = 0;
  /// The execution tracer, or null when the host records no trace.
  virtual Tracer* tracer() = 0;
  /// Runs `interstice ARGS...` (the command's name first) in this process through the host's own
  /// command runner: the same option parsing, command, output format (`--format json` among the
  /// arguments gives the CLI's JSON byte for byte) and error line as the command line; no
  /// progress bars, no colour. The command's errors come back in the result, never as an
  /// exception. Safe to call from several threads at once (`serve` answers each request this way).
  /// `Error::internal` where no command can run (the plugin scanner's probe, a unit test's host).
  virtual CommandRun run_command(const std::vector<std::string>& args) = 0;
};

}  // namespace interstice::sdk
