// Turns a record's bincode row bytes into owned sdk values, for commands that need the values
// (log-query, exporters, validate --log). Statistics never come here: `next()` only validates.
#pragma once

#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/value.hpp"

namespace interstice::v1_codec {

/// Decodes the `Row` at the start of `bytes` (trailing bytes are ignored, as bincode does).
/// Throws `sdk::Error::input` naming `what` ("row", "old_row") if the bytes are not a Row;
/// bytes that passed `walk_row` always decode.
sdk::Row decode_row(sdk::ByteSpan bytes, std::string_view what);

}  // namespace interstice::v1_codec
