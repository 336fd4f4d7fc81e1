// JSON string literals written into a raw buffer (see json_chars.hpp). Row text is mostly
// strings, and most strings need no escape at all, so the loop copies 16 bytes at a time and
// looks for the three kinds of byte that need one ('"', '\\', control bytes) in the same pass.
#include "interstice/sdk/util/json_chars.hpp"

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

constexpr bool needs_escape(unsigned char byte) { return byte < 0x20 || byte == '"' || byte == '\\'; }

/// True when some byte of `word` needs an escape (exact, by the "has a byte less than n" and
/// "has a zero byte" word tricks).
template <typename Word>
bool word_needs_escape(Word word) {
  constexpr Word kOnes = static_cast<Word>(~Word{0}) / 0xFF, kHigh = kOnes * 0x80;
  const Word quote = word ^ (kOnes * '"');
  const Word backslash = word ^ (kOnes * '\\');
  return (((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) | ((word - kOnes * 0x20) & ~word)) & kHigh;
}

template <typename Word>
Word load(const unsigned char* at) {
  Word word;
  std::memcpy(&word, at, sizeof word);
  return word;
}

template <typename Word>
void store(char* out, Word word) {
  std::memcpy(out, &word, sizeof word);
}

/// Copies `size` bytes (one to two words' worth) as two overlapping words, if none of them
/// needs an escape.
template <typename Word>
bool copy_as_two_words(char* out, const unsigned char* at, std::size_t size) {
  const auto first = load<Word>(at), last = load<Word>(at + size - sizeof(Word));
  if (word_needs_escape(first) || word_needs_escape(last)) return false;
  store(out, first);
  store(out + size - sizeof(Word), last);
  return true;
}

/// The last bytes (fewer than 16 after the SSE2 loop), read strictly inside the text: two
/// overlapping words cover up to 16 bytes when they need no escape (the common case);
/// otherwise, or for longer text without SSE2, a byte at a time.
char* write_tail(char* out, const unsigned char* at, const unsigned char* end, JsonQuoting quoting) {
  const auto size = static_cast<std::size_t>(end - at);
  if ((size >= 8 && size <= 16 && copy_as_two_words<std::uint64_t>(out, at, size)) ||
      (size >= 4 && size < 8 && copy_as_two_words<std::uint32_t>(out, at, size)))
    return out + size;
  for (; at < end; ++at) {
    if (needs_escape(*at))
      out = write_escape(out, *at, quoting);
    else
      *out++ = static_cast<char>(*at);
  }
  return out;
}

#if defined(__SSE2__)
/// Bit i set when byte i of `block` needs an escape.
unsigned escape_mask(__m128i block) {
  const __m128i quote = _mm_cmpeq_epi8(block, _mm_set1_epi8('"'));
  const __m128i backslash = _mm_cmpeq_epi8(block, _mm_set1_epi8('\\'));
  // Unsigned byte <= 0x1F: min(byte, 0x1F) == byte.
  const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(block, _mm_set1_epi8(0x1F)), block);
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control)));
}
#endif

}  // namespace

char* write_json_string(char* out, std::string_view text, JsonQuoting quoting, const char* readable_end) {
  const bool csv = quoting == JsonQuoting::csv_doubled;
  *out++ = '"';
  if (csv) *out++ = '"';
  const auto* at = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = at + text.size();
#if defined(__SSE2__)
  // 16 bytes at a time: copy the block whole (the room allows the overrun), then keep the bytes
  // before the first one that needs an escape. Every load stays inside the text.
  while (end - at >= 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), block);
    const unsigned mask = escape_mask(block);
    if (mask == 0) {
      out += 16;
      at += 16;
      continue;
    }
    const auto plain = static_cast<std::size_t>(__builtin_ctz(mask));
    out += plain;
    at += plain;
    out = write_escape(out, *at++, quoting);
  }
  // The tail, in one load when the caller vouches for 16 readable bytes from here.
  const auto* const readable = reinterpret_cast<const unsigned char*>(readable_end);
  while (at < end && readable && readable - at >= 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), block);
    const auto take = static_cast<std::size_t>(end - at);
    const unsigned mask = escape_mask(block) & ((1U << take) - 1);
    if (mask == 0) {
      out += take;
      at = end;
      break;
    }
    const auto plain = static_cast<std::size_t>(__builtin_ctz(mask));
    out += plain;
    at += plain;
    out = write_escape(out, *at++, quoting);
  }
#endif
  out = write_tail(out, at, end, quoting);
  *out++ = '"';
  if (csv) *out++ = '"';
  return out;
}

}  // namespace interstice::sdk
