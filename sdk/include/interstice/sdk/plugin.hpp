// The root of every plugin kind, and how a plugin library exports itself. A plugin `.so` holds
// one plugin: a default-constructible class implementing one kind (`Command`, `OutputFormat`,
// `Exporter`, `LogCodec`), exported with its id, version and a one-line description:
//
//     INTERSTICE_PLUGIN(Hello, "hello", "1.0.0", "Greets whoever is named on the command line")
#pragma once

#include "interstice/sdk/abi.hpp"

namespace interstice::sdk {

class HostServices;  // host_services.hpp: logger, progress, cancellation, the plugin catalog

/// One plugin object serves every run and session of the host, possibly several at once (a
/// server runs many): keep per-run state out of its members.
class BOOST_SYMBOL_VISIBLE Plugin {
 public:
  INTERSTICE_SDK_API virtual ~Plugin();
  /// The host's services. Set right after the constructor, so not available inside it.
  HostServices& host() const { return *host_; }

 private:
  friend Plugin* attach_host(Plugin* plugin, HostServices& host) noexcept;
  HostServices* host_ = nullptr;
};

}  // namespace interstice::sdk

#include "interstice/sdk/detail/plugin_descriptor.hpp"  // INTERSTICE_PLUGIN
