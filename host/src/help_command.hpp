// `interstice help [COMMAND]`: the global help, or one command's. A built-in command like
// `plugins`, so `help help` and `help --help` work and the runner needs no special case for it.
#pragma once

#include "command_table.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/plugin_catalog.hpp"

namespace interstice::host {

class HelpCommand final : public sdk::Command {
 public:
  HelpCommand(const CommandTable& table, const sdk::PluginCatalog& plugins) : table_(table), plugins_(plugins) {}
  void declare(sdk::CommandSyntax& syntax) const override;
  /// Writes the help text to `context.out()` itself (help is for people, whatever --format says;
  /// its table row says so with `writes_own_output`) and returns an empty Report.
  sdk::Report run(sdk::CommandContext& context) override;

  static constexpr const char* description = "Show a command's options: interstice help <command>";

 private:
  const CommandTable& table_;
  const sdk::PluginCatalog& plugins_;
};

}  // namespace interstice::host
