// Shell completion scripts (bash, zsh, fish) and man pages, generated from the loaded commands'
// own option tables (CommandSyntax) and the host's global and common options, so a third-party
// plugin's command and options complete and are documented like the built-in ones. Nothing here
// knows a command by name.
#pragma once

#include "command_table.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/plugin_catalog.hpp"

#include <string>
#include <vector>

namespace interstice::host {

/// One option as a shell or a man page shows it.
struct OptionInfo {
  std::string long_name;   ///< "format"
  std::string short_name;  ///< "f", or empty
  std::string value_name;  ///< "NAME" when it takes a value, else empty
  std::string help;
};

/// One command: its options (its own, then the common ones it did not declare) and positionals.
struct CommandInfo {
  std::string name;
  std::string description;
  std::string usage;  ///< "<PATH>... [FORMAT]"
  std::vector<OptionInfo> options;
  std::vector<std::pair<std::string, std::string>> arguments;  ///< value name, help
};

/// Every command of the table (loading each plugin command to read its syntax).
std::vector<CommandInfo> describe_commands(const CommandTable& table);
/// The options accepted before the command name.
std::vector<OptionInfo> describe_global_options();

/// The completion script for "bash", "zsh" or "fish"; a usage error for another shell.
std::string completion_script(const std::string& shell, const CommandTable& table, const sdk::PluginCatalog& plugins);

/// interstice(1) without `command`, interstice-COMMAND(1) with it, in roff (man(7)).
std::string man_page(const CommandTable& table, const sdk::PluginCatalog& plugins, const std::string* command);

/// `interstice completion <SHELL>`: prints the script (writes its own output).
class CompletionCommand final : public sdk::Command {
 public:
  CompletionCommand(const CommandTable& table, const sdk::PluginCatalog& plugins) : table_(table), plugins_(plugins) {}
  void declare(sdk::CommandSyntax& syntax) const override;
  sdk::Report run(sdk::CommandContext& context) override;

  static constexpr const char* description =
      "Print a shell completion script (bash, zsh or fish) for every loaded command and option";

 private:
  const CommandTable& table_;
  const sdk::PluginCatalog& plugins_;
};

/// `interstice man [COMMAND]`: prints a man page (writes its own output).
class ManCommand final : public sdk::Command {
 public:
  ManCommand(const CommandTable& table, const sdk::PluginCatalog& plugins) : table_(table), plugins_(plugins) {}
  void declare(sdk::CommandSyntax& syntax) const override;
  sdk::Report run(sdk::CommandContext& context) override;

  static constexpr const char* description = "Print the man page of interstice, or of one command (roff)";

 private:
  const CommandTable& table_;
  const sdk::PluginCatalog& plugins_;
};

}  // namespace interstice::host
