// Why a framed payload did not decode, kept as plain data (no strings) so the validating walk
// never allocates; `describe` turns it into the one-line reason only when a reader reports damage.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace interstice::framed {

enum class Problem : std::uint8_t {
  ends_early,            ///< the payload ends inside `what`: `value` bytes needed, `limit` left
  string_too_long,       ///< string `what` claims `value` bytes; `limit` are left
  varint_too_long,       ///< a varint runs past its maximum length (`limit` bytes)
  varint_overflow,       ///< the last byte of a maximum-length varint has too many bits (`value`)
  bad_bool,              ///< a bool byte other than 00/01 (`value`)
  bad_option,            ///< an option byte other than 00/01 (`value`)
  bad_utf8,              ///< a string that is not UTF-8; `at` is the first bad byte
  count_too_large,       ///< `what` count/length `value` exceeds the `limit` bytes left
  unknown_discriminant,  ///< `what` discriminant `value`; the table has `limit` entries
  too_deep,              ///< values nested deeper than `limit`
  unconsumed,            ///< `value` bytes left after the Transaction
};

/// True for the problems that the bytes read so far prove on their own, whatever follows them;
/// false for those that depend on where the payload ends (it ends early, a length or count
/// exceeds what is left, bytes are left over). The reader reports a fault found in part of a frame
/// on this (framed_reader.cpp), which is sound only while PostcardCursor's checks against `left()`
/// can only pass more often with more bytes after them and its ASCII pass can only switch checks
/// on: a new Problem, or a check that depends on the payload's size another way, must keep that.
constexpr bool is_fault_of_the_bytes(Problem problem) {
  switch (problem) {
    case Problem::varint_too_long:
    case Problem::varint_overflow:
    case Problem::bad_bool:
    case Problem::bad_option:
    case Problem::bad_utf8:
    case Problem::unknown_discriminant:
    case Problem::too_deep: return true;
    case Problem::ends_early:
    case Problem::string_too_long:
    case Problem::count_too_large:
    case Problem::unconsumed: return false;
  }
  return false;
}

/// One decoding failure. `at` counts from the first payload byte (after the length prefix).
struct DecodeError {
  std::size_t at = 0;
  Problem problem = Problem::ends_early;
  std::uint64_t value = 0;
  std::uint64_t limit = 0;
  const char* what = "";  ///< a static name: "string", "IntersticeValue", "Vec count", ...
};

/// "payload byte 21: bad bool byte 0x12", "payload byte 40: 3 unconsumed payload bytes".
std::string describe(const DecodeError& error);

}  // namespace interstice::framed
