// Broken on purpose: the right SDK ABI, but a toolchain tag unlike the host's (as if built by
// another compiler, standard library or Boost). Its factory aborts, which proves the host checks
// the tag before calling any plugin code.
#include "interstice/sdk/command.hpp"

#include <cstdlib>

namespace {
interstice::sdk::Plugin* create(interstice::sdk::HostServices&) { std::abort(); }
}  // namespace

extern "C" BOOST_SYMBOL_EXPORT const interstice::sdk::PluginDescriptor interstice_plugin_descriptor = {
    interstice::sdk::kAbiVersion, "gcc 0.0.0; libstdc++ 0 (0); boost 0", "wrong-toolchain", "1.0.0",
    interstice::sdk::Command::kind, "built by a toolchain unlike the host's", &create};
