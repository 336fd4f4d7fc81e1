// The build's built-in plugins, probed by the build's plugin scanner and loaded on first use, as
// `interstice` loads them: for harnesses that need commands, output formats or codecs as plugins.
#pragma once

#include "plugin_registry.hpp"

namespace interstice::fuzz {

/// Loaded once per process; a warning while loading is a harness failure.
const host::PluginRegistry& builtin_registry();

}  // namespace interstice::fuzz
