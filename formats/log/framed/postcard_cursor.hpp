// A bounds-checked reader for the postcard 1.x constructs the framed log uses (spec §3): raw
// bytes, LEB128 varints with postcard's length limits, zigzag integers, little-endian floats,
// strict bool/option bytes, UTF-8 strings and element counts checked against the bytes left.
//
// Every read returns false on the first problem and records it in `error()`; nothing here
// allocates, so the validating walk can run over every record of a large log cheaply.
#pragma once

#include "decode_error.hpp"
#include "interstice/sdk/util/utf8.hpp"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

namespace interstice::framed {

class PostcardCursor {
 public:
  explicit PostcardCursor(std::span<const unsigned char> bytes) : data_(bytes.data()), size_(bytes.size()) {}

  /// Looks at every byte once: when none has its high bit set, every string in them is ASCII,
  /// and `string` skips its UTF-8 check (most records: a 70-byte record's five strings were
  /// five checks, this is one pass of eight words and an overlapping ninth for the last bytes).
  void note_ascii() {
    std::uint64_t high = 0, word;
    if (size_ >= 8) {
      for (std::size_t i = 0; i + 8 <= size_; i += 8) {
        std::memcpy(&word, data_ + i, sizeof word);
        high |= word;
      }
      std::memcpy(&word, data_ + size_ - 8, sizeof word);  // the last bytes, overlapping: no byte loop
      high |= word;
    } else {
      for (std::size_t i = 0; i < size_; ++i) high |= data_[i];
    }
    ascii_ = (high & 0x8080808080808080ULL) == 0;
  }

  std::size_t offset() const { return pos_; }
  std::size_t left() const { return size_ - pos_; }
  const DecodeError& error() const { return error_; }

  bool fail(DecodeError error) {
    error_ = error;
    return false;
  }

  /// A raw byte (postcard's `u8`).
  bool byte(std::uint8_t& out, const char* what) {
    if (!need(1, what)) return false;
    out = data_[pos_++];
    return true;
  }

  bool boolean(bool& out) { return zero_or_one(out, Problem::bad_bool, "Bool"); }

  /// The Option tag: 00 None, 01 Some (the value follows).
  bool option_tag(bool& some) { return zero_or_one(some, Problem::bad_option, "Option"); }

  bool varint_u32(std::uint32_t& out, const char* what) { return varint(out, what); }
  bool varint_u64(std::uint64_t& out, const char* what) { return varint(out, what); }

  bool zigzag_i32(std::int32_t& out) {
    std::uint32_t z = 0;
    if (!varint(z, "I32")) return false;
    out = static_cast<std::int32_t>((z >> 1) ^ (0u - (z & 1u)));
    return true;
  }

  bool zigzag_i64(std::int64_t& out) {
    std::uint64_t z = 0;
    if (!varint(z, "I64")) return false;
    out = static_cast<std::int64_t>((z >> 1) ^ (std::uint64_t{0} - (z & 1u)));
    return true;
  }

  bool f32(float& out) {
    std::uint32_t bits = 0;
    if (!little_endian(bits, "F32")) return false;
    out = std::bit_cast<float>(bits);
    return true;
  }

  bool f64(double& out) {
    std::uint64_t bits = 0;
    if (!little_endian(bits, "F64")) return false;
    out = std::bit_cast<double>(bits);
    return true;
  }

  /// A `usize` element count. Every element takes at least one byte, so a count above the bytes
  /// left is rejected here, before any loop or allocation uses it.
  bool count(std::uint64_t& out, const char* what) {
    const std::size_t start = pos_;
    if (!varint(out, what)) return false;
    if (out > left()) return fail({start, Problem::count_too_large, out, left(), what});
    return true;
  }

