// One transaction-log record, in two forms: `TransactionView`, the zero-copy view a codec hands
// out while it streams (valid until the reader's next call), and `Transaction`, the owned,
// decoded form a command asks for when it needs the row values.
#pragma once

#include "interstice/sdk/value.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace interstice::sdk {

enum class Operation : std::uint8_t { Insert, Update, Delete };

/// "Insert", "Update", "Delete" (the runtime's names).
INTERSTICE_SDK_API std::string_view to_string(Operation operation);
/// "insert", "update", "delete" (command-line and query output spelling).
INTERSTICE_SDK_API std::string_view to_lower_string(Operation operation);
/// Parses either spelling; nullopt for anything else.
INTERSTICE_SDK_API std::optional<Operation> parse_operation(std::string_view text);

enum class ChecksumStatus : std::uint8_t {
  absent,    ///< the format has no checksum
  valid,     ///< stored and recomputed checksums agree
  mismatch,  ///< they differ: the record is damaged (readers report it as such)
};

using ByteSpan = std::span<const unsigned char>;

/// A record as it sits in the file. Spans and string views point into the reader's buffer.
struct TransactionView {
  std::uint64_t index = 0;   ///< 0-based record number
  std::uint64_t offset = 0;  ///< byte offset of the record's first byte
  std::uint64_t size = 0;    ///< bytes the record occupies, framing included
  Operation operation = Operation::Insert;
  std::string_view module;
  std::string_view table;
  /// The row's encoded bytes (codec-specific). For a framed-log delete: the key's bytes.
  ByteSpan row;
  /// The old row's encoded bytes, empty when the record has none.
  ByteSpan old_row;
  bool has_old_row = false;  ///< the record has an old row (every reader sets this)
  std::optional<std::uint64_t> timestamp;  ///< ms since the Unix epoch, where the format has one
  ChecksumStatus checksum = ChecksumStatus::absent;
  /// The whole record's bytes as stored (what a byte-exact copy writes).
  ByteSpan raw;
};

/// The parts of a record that print as serde JSON (see `LogReader::append_json`).
enum class RowPart : std::uint8_t {
  primary_key,  ///< the row's primary key, as `append_value_json` writes it
  row,          ///< the row, as `append_row_json` writes it
  old_row,      ///< the old row, as `append_row_json` writes it, or `null` when there is none
};

/// A record with its rows decoded.
struct Transaction {
  std::uint64_t index = 0;
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  Operation operation = Operation::Insert;
  std::string module;
  std::string table;
  Row row;
  std::optional<Row> old_row;
  std::optional<std::uint64_t> timestamp;
  ChecksumStatus checksum = ChecksumStatus::absent;
  friend bool operator==(const Transaction&, const Transaction&) = default;
};

}  // namespace interstice::sdk
