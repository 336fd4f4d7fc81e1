// Text from logs, schemas and file names on its way to a terminal. A module named
// "x\x1b]0;owned\x07" must not retitle the terminal and "\x1b[2J" must not clear it, so every
// place that writes for people (the text output format, the text and logfmt log lines, the
// one-line error) passes such text through this one function.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <string>
#include <string_view>

namespace interstice::sdk {

/// `text` with every control character made visible: \n, \r, \t as those two-character escapes,
/// other C0 bytes and DEL as \xHH, and the C1 controls U+0080..U+009F (which some terminals obey
/// in UTF-8 as well) as \u00HH. Everything else, invalid UTF-8 included, is left as it is.
INTERSTICE_SDK_API std::string escape_controls(std::string_view text);

/// True when `escape_controls(text)` would change something.
INTERSTICE_SDK_API bool has_controls(std::string_view text);

}  // namespace interstice::sdk
