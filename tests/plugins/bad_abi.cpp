// Broken on purpose: claims an SDK ABI the host does not speak. Its factory aborts, which proves
// the host checks the ABI before calling any plugin code.
#include "interstice/sdk/command.hpp"

#include <cstdlib>

namespace {
interstice::sdk::Plugin* create(interstice::sdk::HostServices&) { std::abort(); }
}  // namespace

extern "C" BOOST_SYMBOL_EXPORT const interstice::sdk::PluginDescriptor interstice_plugin_descriptor = {
    999, INTERSTICE_SDK_TOOLCHAIN, "bad-abi", "1.0.0", interstice::sdk::Command::kind, "built for an ABI from the future",
    &create};
