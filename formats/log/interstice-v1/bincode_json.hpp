// Writes a record's bincode rows as serde JSON straight from the bytes: the text that decoding
// them (bincode_decode.hpp) and printing the values (value_json.hpp) gives, without building
// values. Export and query output of large logs spend most of their row time here.
#pragma once

#include "interstice/sdk/util/json_chars.hpp"
#include "interstice/sdk/transaction.hpp"

#include <string>
#include <string_view>

namespace interstice::v1_codec {

/// Appends the `Row` at the start of `bytes` (trailing bytes ignored) as `append_row_json`
/// writes it, or only its primary key as `append_value_json` writes it. The bytes should have
/// passed `walk_row`; anything else never reads past `bytes` but throws `sdk::Error::input`
/// naming `what` ("row", "old_row"), except that strings are not checked for UTF-8 again (the
/// walk did; their bytes are copied as they are). `csv_doubled` doubles every `"` (json_chars.hpp).
void append_row_json(sdk::ByteSpan bytes, bool key_only, std::string_view what, std::string& out,
                     sdk::JsonQuoting quoting = sdk::JsonQuoting::plain);

/// The Row's primary key, then `between` as it is, then the Row: `append_row_json` with
/// `key_only` and without, `between` between them, the key transcoded once.
void append_key_and_row_json(sdk::ByteSpan bytes, std::string_view between, std::string_view what, std::string& out,
                             sdk::JsonQuoting quoting = sdk::JsonQuoting::plain);

}  // namespace interstice::v1_codec
