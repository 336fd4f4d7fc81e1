// sdk values to framed payload bytes: the inverse of framed_decode.cpp, written once against the
// generation's kind tables, so every generation the reader knows can also be written. Postcard
// always writes the shortest varint, so a payload the runtime wrote comes out byte-identical.
#pragma once

#include "generation.hpp"

#include "interstice/sdk/transaction.hpp"

#include <optional>
#include <string>
#include <vector>

namespace interstice::framed {

/// A value `generation` has no discriminant for (U8 before g3, Struct in g1, a Vec as a g4 delete
/// key, ...), nested too deep for our reader, or out of its kind's range; and where it sits.
struct UnencodableValue {
  sdk::ValueKind kind;
  std::string where;   ///< "row.primary_key", "row.entries[3]", "key"
  std::string reason;  ///< follows "a Struct value": ", which framed-g1 cannot store", " nested deeper than 64"
};

/// Appends the postcard `Transaction` of `record` (no length prefix) to `payload`. Framed records
/// have no timestamp or old row: those are not written; a Delete writes only the row's key. On a
/// value the generation cannot hold, returns it (and `payload` holds a partial encoding).
std::optional<UnencodableValue> append_transaction(std::vector<unsigned char>& payload, const sdk::Transaction& record,
                                                   const Generation& generation);

}  // namespace interstice::framed
