// UTF-8 validation for the string values inside rows. Strings are about half of a log's bytes
// and in real logs often multi-byte (names, chat text, emoji), where a byte-at-a-time validator
// mispredicts on every change of sequence length. This one checks 64 or 16 bytes per step with
// AVX-512 or SSSE3 shuffles (the Keiser-Lemire "lookup" method) when the CPU has them, and falls
// back to the SDK's scalar validator otherwise; with AVX-512 a typical string is one step.
// Acceptance is exactly Rust's `str::from_utf8`.
#pragma once

#include "v1_format.hpp"

#include <cstddef>
#include <cstdint>

namespace interstice::v1_codec {

struct TextSpan {
  const unsigned char* data;
  std::size_t size;
};

/// True when every span is well-formed UTF-8. Reads nothing outside the spans. Checking a
/// row's strings in one call pays the setup (tables, dispatch) once instead of per string.
bool utf8_all_valid(const TextSpan* spans, std::size_t count);

/// True when `p[0, size)` is at most 16 bytes, all ASCII: a record's module and table names
/// nearly always are, and this answers them with two loads instead of a call. Reads only
/// `p[0, size)`.
inline bool short_ascii(const unsigned char* p, std::size_t size) {
  std::uint64_t bytes;
  if (size >= 8) {
    if (size > 16) return false;
    bytes = load_u64(p) | load_u64(p + size - 8);
  } else if (size >= 4) {
    bytes = load_u32(p) | load_u32(p + size - 4);
  } else {
    bytes = size == 0 ? 0 : p[0] | p[size / 2] | p[size - 1];
  }
  return (bytes & 0x8080808080808080) == 0;
}

/// True when `p[0, size)` is well-formed UTF-8.
inline bool utf8_valid_fast(const unsigned char* p, std::size_t size) {
  if (short_ascii(p, size)) return true;
  const TextSpan span{p, size};
  return utf8_all_valid(&span, 1);
}

}  // namespace interstice::v1_codec