  /// A varint byte length and that many bytes of UTF-8; the view points into the payload.
  [[gnu::always_inline]] bool string(std::string_view& out, const char* what) {
    if (!bytes(out, what)) return false;
    const auto* text = reinterpret_cast<const unsigned char*>(out.data());
    if (!ascii_ && !interstice::sdk::utf8_valid(text, out.size())) [[unlikely]] {
      auto bad = interstice::sdk::find_utf8_error(text, out.size()).value_or(interstice::sdk::Utf8Error{}).valid_up_to;
      return fail({pos_ - out.size() + bad, Problem::bad_utf8, 0, 0, what});
    }
    return true;
  }

  /// A varint byte length and that many bytes, not checked for UTF-8: for bytes a walk with
  /// `string` already accepted (the JSON transcoder's rows).
  bool bytes(std::string_view& out, const char* what) {
    const std::size_t start = pos_;
    std::uint64_t length = 0;
    if (!varint(length, what)) return false;
    if (length > left()) return fail({start, Problem::string_too_long, length, left(), what});
    out = std::string_view(reinterpret_cast<const char*>(data_ + pos_), static_cast<std::size_t>(length));
    pos_ += static_cast<std::size_t>(length);
    return true;
  }

  /// An enum variant index (varint u32) that must be below `table_size`.
  bool discriminant(std::uint32_t& out, std::size_t table_size, const char* what) {
    const std::size_t start = pos_;
    if (!varint(out, what)) return false;
    if (out >= table_size) return fail({start, Problem::unknown_discriminant, out, table_size, what});
    return true;
  }

 private:
  /// A byte that must be 00 or 01 (postcard's bool and Option tag); anything else is `problem`.
  bool zero_or_one(bool& out, Problem problem, const char* what) {
    std::uint8_t b = 0;
    if (!byte(b, what)) return false;
    if (b > 1) return fail({pos_ - 1, problem, b, 0, what});
    out = b == 1;
    return true;
  }

  bool need(std::size_t n, const char* what) {
    if (left() >= n) return true;
    return fail({pos_, Problem::ends_early, n, left(), what});
  }

  // LEB128 as postcard reads it: at most ceil(bits/7) bytes, and the last allowed byte may only
  // carry the bits that still fit (0x0F for u32, 0x01 for u64). Padded forms such as 80 00 are
  // accepted as long as they stay within that length.
  template <typename T>
  bool varint(T& out, const char* what) {
    constexpr std::size_t kBits = sizeof(T) * 8;
    constexpr std::size_t kMaxBytes = (kBits + 6) / 7;
    constexpr unsigned kLastByteMax = (1u << (kBits % 7)) - 1;
    const std::size_t start = pos_;
    if (pos_ < size_ && data_[pos_] < 0x80) [[likely]] {  // one byte: most counts, tags and lengths
      out = data_[pos_++];
      return true;
    }
    T value = 0;
    for (std::size_t i = 0; i < kMaxBytes; ++i) {
      if (pos_ == size_) return fail({start, Problem::ends_early, i + 1, i, what});
      const unsigned char b = data_[pos_++];
      value |= static_cast<T>(b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (i == kMaxBytes - 1 && b > kLastByteMax) return fail({start, Problem::varint_overflow, b, 0, what});
        out = value;
        return true;
      }
    }
    return fail({start, Problem::varint_too_long, 0, kMaxBytes, what});
  }

  template <typename T>
  bool little_endian(T& out, const char* what) {
    if (!need(sizeof(T), what)) return false;
    std::memcpy(&out, data_ + pos_, sizeof(T));
    if constexpr (std::endian::native == std::endian::big) {
      T swapped = 0;
      for (std::size_t i = 0; i < sizeof(T); ++i) swapped = static_cast<T>((swapped << 8) | ((out >> (8 * i)) & 0xFF));
      out = swapped;
    }
    pos_ += sizeof(T);
    return true;
  }

  const unsigned char* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  bool ascii_ = false;  ///< note_ascii found no byte above 0x7F
  DecodeError error_;
};

}  // namespace interstice::framed
