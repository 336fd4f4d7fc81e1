// The multi-byte half of the UTF-8 validator and the exact error finder (see utf8.hpp).
#include "interstice/sdk/util/utf8.hpp"

#include <bit>
#include <cstring>

namespace interstice::sdk {

namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

/// Sequence length announced by a lead byte; 0 for bytes that cannot start a sequence
/// (continuation bytes, the overlong leads C0/C1, and F5..FF which would pass U+10FFFF).
constexpr std::uint8_t sequence_width(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xC2) return 0;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  if (lead < 0xF5) return 4;
  return 0;
}

// The second byte's range depends on the lead: this is what rules out overlongs (E0, F0),
// surrogates (ED) and code points above U+10FFFF (F4).
constexpr unsigned char second_byte_min(unsigned char lead) {
  return lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
}
constexpr unsigned char second_byte_max(unsigned char lead) {
  return lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
}

constexpr bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

std::uint64_t load_u64(const unsigned char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

}  // namespace

bool utf8_valid_from(const unsigned char* p, std::size_t size, std::size_t from) {
  std::size_t i = from;
  while (i < size) {
    const unsigned char lead = p[i];
    if (lead < 0x80) {
      // Back in ASCII: skip whole words, then land on the first high byte, if any.
      while (i + 8 <= size) {
        const std::uint64_t high = load_u64(p + i) & kHighBits;
        if (high) {
          i += static_cast<std::size_t>(std::countr_zero(high)) >> 3;
          break;
        }
        i += 8;
      }
      while (i < size && p[i] < 0x80) ++i;
      continue;
    }
    const std::size_t width = sequence_width(lead);
    if (width == 0 || width > size - i) return false;
    const unsigned char second = p[i + 1];
    if (second < second_byte_min(lead) || second > second_byte_max(lead)) return false;
    if (width >= 3 && !is_continuation(p[i + 2])) return false;
    if (width == 4 && !is_continuation(p[i + 3])) return false;
    i += width;
  }
  return true;
}

std::optional<Utf8Error> find_utf8_error(const unsigned char* p, std::size_t size) {
  // A transcription of Rust's `run_utf8_validation`, including when it reports an incomplete
  // sequence (error_len None) rather than an invalid one.
  std::size_t i = 0;
  while (i < size) {
    const std::size_t start = i;
    const unsigned char lead = p[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    const std::size_t width = sequence_width(lead);
    auto invalid = [&](std::uint8_t length) { return Utf8Error{start, length}; };
    if (width == 0) return invalid(1);
    if (i + 1 >= size) return invalid(0);
    const unsigned char second = p[i + 1];
    if (width == 2) {
      if (!is_continuation(second)) return invalid(1);
    } else {
      if (second < second_byte_min(lead) || second > second_byte_max(lead)) return invalid(1);
      if (i + 2 >= size) return invalid(0);
      if (!is_continuation(p[i + 2])) return invalid(2);
      if (width == 4) {
        if (i + 3 >= size) return invalid(0);
        if (!is_continuation(p[i + 3])) return invalid(3);
      }
    }
    i += width;
  }
  return std::nullopt;
}

}  // namespace interstice::sdk
