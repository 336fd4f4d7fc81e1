// The one JSON shape of a query/export record, shared by `log-query`, the json and ndjson
// exporters and the csv exporter's row columns, so every tool prints a transaction the same way:
//
//   {"index":0,"offset":0,"module_id":"hello","table_name":"greetings","operation":"insert",
//    "timestamp":1735767670341,"data_hash":"9f2c...","primary_key":{"U64":1},
//    "row":{"primary_key":...,"entries":[...]},"old_row":null}
#pragma once

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/transaction.hpp"

#include <string>

namespace interstice::sdk {

/// A stable hash of a record's encoded row bytes: XXH64 (seed 0) as 16 lower-case hex digits.
/// Equal rows in the same log format hash equally, across runs and machines.
INTERSTICE_SDK_API std::string data_hash(ByteSpan row_bytes);
/// The same 16 hex digits, written into `out` (no allocation).
INTERSTICE_SDK_API void write_data_hash(ByteSpan row_bytes, char (&out)[16]);

class ScannedRecord;

/// Appends the record object above (compact, no newline) to `out`.
INTERSTICE_SDK_API void append_record_json(std::string& out, const Transaction& record, std::string_view hash);
/// The same object for a scanned record, its rows written straight from the bytes when the
/// reader can (log_codec.hpp).
INTERSTICE_SDK_API void append_record_json(std::string& out, const ScannedRecord& record, std::string_view hash);

/// One part of a decoded record as serde JSON: the primary key, the row, or the old row
/// (`null` when there is none).
INTERSTICE_SDK_API void append_json(const Transaction& record, RowPart part, std::string& out);

}  // namespace interstice::sdk
