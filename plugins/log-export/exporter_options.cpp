// Exporter options: the union of what the loaded exporters declare, each listed once with the
// exporters it belongs to, so a plugin adds `--its-option` to log-export without log-export or the
// host knowing it.
#include "exporter_options.hpp"

#include "interstice/sdk/detail/syntax_parts.hpp"
#include "interstice/sdk/error.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <vector>

namespace po = boost::program_options;

namespace interstice::log_export {
namespace {

// What the host adds to every command (command.hpp): never an exporter's.
bool host_option(const std::string& name) { return name == "format" || name == "output" || name == "help" || name == "quiet"; }

struct DeclaredOption {
  sdk::ExporterOption option;
  std::vector<std::string> exporters;  ///< ids of the exporters that declare it
};

std::map<std::string, DeclaredOption> declared_options(const sdk::PluginCatalog& plugins) {
  std::map<std::string, DeclaredOption> declared;
  for (const auto& info : plugins.list(sdk::Exporter::kind)) {
    const auto* exporter = plugins.find<sdk::Exporter>(info.id);
    if (exporter == nullptr) continue;
    for (auto& option : exporter->options()) {
      if (option.name.empty() || option.name.front() == '-') continue;
      auto& entry = declared[option.name];
      if (entry.exporters.empty()) entry.option = std::move(option);
      entry.exporters.push_back(info.id);
    }
  }
  return declared;
}

std::string owners(const std::vector<std::string>& exporters) {
  return fmt::format("{} exporter{}", fmt::join(exporters, ", "), exporters.size() == 1 ? "" : "s");
}

}  // namespace

void declare_exporter_options(const sdk::PluginCatalog& plugins, sdk::CommandSyntax& syntax) {
  for (auto& [name, entry] : declared_options(plugins)) {
    if (host_option(name) || syntax.parts().named.find_nothrow(name, false) != nullptr) continue;
    const std::string help = fmt::format("({}) {}", owners(entry.exporters), entry.option.help);
    if (entry.option.value_name.empty())
      syntax.options()(name.c_str(), help.c_str());
    else
      syntax.options()(name.c_str(), po::value<std::string>()->value_name(entry.option.value_name), help.c_str());
  }
}

std::map<std::string, std::string, std::less<>> exporter_options_given(const sdk::PluginCatalog& plugins,
                                                                       const sdk::Exporter& chosen, const std::string& chosen_id,
                                                                       const sdk::CommandContext& context) {
  std::map<std::string, std::string, std::less<>> given;
  const auto own = chosen.options();
  for (const auto& [name, entry] : declared_options(plugins)) {
    if (!context.has(name) || host_option(name)) continue;
    const bool chosen_declares =
        std::any_of(own.begin(), own.end(), [&](const sdk::ExporterOption& option) { return option.name == name; });
    if (!chosen_declares)
      throw sdk::Error::usage(fmt::format("--{} is an option of the {}, not of {}", name, owners(entry.exporters), chosen_id));
    given[name] = entry.option.value_name.empty() ? std::string() : context.options()[name].as<std::string>();
  }
  return given;
}

}  // namespace interstice::log_export
