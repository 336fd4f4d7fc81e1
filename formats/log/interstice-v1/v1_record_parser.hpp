// Checks one v1 record held in memory, in the reference reader's order: version, type,
// module_name (length, bytes, UTF-8), table_name (same), row (length, bytes, bincode), old_row
// (same), timestamp, checksum field, CRC compare. It knows nothing about files: the caller hands
// it the bytes it has from the record's first byte on and says how many the file has; when the
// record runs past the bytes in hand (but not past the file) it asks for more instead of
// failing. Both `next()` and the resynchronisation scan use it.
#pragma once

#include "bincode_walk.hpp"
#include "v1_format.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace interstice::v1_codec {

enum class ParseStatus : std::uint8_t {
  ok,
  need_more,  ///< call again with at least `ParseFailure::need` bytes
  truncated,  ///< a length runs past the end of the file
  bad_version,
  bad_type,
  bad_utf8,
  row_decode,
  old_row_decode,
  checksum_mismatch,
};

/// Where the parts of an intact record are, as offsets from its first byte.
struct RecordLayout {
  std::size_t size = 0;
  TypeByte type = TypeByte::insert;
  std::size_t module_at = 0, module_size = 0;
  std::size_t table_at = 0, table_size = 0;
  std::size_t row_at = 0, row_size = 0;          ///< the whole row field (trailing bytes included)
  std::size_t row_used = 0;                      ///< the Row's own bytes: row_size less trailing bytes
  std::size_t row_key_used = 0;                  ///< its primary key's bytes
  std::size_t old_row_at = 0, old_row_size = 0;  ///< the Row after the Some tag; 0 bytes for None
  std::size_t old_row_used = 0;                  ///< the old Row's own bytes (less trailing bytes)
  std::size_t old_row_key_used = 0;              ///< its primary key's bytes
  bool has_old_row = false;
  std::uint64_t timestamp = 0;
  std::uint32_t checksum = 0;
};

/// Why a record was rejected; only the members that belong to `status` mean anything.
struct ParseFailure {
  ParseStatus status = ParseStatus::ok;
  Field field = Field::version;  ///< truncated / bad_utf8: the field
  std::uint64_t need = 0;        ///< truncated: bytes the field wants; need_more: bytes from the record start
  std::uint64_t have = 0;        ///< truncated: bytes the file has from the field on
  std::uint8_t byte = 0;         ///< bad_version / bad_type: the byte found
  BincodeProblem bincode;        ///< row_decode / old_row_decode
  std::uint32_t stored = 0, computed = 0;  ///< checksum_mismatch
};

/// Checks the record at `data[0]`. `available` bytes are in hand, `file_left` bytes are in the
/// file from `data[0]` on (`available <= file_left`).
ParseStatus parse_record(const unsigned char* data, std::size_t available, std::uint64_t file_left,
                         RecordLayout& layout, ParseFailure& failure);

/// The one-line reason, worded like the reference reader: "bad type byte 106",
/// "truncated in row: need 92 bytes, have 49", "checksum mismatch: stored 0x..., computed 0x...".
std::string describe(const ParseFailure& failure);

}  // namespace interstice::v1_codec
