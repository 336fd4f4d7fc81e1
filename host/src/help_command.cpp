// The help command: picks which help text (help_text.hpp) to show.
#include "help_command.hpp"
#include "help_text.hpp"

namespace interstice::host {

void HelpCommand::declare(sdk::CommandSyntax& syntax) const {
  syntax.optional_positional("command", "COMMAND", "the command to describe; without it, every command");
}

sdk::Report HelpCommand::run(sdk::CommandContext& context) {
  if (auto name = context.get<std::string>("command")) context.out() << command_help(table_.find(*name));
  else context.out() << global_help(table_, plugins_);
  return {};
}

}  // namespace interstice::host
