// The byte layout of transaction log v1 in one place, so the reader, the bincode walker, the
// decoder and the writer cannot disagree about a tag number or a field size. The format itself
// is described in shared/spec/transaction-log-v1.md.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace interstice::v1_codec {

inline constexpr std::uint8_t kVersion = 1;

/// The record's type byte.
enum class TypeByte : std::uint8_t { insert = 1, update = 2, remove = 3 };

/// version + type + four u32 lengths + timestamp + checksum: a record is this plus its four
/// variable-length fields.
inline constexpr std::size_t kFixedRecordBytes = 2 + 4 * 4 + 8 + 4;

/// The record fields in file order; the names are the reference reader's, used in messages.
enum class Field : std::uint8_t {
  version, type, module_name_len, module_name, table_name_len, table_name,
  row_len, row, old_row_len, old_row, timestamp, checksum
};

constexpr std::string_view field_name(Field field) {
  constexpr std::string_view kNames[] = {"version", "type", "module_name_len", "module_name",
                                         "table_name_len", "table_name", "row_len", "row",
                                         "old_row_len", "old_row", "timestamp", "checksum"};
  return kNames[static_cast<std::size_t>(field)];
}

/// bincode variant indices of the runtime's `IntersticeValue` (not `IntersticeType`, whose
/// order differs: sharing a table between the two would be a bug).
enum class Tag : std::uint32_t {
  void_ = 0, u32 = 1, u64 = 2, i32 = 3, i64 = 4, f32 = 5, f64 = 6,
  boolean = 7, string = 8, row = 9, vec = 10, option = 11
};
inline constexpr std::uint32_t kTagCount = 12;
/// Tags 0..6 carry a fixed-size payload and nothing else: none for Void, 4 bytes for the odd
/// tags (U32, I32, F32), 8 for the even ones (U64, I64, F64).
inline constexpr std::uint32_t kLastFixedTag = 6;

/// Deeper nesting of Row, Vec and Option than this is reported as damage instead of being
/// followed: the walker keeps a fixed-size stack and the decoder recurses once per level, and a
/// corrupt log must not be able to overrun either. Real rows nest a handful of levels.
inline constexpr unsigned kMaxNesting = 128;

// Little-endian loads through memcpy: no alignment assumptions, one instruction on x86/ARM.
inline std::uint32_t load_u32(const unsigned char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  return v;
}
inline std::uint64_t load_u64(const unsigned char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

}  // namespace interstice::v1_codec
