// The rows of the built-in command table.
#include "builtin_commands.hpp"
#include "help_command.hpp"
#include "plugins_command.hpp"
#include "shell_completion.hpp"
#include "version_command.hpp"

namespace interstice::host {

std::vector<BuiltinCommand> builtin_commands(const PluginRegistry& registry, const CommandTable& table) {
  std::vector<BuiltinCommand> commands;
  commands.push_back({"plugins", PluginsCommand::description, false, std::make_unique<PluginsCommand>(registry)});
  commands.push_back({"completion", CompletionCommand::description, false,
                      std::make_unique<CompletionCommand>(table, registry), true});
  commands.push_back({"man", ManCommand::description, false, std::make_unique<ManCommand>(table, registry), true});
  commands.push_back({"version", VersionCommand::description, true, std::make_unique<VersionCommand>(), true});
  commands.push_back({"help", HelpCommand::description, true, std::make_unique<HelpCommand>(table, registry), true});
  return commands;
}

}  // namespace interstice::host
