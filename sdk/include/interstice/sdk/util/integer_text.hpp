// Decimal text of 64-bit integers, eight digits at a time.
//
// Exports print a lot of integers (row values, indexes, offsets, timestamps, float digits), most
// of them long: std::to_chars makes two digits per step, each step a multiply and a table load
// that waits on the one before. Here a number is cut into blocks of eight digits, and each block
// becomes its eight characters with a few multiplies and shifts in one 64-bit register, all
// eight digits at once (Paul Khuong's method, also in Lemire's "fast integer to string" notes);
// the leading zeros of the first block are counted with one count-trailing-zeros.
//
// The text is std::to_chars' exactly (the unit test `integer_text_is_to_chars_text` holds them
// together). The writers store whole 8-byte blocks, so they may write past the end they return,
// never past `out + kIntegerTextRoom`.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace interstice::sdk {

/// Bytes a writer here may touch from `out`: the longest text is 20 characters.
inline constexpr std::size_t kIntegerTextRoom = 20;

namespace integer_text_detail {

/// The eight decimal digits of `value` (< 10^8) as byte values 0-9, the first digit in the lowest
/// byte, so that storing the word little-endian writes them in reading order.
inline std::uint64_t eight_digits(std::uint32_t value) {
  // Two halves of four digits, one per 32-bit lane; then hundreds, then tens, per lane. Each
  // division is a multiply and a shift that is exact for the lane's range (x * 10486 >> 20 is
  // x / 100 for x < 10^4, x * 103 >> 10 is x / 10 for x < 100).
  const std::uint64_t halves = (value / 10000) | (std::uint64_t{value % 10000} << 32);
  const std::uint64_t hundreds = ((halves * 10486) >> 20) & 0x0000'007F'0000'007FULL;
  const std::uint64_t pairs = ((halves - 100 * hundreds) << 16) + hundreds;
  std::uint64_t tens = ((pairs * 103) >> 10) & 0x000F'000F'000F'000FULL;
  tens += (pairs - 10 * tens) << 8;
  return tens;
}

inline void store(char* out, std::uint64_t word) {
  if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
  std::memcpy(out, &word, 8);
}

inline constexpr std::uint64_t kZeros = 0x3030'3030'3030'3030ULL;

/// `value` (1 <= value < 10^8) without leading zeros; stores 8 bytes.
inline char* write_leading(char* out, std::uint32_t value) {
  const std::uint64_t digits = eight_digits(value);
  const int zeros = std::countr_zero(digits) / 8;  // leading zero digits: the low bytes that are 0
  store(out, (digits | kZeros) >> (8 * zeros));
  return out + 8 - zeros;
}

/// `value` (< 10^8) as exactly eight digits.
inline char* write_eight(char* out, std::uint32_t value) {
  store(out, eight_digits(value) | kZeros);
  return out + 8;
}

}  // namespace integer_text_detail

/// `value` in decimal; returns the end of the text. Touches at most kIntegerTextRoom bytes.
inline char* write_integer(char* out, std::uint64_t value) {
  using namespace integer_text_detail;
  constexpr std::uint64_t k8 = 100'000'000;
  if (value < 10) {
    *out = static_cast<char>('0' + value);
    return out + 1;
  }
  if (value < k8) return write_leading(out, static_cast<std::uint32_t>(value));
  if (value < k8 * k8) {
    out = write_leading(out, static_cast<std::uint32_t>(value / k8));
    return write_eight(out, static_cast<std::uint32_t>(value % k8));
  }
  const std::uint64_t low16 = value % (k8 * k8);
  out = write_leading(out, static_cast<std::uint32_t>(value / (k8 * k8)));  // 1-4 digits
  out = write_eight(out, static_cast<std::uint32_t>(low16 / k8));
  return write_eight(out, static_cast<std::uint32_t>(low16 % k8));
}

inline char* write_integer(char* out, std::int64_t value) {
  if (value >= 0) return write_integer(out, static_cast<std::uint64_t>(value));
  *out = '-';
  return write_integer(out + 1, std::uint64_t{0} - static_cast<std::uint64_t>(value));  // 19 digits at most
}

}  // namespace interstice::sdk
