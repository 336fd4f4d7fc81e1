// Why a file could not be opened, in words a person acts on: "permission denied" for a file that
// exists but may not be read, "no such file" for a missing one, rather than one guess for all.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <string>

namespace interstice::sdk {

/// "cannot open file: permission denied", "cannot open file: no such file", ... for the errno
/// value `error` that open(2) (or a std::ifstream's open) left.
INTERSTICE_SDK_API std::string cannot_open_message(int error);

}  // namespace interstice::sdk
