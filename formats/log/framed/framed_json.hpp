// A framed record's rows as serde JSON straight from the postcard bytes: exactly what decoding
// the record (framed_decode.hpp) and printing the values (value_json.hpp) gives, without building
// a single value. Exports (csv, ndjson, json) and log-query print every row of a log, and
// decoding allocated a vector per row and a string per text only to print and free them. The
// bytes are a row the walk accepted (`next` only hands those out), so strings are not checked for
// UTF-8 a second time; the cursor's other checks stay, so a bug cannot read out of bounds.
#pragma once

#include "generation.hpp"

#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/util/json_chars.hpp"

#include <span>
#include <string>
#include <string_view>

namespace interstice::framed {

/// Appends `part` of a record whose row bytes (Insert/Update: primary key and entries; Delete:
/// the key) are `row`. Framed records have no old rows: `old_row` is `null`. Throws
/// `sdk::Error::input` with the walk's reason if the bytes are not a row of `generation` (except
/// that a string's bytes are copied without a second UTF-8 check).
void append_row_json(std::span<const unsigned char> row, sdk::Operation operation, const Generation& generation,
                     sdk::RowPart part, std::string& out, sdk::JsonQuoting quoting);

/// The primary key, then `between` as it is, then the row (`append_row_json` for each part,
/// `between` between them), the key transcoded once.
void append_key_and_row_json(std::span<const unsigned char> row, sdk::Operation operation,
                             const Generation& generation, std::string_view between, std::string& out,
                             sdk::JsonQuoting quoting);

}  // namespace interstice::framed
