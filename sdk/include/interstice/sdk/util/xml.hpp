// Escaping text for XML 1.0, shared by the formats that write XML (junit, the svg flame graph):
// the five special characters as entities, and characters XML cannot hold at all (control
// characters, surrogates, U+FFFE/U+FFFF, malformed UTF-8) as U+FFFD, so no data can make the
// document unreadable.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <string>
#include <string_view>

namespace interstice::sdk {

/// `text` escaped for XML content, or for an attribute value (`attribute`: tab, LF and CR then
/// become character references, so parsers keep them).
INTERSTICE_SDK_API std::string xml_escape(std::string_view text, bool attribute = false);

}  // namespace interstice::sdk
