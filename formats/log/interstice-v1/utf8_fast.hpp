// UTF-8 validation for the string values inside rows. Strings are about half of a log's bytes
// and in real logs often multi-byte (names, chat text, emoji), where a byte-at-a-time validator
// mispredicts on every change of sequence length. This one checks 64 or 16 bytes per step with
// AVX-512 or SSSE3 shuffles (the Keiser-Lemire "lookup" method) when the CPU has them, and falls
// back to the SDK's scalar validator otherwise; with AVX-512 a typical string is one step.
// Acceptance is exactly Rust's `str::from_utf8`.
#pragma once

#include "interstice/sdk/util/utf8.hpp"

#include <cstddef>

namespace interstice::v1_codec {

struct TextSpan {
  const unsigned char* data;
  std::size_t size;
};

/// True when every span is well-formed UTF-8. Reads nothing outside the spans. Checking a
/// row's strings in one call pays the setup (tables, dispatch) once instead of per string.
bool utf8_all_valid(const TextSpan* spans, std::size_t count);

/// True when `p[0, size)` is well-formed UTF-8. Up to 16 bytes (a record's module and table
/// names, nearly always ASCII) the SDK's inline validator answers with a load or two instead of a
/// call into the vector engine.
inline bool utf8_valid_fast(const unsigned char* p, std::size_t size) {
  if (size <= 16) return sdk::utf8_valid(p, size);
  const TextSpan span{p, size};
  return utf8_all_valid(&span, 1);
}

}  // namespace interstice::v1_codec
