// See util/terminal_text.hpp. Most text has no control character at all: one scan decides.
#include "interstice/sdk/util/terminal_text.hpp"

#include <fmt/format.h>

namespace interstice::sdk {

namespace {

bool is_c1_at(std::string_view text, std::size_t i) {  // U+0080..U+009F is C2 80..C2 9F
  return static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
         static_cast<unsigned char>(text[i + 1]) >= 0x80 && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

bool is_c0(unsigned char byte) { return byte < 0x20 || byte == 0x7F; }

}  // namespace

bool has_controls(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (is_c0(static_cast<unsigned char>(text[i])) || is_c1_at(text, i)) return true;
  return false;
}

std::string escape_controls(std::string_view text) {
  if (!has_controls(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') out += "\\n";
    else if (byte == '\r') out += "\\r";
    else if (byte == '\t') out += "\\t";
    else if (is_c0(byte)) out += fmt::format("\\x{:02x}", byte);
    else if (is_c1_at(text, i)) out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[++i]));
    else out += text[i];
  }
  return out;
}

}  // namespace interstice::sdk
