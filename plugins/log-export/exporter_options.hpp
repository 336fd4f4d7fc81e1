// The exporters' own options on log-export's command line (`--csv-safe`): declared from every
// loaded exporter so `log-export --help` lists them, and handed to the chosen exporter only.
#pragma once

#include "interstice/sdk/command_context.hpp"
#include "interstice/sdk/command_syntax.hpp"
#include "interstice/sdk/exporter.hpp"
#include "interstice/sdk/plugin_catalog.hpp"

#include <map>
#include <string>

namespace interstice::log_export {

/// Adds each loaded exporter's options to `syntax` once, under the exporters that declare them
/// ("csv exporter: ..."). A name log-export or the host already uses is left out.
void declare_exporter_options(const sdk::PluginCatalog& plugins, sdk::CommandSyntax& syntax);

/// The given exporter options, for `ExportTarget::options`; a usage error for one that the chosen
/// exporter does not declare ("--csv-safe is an option of the csv exporter, not ndjson").
std::map<std::string, std::string, std::less<>> exporter_options_given(const sdk::PluginCatalog& plugins,
                                                                       const sdk::Exporter& chosen, const std::string& chosen_id,
                                                                       const sdk::CommandContext& context);

}  // namespace interstice::log_export
