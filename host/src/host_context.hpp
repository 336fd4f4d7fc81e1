// What a command sees of one run (sdk::CommandContext): the parsed options, the output stream,
// the run's logger, progress, the plugin catalog, and the output format's writer that a
// streaming command feeds. One per run, nothing shared between runs.
#pragma once

#include "console.hpp"
#include "plugin_call.hpp"

#include "interstice/sdk/command_context.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/output_format.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/progress.hpp"

#include <boost/program_options/variables_map.hpp>

#include <ostream>
#include <string>
#include <utility>

namespace interstice::host {

class HostContext final : public sdk::CommandContext {
 public:
  /// `writer` is the chosen output format's, opened for this run; null for commands that write
  /// their own output. `format` names it in error messages.
  HostContext(const boost::program_options::variables_map& vm, std::ostream& out, sdk::Logger& log,
              const sdk::PluginCatalog& plugins, sdk::ResultWriter* writer, std::string format, bool color,
              std::ostream* progress_terminal)
      : vm_(vm), out_(out), log_(log), plugins_(plugins), writer_(writer), format_(std::move(format)), color_(color),
        progress_terminal_(progress_terminal) {}
  const boost::program_options::variables_map& options() const override { return vm_; }
  std::ostream& out() override { return out_; }
  sdk::Logger& log() override { return log_; }
  bool color() const override { return color_; }
  const sdk::PluginCatalog& plugins() const override { return plugins_; }
  std::unique_ptr<sdk::Progress> progress(std::string label, std::uint64_t total) override {
    return make_progress(std::move(label), total, progress_terminal_);
  }

  void begin(const sdk::Report& header) override;
  void item(const boost::json::value& item) override;
  void item_json(std::string_view compact_json) override;
  /// Whether the command streamed (called begin); then `run` returned the summary.
  bool streamed() const { return begun_; }

 private:
  sdk::ResultWriter& streaming_writer(const char* call);

  const boost::program_options::variables_map& vm_;
  std::ostream& out_;
  sdk::Logger& log_;
  const sdk::PluginCatalog& plugins_;
  sdk::ResultWriter* writer_;
  std::string format_;
  bool color_;
  std::ostream* progress_terminal_;  ///< where to draw progress bars; null for none
  bool begun_ = false;
};

/// Runs `work` (a call into an output format) with guard_plugin_call, naming the format:
/// "output format 'yaml' failed: ...".
template <typename Work>
auto guard_format(const std::string& format, Work&& work) {
  return guard_plugin_call("output format '" + format + "'", std::forward<Work>(work));
}

}  // namespace interstice::host
