// builtin_registry (builtin_plugins.hpp).
#include "builtin_plugins.hpp"
#include "harness.hpp"

#include "console.hpp"
#include "process_services.hpp"

#include <sstream>

namespace interstice::fuzz {

const host::PluginRegistry& builtin_registry() {
  // The plugins keep a reference to their services: both live as long as the process.
  static std::ostringstream warnings;
  static host::StreamLogger log(warnings);
  static host::PluginRegistry registry;
  static host::ProcessServices services(log, registry, nullptr);
  static const bool loaded = [] {
    registry.load({{INTERSTICE_FUZZ_PLUGIN_DIR, "built-in", true, false}}, services,
                  host::RegistryOptions{INTERSTICE_FUZZ_PLUGIN_SCANNER, std::nullopt});
    FUZZ_CHECK(warnings.str().empty(), "loading the built-in plugins warned: " + warnings.str());
    return true;
  }();
  (void)loaded;
  return registry;
}

}  // namespace interstice::fuzz
