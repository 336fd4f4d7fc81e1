// JSON string literals written into a raw buffer (see json_chars.hpp). Row text is mostly
// strings, and most strings need no escape at all, so the loop copies 16 bytes at a time and
// looks for the three kinds of byte that need one ('"', '\\', control bytes) in the same pass.
#include "interstice/sdk/json_chars.hpp"

#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace interstice::sdk {

namespace {

constexpr char kHex[] = "0123456789abcdef";

/// The escape serde_json writes for one byte that needs it.
char* write_escape(char* out, unsigned char byte, JsonQuoting quoting) {
  *out++ = '\\';
  switch (byte) {
    case '"':
      *out++ = '"';
      if (quoting == JsonQuoting::csv_doubled) *out++ = '"';
      return out;
    case '\\': *out++ = '\\'; return out;
    case '\n': *out++ = 'n'; return out;
    case '\r': *out++ = 'r'; return out;
    case '\t': *out++ = 't'; return out;
    case '\b': *out++ = 'b'; return out;
    case '\f': *out++ = 'f'; return out;
    default:
      out = write_literal(out, "u00");
      *out++ = kHex[byte >> 4];
      *out++ = kHex[byte & 0xF];
      return out;
  }
}

[[maybe_unused]] constexpr bool needs_escape(unsigned char byte) { return byte < 0x20 || byte == '"' || byte == '\\'; }

#if defined(__SSE2__)
/// Bit i set when byte i of `block` needs an escape.
unsigned escape_mask(__m128i block) {
  const __m128i quote = _mm_cmpeq_epi8(block, _mm_set1_epi8('"'));
  const __m128i backslash = _mm_cmpeq_epi8(block, _mm_set1_epi8('\\'));
  // Unsigned byte <= 0x1F: min(byte, 0x1F) == byte.
  const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(block, _mm_set1_epi8(0x1F)), block);
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control)));
}

constexpr std::uintptr_t kPage = 4096;  // the smallest page size on x86-64

/// An unaligned 16-byte load that may run past the end of the object it starts in, but not
/// past the end of its page. Sanitizers would flag the over-read, so they get a checked copy.
__attribute__((no_sanitize_address)) __m128i load_within_page(const unsigned char* at) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
}
#endif

}  // namespace

char* write_json_string(char* out, std::string_view text, JsonQuoting quoting) {
  const bool csv = quoting == JsonQuoting::csv_doubled;
  *out++ = '"';
  if (csv) *out++ = '"';
  const auto* at = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = at + text.size();
#if defined(__SSE2__)
  for (;;) {
    // Copy 16 bytes whole (the room allows the overrun), then keep the ones before the first
    // byte that needs an escape.
    std::size_t take = 16;
    unsigned mask;
    if (end - at >= 16) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out), block);
      mask = escape_mask(block);
    } else {
      // The tail. A 16-byte load that stays inside one page cannot fault, whatever follows the
      // text (the bytes past it are ignored); only near a page end copy the tail out first.
      take = static_cast<std::size_t>(end - at);
      __m128i block;
      if ((reinterpret_cast<std::uintptr_t>(at) & (kPage - 1)) <= kPage - 16) {
        block = load_within_page(at);
      } else {
        alignas(16) unsigned char tail[16] = {};
        std::memcpy(tail, at, take);
        block = _mm_load_si128(reinterpret_cast<const __m128i*>(tail));
      }
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out), block);
      mask = escape_mask(block) & ((1U << take) - 1);
    }
    if (mask == 0) {
      out += take;
      at += take;
      if (take < 16) break;
      continue;
    }
    const auto plain = static_cast<std::size_t>(__builtin_ctz(mask));
    out += plain;
    at += plain;
    out = write_escape(out, *at++, quoting);
  }
#else
  for (; at < end; ++at) {
    if (needs_escape(*at))
      out = write_escape(out, *at, quoting);
    else
      *out++ = static_cast<char>(*at);
  }
#endif
  *out++ = '"';
  if (csv) *out++ = '"';
  return out;
}

}  // namespace interstice::sdk
