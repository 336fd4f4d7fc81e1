// Reading the canonical value encoding (util/canonical_value.hpp) back into values. Replay keeps
// each live row as its canonical bytes (a few hundred bytes where the decoded Row takes ~1.5 KB)
// and decodes a row only when a state dump or a lookup asks for it. Internal to the SDK.
#pragma once

#include "interstice/sdk/value.hpp"

#include <string_view>

namespace interstice::sdk {

/// The row `append_canonical(out, row)` wrote. Throws Error::internal on bytes that are not such
/// an encoding (they are the SDK's own, so that is a bug, never an input error).
Row decode_canonical_row(std::string_view bytes);

}  // namespace interstice::sdk
