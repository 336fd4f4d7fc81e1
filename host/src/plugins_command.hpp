// `interstice plugins`: the host's own command that lists every plugin it found and why any was
// not used. It lives in the host because it reports on the host's loading, not on user data.
#pragma once

#include "plugin_registry.hpp"

#include "interstice/sdk/command.hpp"

namespace interstice::host {

class PluginsCommand final : public sdk::Command {
 public:
  explicit PluginsCommand(const PluginRegistry& registry) : registry_(registry) {}
  void declare(sdk::CommandSyntax& syntax) const override;
  sdk::Report run(sdk::CommandContext& context) override;

  static constexpr const char* description = "List every plugin found, with its status and why any was not loaded";

 private:
  const PluginRegistry& registry_;
};

}  // namespace interstice::host
