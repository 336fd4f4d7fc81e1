// The four framed-log generations as data: which value kind each discriminant means, and what a
// Delete carries. The walk and the decoder are written once against these tables, so a
// generation differs from another only in its rows here (spec §4.4, §4.5).
#pragma once

#include "interstice/sdk/value.hpp"

#include <span>
#include <string_view>

namespace interstice::framed {

/// Discriminant → kind for one serialized enum (`IntersticeValue` or `IndexKey`).
struct KindTable {
  const char* name;  ///< "IntersticeValue", "IndexKey": named in decoding errors
  std::span<const sdk::ValueKind> kinds;
};

struct Generation {
  std::string_view id;           ///< "framed-g2"
  std::string_view description;  ///< one line: commit span and what defines it
  const KindTable* values;       ///< Row entries, keys, nested values
  const KindTable* delete_key;   ///< `Delete.deleted_row_id`: `values` (g1–g3) or IndexKey (g4)
};

/// Every generation, oldest first.
std::span<const Generation> generations();

/// The generation with variant id `id`, or nullptr.
const Generation* find_generation(std::string_view id);

}  // namespace interstice::framed
