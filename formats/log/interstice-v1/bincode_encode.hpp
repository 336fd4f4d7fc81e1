// sdk values to bincode bytes, exactly as the runtime's `bincode::serialize` writes them; the
// writer uses it for a record's row and old row.
#pragma once

#include "interstice/sdk/value.hpp"

#include <optional>
#include <string>
#include <vector>

namespace interstice::v1_codec {

/// A value that log v1 has no tag for (U8, Tuple, Struct, Enum), and where it sits in the row.
struct UnencodableValue {
  sdk::ValueKind kind;
  std::string where;  ///< "primary_key", "entries[3]"
};

/// Appends `bincode(row)` to `out`. On a value v1 cannot hold, returns it (and `out` holds a
/// partial encoding the caller discards).
std::optional<UnencodableValue> append_row(std::vector<unsigned char>& out, const sdk::Row& row);

}  // namespace interstice::v1_codec
