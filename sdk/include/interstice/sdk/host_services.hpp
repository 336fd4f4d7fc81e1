// What the host offers every plugin, whatever its kind: a structured logger, progress bars,
// cancellation and the catalog of the other plugins. A plugin gets its handle at creation
// (`Plugin::host()`, valid from the first call after the constructor until the plugin is
// destroyed), so a codec or an output format can log and check for Ctrl-C as a command can.
#pragma once

#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/progress.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace interstice::sdk {

class PluginCatalog;
class Tracer;  // the execution tracer's slot (observability); not defined yet

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
};

}  // namespace interstice::sdk
