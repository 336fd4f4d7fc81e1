// The plugin kinds this host can use. Adding a kind to the SDK means one entry here.
#pragma once

#include "interstice/sdk/plugin.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace interstice::host {

/// Whether `kind` is a kind this host knows.
bool is_known_kind(std::string_view kind);
/// Whether `plugin` really implements the interface its descriptor claims.
bool implements_kind(const sdk::Plugin& plugin, std::string_view kind);
/// "command, output-format"
std::string known_kinds_text();

}  // namespace interstice::host
