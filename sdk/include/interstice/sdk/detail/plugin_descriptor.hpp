// What INTERSTICE_PLUGIN exports: one plain-C descriptor the host can read without running any
// plugin code. The host looks up the C symbol `interstice_plugin_descriptor`, checks
// `abi_version` first (keep it first in every future layout), then the toolchain tag, then calls
// `create` once. Part of the ABI; plugin authors only use the macro (plugin.hpp).
#pragma once

#include "interstice/sdk/plugin.hpp"

#include <cstdint>

namespace interstice::sdk {

/// What INTERSTICE_PLUGIN's factory does after `new`: hands the plugin its services.
inline Plugin* attach_host(Plugin* plugin, HostServices& host) noexcept {
  plugin->host_ = &host;
  return plugin;
}

struct PluginDescriptor {
  std::uint32_t abi_version;
  const char* toolchain;    ///< INTERSTICE_SDK_TOOLCHAIN: the host refuses one unlike its own
  const char* id;           ///< kebab-case, unique within its kind: "schema", "json", "schema-diff"
  const char* version;      ///< the plugin's own version, e.g. "1.2.0"
  const char* kind;         ///< the interface's `kind`: "command", "output-format", ...
  const char* description;  ///< one line, shown by `interstice plugins` and in help
  Plugin* (*create)(HostServices& host);  ///< makes the plugin object, attached to `host`; may throw
};

inline constexpr const char* kDescriptorSymbol = "interstice_plugin_descriptor";

}  // namespace interstice::sdk

/// Exports the descriptor for `Class`, a default-constructible implementation of one plugin kind.
#define INTERSTICE_PLUGIN(Class, Id, Version, Description)                                   \
  extern "C" BOOST_SYMBOL_EXPORT const ::interstice::sdk::PluginDescriptor                   \
      interstice_plugin_descriptor = {                                                       \
          ::interstice::sdk::kAbiVersion, INTERSTICE_SDK_TOOLCHAIN, Id, Version, Class::kind,  \
          Description,                                                                       \
          [](::interstice::sdk::HostServices& host) -> ::interstice::sdk::Plugin* {          \
            return ::interstice::sdk::attach_host(new Class(), host);                        \
          }};
