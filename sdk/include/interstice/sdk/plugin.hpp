// What every plugin file exports: one descriptor the host can read without running plugin code.
//
// A plugin `.so` holds exactly one plugin. It exports the C symbol `interstice_plugin_descriptor`,
// whose first field is the SDK ABI version; the host checks that field before it touches anything
// else, then the toolchain tag, then calls `create` once. Write the descriptor with
// `INTERSTICE_PLUGIN`:
//
//     class Hello final : public interstice::sdk::Command { ... };
//     INTERSTICE_PLUGIN(Hello, "hello", "1.0.0", "Greets whoever is named on the command line")
//
// The plugin's kind comes from the interface the class implements (`Command`, `OutputFormat`, ...).
#pragma once

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/host_services.hpp"

#include <cstdint>

namespace interstice::sdk {

class HostServices;

/// The root of every plugin interface. The host deletes plugin objects through it, while the
/// plugin's library is still loaded. One plugin object serves every run and session of the
/// host, possibly several at once: keep per-run state out of its members.
class BOOST_SYMBOL_VISIBLE Plugin {
 public:
  INTERSTICE_SDK_API virtual ~Plugin();

  /// The host's services (host_services.hpp): logger, progress, cancellation, the catalog.
  /// Set right after the constructor, so not available inside it.
  HostServices& host() const { return *host_; }

 private:
  friend Plugin* attach_host(Plugin* plugin, HostServices& host) noexcept;
  HostServices* host_ = nullptr;
};

/// What `INTERSTICE_PLUGIN`'s factory does after `new`: hands the plugin its services.
inline Plugin* attach_host(Plugin* plugin, HostServices& host) noexcept {
  plugin->host_ = &host;
  return plugin;
}

/// The plain-C description of a plugin. Keep `abi_version` first in every future layout.
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
