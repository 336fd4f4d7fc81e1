// A transaction-log record as a codec hands it out while it streams: a zero-copy view into the
// reader's buffer, valid until the reader's next call. Most commands and exporters need only
// this; the decoded form (`Transaction`, transaction.hpp) is made on demand.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace interstice::sdk {

enum class Operation : std::uint8_t { Insert, Update, Delete };

INTERSTICE_SDK_API std::string_view to_string(Operation operation);        ///< "Insert" (the runtime's)
INTERSTICE_SDK_API std::string_view to_lower_string(Operation operation);  ///< "insert" (CLI, query output)
INTERSTICE_SDK_API std::optional<Operation> parse_operation(std::string_view text);  ///< either; else nullopt

enum class ChecksumStatus : std::uint8_t {
  absent,    ///< the format has no checksum
  valid,     ///< stored and recomputed checksums agree
  mismatch,  ///< they differ: the record is damaged (readers report it as such)
};

using ByteSpan = std::span<const unsigned char>;

struct TransactionView {
  std::uint64_t index = 0;   ///< 0-based record number
  std::uint64_t offset = 0;  ///< byte offset of the record's first byte
  std::uint64_t size = 0;    ///< bytes the record occupies, framing included
  Operation operation = Operation::Insert;
  std::string_view module;
  std::string_view table;
  ByteSpan row;              ///< the row's encoded bytes (a framed-log delete: the key's)
  ByteSpan old_row;          ///< the old row's encoded bytes, empty when the record has none
  bool has_old_row = false;  ///< the record has an old row (every reader sets this)
  std::optional<std::uint64_t> timestamp;  ///< ms since the Unix epoch, where the format has one
  ChecksumStatus checksum = ChecksumStatus::absent;
  ByteSpan raw;  ///< the whole record's bytes as stored (what a byte-exact copy writes)
};

/// The parts of a record that print as serde JSON (see `LogReader::append_json`).
enum class RowPart : std::uint8_t {
  primary_key,  ///< the row's primary key, as `append_value_json` writes it
  row,          ///< the row, as `append_row_json` writes it
  old_row,      ///< the old row, as `append_row_json` writes it, or `null` when there is none
};

}  // namespace interstice::sdk
