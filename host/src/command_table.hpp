// The one list of commands: the host's built-ins (`plugins`, `help`) and every loaded command
// plugin. Lookup, "did you mean", `--help` and the global help listing all read it, so a built-in
// is found and described exactly like a plugin command.
#pragma once

#include "plugin_registry.hpp"

#include "interstice/sdk/command.hpp"

#include <memory>
#include <string>
#include <vector>

namespace interstice::host {

struct CommandEntry {
  sdk::Command* builtin = nullptr;  ///< the host's own command; null for a plugin's
  std::string name;
  std::string description;
  /// The command prints to `CommandContext::out()` itself (help is for people, whatever --format
  /// says); the runner opens no output format for it.
  bool writes_own_output = false;
  const PluginRegistry* plugins = nullptr;  ///< where a plugin command is loaded from

  /// The command object; a plugin's is loaded on first use. An input `sdk::Error` if it cannot be.
  sdk::Command& command() const;
};

/// A command the host provides itself; see builtin_commands.hpp.
struct BuiltinCommand {
  std::string name;
  std::string description;
  /// Listed (and suggested) after every other command rather than in name order.
  bool listed_last = false;
  std::unique_ptr<sdk::Command> command;
  bool writes_own_output = false;  ///< see CommandEntry
};

class CommandTable {
 public:
  /// The built-ins of builtin_commands.hpp plus the registry's commands. A plugin command with a
  /// built-in's name stays loaded but is not reachable: the built-in wins.
  explicit CommandTable(const PluginRegistry& registry);
  CommandTable(const CommandTable&) = delete;
  CommandTable& operator=(const CommandTable&) = delete;

  /// Every command in listing order: by name, then the built-ins listed last.
  const std::vector<CommandEntry>& entries() const { return entries_; }
  /// The names in listing order.
  std::vector<std::string> names() const;
  /// The command called `name`; a usage `sdk::Error` with suggestions when there is none.
  const CommandEntry& find(const std::string& name) const;

 private:
  std::vector<BuiltinCommand> builtins_;
  std::vector<CommandEntry> entries_;
};

}  // namespace interstice::host
