// What a command sees of one run (sdk::CommandContext): the parsed options, the output stream,
// the run's logger, progress and the plugin catalog. One per run, nothing shared between runs.
#pragma once

#include "console.hpp"

#include "interstice/sdk/command_context.hpp"

#include <boost/program_options/variables_map.hpp>

#include <ostream>
#include <string>

namespace interstice::host {

class HostContext final : public sdk::CommandContext {
 public:
  HostContext(const boost::program_options::variables_map& vm, std::ostream& out, sdk::Logger& log,
              const sdk::PluginCatalog& plugins, std::string format, bool color, std::ostream* progress_terminal)
      : vm_(vm), out_(out), log_(log), plugins_(plugins), format_(std::move(format)), color_(color),
        progress_terminal_(progress_terminal) {}
  const boost::program_options::variables_map& options() const override { return vm_; }
  std::ostream& out() override { return out_; }
  sdk::Logger& log() override { return log_; }
  const std::string& output_format() const override { return format_; }
  bool color() const override { return color_; }
  const sdk::PluginCatalog& plugins() const override { return plugins_; }
  std::unique_ptr<sdk::Progress> progress(std::string label, std::uint64_t total) override {
    return make_progress(std::move(label), total, progress_terminal_);
  }

 private:
  const boost::program_options::variables_map& vm_;
  std::ostream& out_;
  sdk::Logger& log_;
  const sdk::PluginCatalog& plugins_;
  std::string format_;
  bool color_;
  std::ostream* progress_terminal_;  ///< where to draw progress bars; null for none
};

}  // namespace interstice::host
