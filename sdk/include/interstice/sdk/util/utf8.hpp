// UTF-8 validation with exactly Rust's `str::from_utf8` acceptance (no overlongs, surrogates or
// code points past U+10FFFF), because every Interstice log format was written by Rust and its
// readers reject exactly those strings. Codecs check every string of every record, so the common
// case (ASCII) runs eight bytes at a time and stays inline; multi-byte text takes an out-of-line
// path. `find_utf8_error` re-examines a failure and reports it the way Rust does, for messages.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>

namespace interstice::sdk {

/// Rust's `Utf8Error`: the valid prefix length and the length of the bad sequence, where 0
/// stands for `None` (an incomplete sequence cut off by the end of the bytes).
struct Utf8Error {
  std::size_t valid_up_to = 0;
  std::uint8_t error_len = 0;
};

/// Validates `p[from, size)` where `p[from]` may be the first non-ASCII byte.
INTERSTICE_SDK_API bool utf8_valid_from(const unsigned char* p, std::size_t size, std::size_t from);

/// True when `p[0, size)` is well-formed UTF-8 (no overlongs, surrogates or code points past
/// U+10FFFF, exactly as Rust accepts it).
inline bool utf8_valid(const unsigned char* p, std::size_t size) {
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  // Whole words, the last one overlapping the one before when the size is not a multiple of 8,
  // so no string of 4 bytes or more is checked a byte at a time (most names and short values).
  if (size >= 8) {
    std::size_t i = 0;
    std::uint64_t word;
    for (; i + 8 < size; i += 8) {
      std::memcpy(&word, p + i, sizeof word);
      if (word & kHighBits) return utf8_valid_from(p, size, i);
    }
    std::memcpy(&word, p + size - 8, sizeof word);
    return (word & kHighBits) == 0 || utf8_valid_from(p, size, i);  // bytes before i are ASCII
  }
  if (size >= 4) {
    std::uint32_t first, last;
    std::memcpy(&first, p, sizeof first);
    std::memcpy(&last, p + size - 4, sizeof last);
    return ((first | last) & 0x80808080U) == 0 || utf8_valid_from(p, size, 0);
  }
  for (std::size_t i = 0; i < size; ++i)
    if (p[i] & 0x80) return utf8_valid_from(p, size, i);
  return true;
}

/// The first error in `p[0, size)`, or nullopt when the bytes are valid. Slow; for messages.
INTERSTICE_SDK_API std::optional<Utf8Error> find_utf8_error(const unsigned char* p, std::size_t size);

}  // namespace interstice::sdk
