// The SDK's ABI version. Plugin and host must agree on the layout of every interface here: the
// host reads a plugin's `kAbiVersion` and toolchain tag before it runs any plugin code and
// rejects a mismatch. History: docs/abi-history.md; the boundary: sdk/abi/manifest.txt.
#pragma once

#include "interstice/sdk/detail/toolchain.hpp"  // INTERSTICE_SDK_TOOLCHAIN, INTERSTICE_SDK_API

#include <cstdint>

namespace interstice::sdk {

/// Bumped whenever a virtual, a field of a type crossing the plugin boundary, or the descriptor changes.
inline constexpr std::uint32_t kAbiVersion = 25;
inline constexpr const char* kToolchain = INTERSTICE_SDK_TOOLCHAIN;  ///< compiler; stdlib; Boost
inline constexpr const char* kSdkVersion = "0.1.0";                  ///< this SDK's release

}  // namespace interstice::sdk
