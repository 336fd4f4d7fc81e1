// Help text layout; the column widths and wording are part of the goldens.
#include "help_text.hpp"
#include "command_line.hpp"
#include "global_options.hpp"

#include "interstice/sdk/output_format.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/detail/syntax_parts.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <sstream>

namespace interstice::host {

std::string global_help(const CommandTable& table, const sdk::PluginCatalog& plugins) {
  std::string text = "Usage: interstice [global options] <command> [command options]\n\n"
                     "Inspect, check and export Interstice module schemas and transaction logs.\n\nCommands:\n";
  std::size_t width = 4;
  for (const auto& entry : table.entries()) width = std::max(width, entry.name.size());
  for (const auto& entry : table.entries()) text += fmt::format("  {:<{}}  {}\n", entry.name, width, entry.description);
  std::vector<std::string> formats;
  for (const auto& info : plugins.list(sdk::OutputFormat::kind)) formats.push_back(info.id);
  text += fmt::format("\nOutput formats: {}\n\n", fmt::join(formats, ", "));
  std::ostringstream options;
  options << global_options();
  text += options.str();
  text += "\nPlugins are loaded from --plugin-dir, INTERSTICE_PLUGIN_PATH, ~/.local/share/interstice/plugins\n"
          "and the built-in directory; 'interstice plugins' lists them.\n";
  return text;
}

std::string command_help(const CommandEntry& entry) {
  sdk::CommandSyntax syntax;
  entry.command().declare(syntax);
  std::ostringstream text;
  text << fmt::format("Usage: interstice {} [options] {}\n\n{}\n", entry.name, syntax.usage(), entry.description);
  if (!syntax.parts().positionals.empty()) {
    text << "\nArguments:\n";
    std::size_t width = 0;
    for (const auto& p : syntax.parts().positionals) width = std::max(width, p.value_name.size());
    for (const auto& p : syntax.parts().positionals)
      text << fmt::format("  {:<{}}  {}\n", p.value_name, width, p.help);
  }
  if (!syntax.parts().named.options().empty()) text << '\n' << syntax.parts().named;
  text << '\n' << visible_common_options(syntax);
  return text.str();
}

}  // namespace interstice::host
