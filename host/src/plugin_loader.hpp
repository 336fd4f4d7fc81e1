// Opens one plugin file and checks its descriptor, without running any plugin code but the
// library's own static initialisers.
#pragma once

#include "plugin_record.hpp"

#include "interstice/sdk/host_services.hpp"

namespace interstice::host {

/// Returns a record with status `loaded` and a factory when every check passes (the object is not
/// made yet), else status `rejected` with a one-line reason.
PluginRecord open_plugin(const std::filesystem::path& path, bool builtin);

/// Calls the record's factory with the host's services and checks the object; on failure the
/// record becomes `rejected`. `host` must outlive the object.
void instantiate_plugin(PluginRecord& record, sdk::HostServices& host);

}  // namespace interstice::host
