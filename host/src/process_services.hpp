// The host's services for the plugins of one process (sdk::HostServices): the process's stderr
// logger, progress bars on its terminal, Ctrl-C as the SDK's InterruptScope sees it, and the
// registry as the catalog. Made before any plugin is created and kept until the last is gone.
#pragma once

#include "command_runner.hpp"
#include "console.hpp"

#include "interstice/sdk/host_services.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/tracer.hpp"

#include <ostream>

namespace interstice::host {

class ProcessServices final : public sdk::HostServices {
 public:
  /// `terminal` is where progress bars may be drawn (the process's stderr when it is a
  /// terminal), or null.
  ProcessServices(StreamLogger& log, const sdk::PluginCatalog& plugins, std::ostream* terminal)
      : log_(log), plugins_(plugins), terminal_(terminal) {}

  sdk::Logger& log() override { return log_; }
  std::unique_ptr<sdk::Progress> progress(std::string label, std::uint64_t total) override {
    return make_progress(std::move(label), total, terminal_);
  }
  bool cancelled() const override;
  const sdk::PluginCatalog& plugins() const override { return plugins_; }
  sdk::Tracer* tracer() override { return sdk::Tracer::active(); }  // `--trace`, else null
  sdk::CommandRun run_command(const std::vector<std::string>& args) override;

  /// The runner `run_command` uses while the process runs a command (null before and after).
  void set_runner(const CommandRunner* runner) { runner_ = runner; }

 private:
  const CommandRunner* runner_ = nullptr;
  StreamLogger& log_;
  const sdk::PluginCatalog& plugins_;
  std::ostream* terminal_;
};

}  // namespace interstice::host
