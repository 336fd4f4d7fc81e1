// The part of a PluginRecord a probe finds out (status, reason, descriptor fields), as JSON: the
// plugin scanner writes it, the host reads it back, and the registry cache stores it.
#pragma once

#include "plugin_record.hpp"

#include <boost/json/object.hpp>

namespace interstice::host {

boost::json::object probe_to_json(const PluginRecord& record);

/// Fills the probed fields of `record` (loaded or rejected, never shadowed); throws
/// std::exception when `probe` does not have the shape probe_to_json gives.
void probe_from_json(const boost::json::object& probe, PluginRecord& record);

}  // namespace interstice::host
