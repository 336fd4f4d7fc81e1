// Top-level flow: parse global options, load plugins, then hand over to the command. Commands
// come from the registry; the host's own are `plugins` and `help`.
#include "app.hpp"
#include "command_runner.hpp"
#include "console.hpp"
#include "global_options.hpp"
#include "plugin_registry.hpp"
#include "plugins_command.hpp"
#include "suggest.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/output_format.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <algorithm>
#include <iostream>
#include <sstream>

namespace interstice::host {

namespace {

constexpr const char* kVersion = "0.1.0";

class Program {
 public:
  int run(const std::vector<std::string>& args) {
    auto global_description = global_options();
    SplitArguments split = split_arguments(args, global_description);
    globals_ = parse_global_options(split.global, global_description);
    log_.set_threshold(globals_.log_level);

    if (globals_.version) {
      std::cout << fmt::format("interstice {} (plugin SDK {}, ABI {})\n", kVersion, sdk::kSdkVersion, sdk::kAbiVersion);
      return 0;
    }
    registry_.load(plugin_search_path(globals_.plugin_dirs), log_);
    plugins_command_ = std::make_unique<PluginsCommand>(registry_);

    if (!split.command) {
      std::cout << global_help(global_description);
      return globals_.help ? 0 : 2;
    }
    if (*split.command == "help") return help(split.command_args, global_description);
    CommandEntry entry = find_command(*split.command);
    if (globals_.help) {
      std::cout << command_help(entry);
      return 0;
    }
    return run_command(entry, split.command_args, globals_, registry_, log_);
  }

 private:
  CommandEntry find_command(const std::string& name) {
    if (name == "plugins") return {plugins_command_.get(), "plugins", PluginsCommand::description};
    if (const auto* record = registry_.record(sdk::Command::kind, name))
      return {dynamic_cast<sdk::Command*>(record->instance.get()), record->id, record->description};
    auto names = command_names();
    names.push_back("help");
    throw sdk::Error::usage(fmt::format("unknown command '{}'{}; run 'interstice --help' for the list", name,
                                        did_you_mean(name, names)));
  }

  std::vector<std::string> command_names() const {
    auto names = registry_.ids(sdk::Command::kind);
    names.push_back("plugins");
    std::sort(names.begin(), names.end());
    return names;
  }

  int help(const std::vector<std::string>& args, const boost::program_options::options_description& global) {
    if (args.empty()) {
      std::cout << global_help(global);
      return 0;
    }
    if (args.size() > 1) throw sdk::Error::usage("usage: interstice help [COMMAND]");
    std::cout << command_help(find_command(args.front()));
    return 0;
  }

  std::string global_help(const boost::program_options::options_description& global) const {
    std::string text = "Usage: interstice [global options] <command> [command options]\n\n"
                       "Inspect, check and export Interstice module schemas and transaction logs.\n\nCommands:\n";
    auto names = command_names();
    std::size_t width = 4;
    for (const auto& n : names) width = std::max(width, n.size());
    for (const auto& n : names) {
      std::string summary = n == "plugins" ? PluginsCommand::description : registry_.record(sdk::Command::kind, n)->description;
      text += fmt::format("  {:<{}}  {}\n", n, width, summary);
    }
    text += fmt::format("  {:<{}}  {}\n", "help", width, "Show a command's options: interstice help <command>");
    text += fmt::format("\nOutput formats: {}\n\n", fmt::join(registry_.ids(sdk::OutputFormat::kind), ", "));
    std::ostringstream options;
    options << global;
    text += options.str();
    text += "\nPlugins are loaded from --plugin-dir, INTERSTICE_PLUGIN_PATH, ~/.local/share/interstice/plugins\n"
            "and the built-in directory; 'interstice plugins' lists them.\n";
    return text;
  }

  GlobalOptions globals_;
  StderrLogger log_;
  PluginRegistry registry_;
  std::unique_ptr<PluginsCommand> plugins_command_;
};

}  // namespace

int run_interstice(const std::vector<std::string>& args) {
  try {
    Program program;
    return program.run(args);
  } catch (const sdk::Error& e) {
    std::string message = e.what();  // copied while every plugin is still loaded
    std::fflush(stdout);
    std::fputs(fmt::format("interstice: error: {}\n", message).c_str(), stderr);
    return e.exit_code();
  } catch (const std::exception& e) {
    std::string message = e.what();
    std::fputs(fmt::format("interstice: internal error: {}\n", message).c_str(), stderr);
    return 2;
  }
}

}  // namespace interstice::host
