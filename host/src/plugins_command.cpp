// The plugin listing: one JSON object per plugin file with exactly the documented keys.
#include "plugins_command.hpp"

#include <fmt/format.h>

namespace json = boost::json;

namespace interstice::host {

void PluginsCommand::declare(sdk::CommandSyntax& syntax) const {
  syntax.options()("verbose,v", "also show the ABI, the path and the description of each plugin");
  syntax.trailing_format();
}

sdk::Report PluginsCommand::run(sdk::CommandContext& context) {
  json::array plugins;
  std::size_t loaded = 0, shadowed = 0, rejected = 0;
  auto text_or_null = [](const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); };
  for (const auto& record : registry_.records()) {
    json::object entry;
    entry["id"] = record.id;
    entry["kind"] = text_or_null(record.kind);
    entry["version"] = text_or_null(record.version);
    entry["abi"] = record.abi ? json::value(*record.abi) : json::value(nullptr);
    entry["path"] = record.path.string();
    entry["status"] = record.status_text();
    entry["description"] = text_or_null(record.description);
    plugins.push_back(std::move(entry));
    switch (record.status) {
      case PluginStatus::loaded: ++loaded; break;
      case PluginStatus::shadowed: ++shadowed; break;
      case PluginStatus::rejected: ++rejected; break;
    }
  }

  sdk::Report report;
  report.data = std::move(plugins);
  report.presentation.title = "Plugins";
  sdk::TableHint table{"", {{"ID", "/id"}, {"KIND", "/kind"}, {"VERSION", "/version"}, {"STATUS", "/status"}}};
  if (context.has("verbose")) {
    table.columns.insert(table.columns.begin() + 3, {"ABI", "/abi"});
    table.columns.push_back({"PATH", "/path"});
    table.columns.push_back({"DESCRIPTION", "/description"});
  }
  report.presentation.tables.push_back(std::move(table));
  report.presentation.summary = fmt::format("{} loaded, {} shadowed, {} rejected", loaded, shadowed, rejected);
  return report;
}

}  // namespace interstice::host
