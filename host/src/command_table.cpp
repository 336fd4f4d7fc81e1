// Merging the built-in commands with the registry's, and the unknown-command message.
#include "command_table.hpp"
#include "builtin_commands.hpp"
#include "interstice/sdk/util/suggest.hpp"

#include "interstice/sdk/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace interstice::host {

CommandTable::CommandTable(const PluginRegistry& registry) : builtins_(builtin_commands(registry, *this)) {
  auto is_builtin = [this](const std::string& name) {
    return std::any_of(builtins_.begin(), builtins_.end(), [&](const BuiltinCommand& b) { return b.name == name; });
  };
  for (const auto& info : registry.list(sdk::Command::kind)) {
    if (is_builtin(info.id)) continue;
    entries_.push_back({nullptr, info.id, info.description, false, &registry});
  }
  for (const auto& builtin : builtins_)
    if (!builtin.listed_last)
      entries_.push_back({builtin.command.get(), builtin.name, builtin.description, builtin.writes_own_output});
  std::sort(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (const auto& builtin : builtins_)
    if (builtin.listed_last)
      entries_.push_back({builtin.command.get(), builtin.name, builtin.description, builtin.writes_own_output});
}

sdk::Command& CommandEntry::command() const {
  if (builtin) return *builtin;
  if (auto* command = plugins->find<sdk::Command>(name)) return *command;
  throw sdk::Error::input(fmt::format("the plugin of command '{}' could not be loaded; 'interstice plugins' says why", name));
}

std::vector<std::string> CommandTable::names() const {
  std::vector<std::string> names;
  for (const auto& entry : entries_) names.push_back(entry.name);
  return names;
}

const CommandEntry& CommandTable::find(const std::string& name) const {
  for (const auto& entry : entries_)
    if (entry.name == name) return entry;
  throw sdk::Error::usage(fmt::format("unknown command '{}'{}; run 'interstice --help' for the list", name,
                                      sdk::did_you_mean(name, names())));
}

}  // namespace interstice::host
