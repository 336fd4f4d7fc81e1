// Strict validation of one framed payload (a postcard `Transaction`) without building values:
// the reader runs it on every record, so it allocates nothing and visits each byte once. It is
// also the only place that knows the Transaction layout; the decoder reuses its result.
#pragma once

#include "decode_error.hpp"
#include "generation.hpp"

#include "interstice/sdk/transaction.hpp"

#include <cstddef>
#include <span>
#include <string_view>

namespace interstice::framed {

/// Containers (Vec, Option, Tuple, Struct, Enum, g1 Row) nested deeper than this are rejected:
/// the format has no limit, the reader's stack does.
inline constexpr int kMaxDepth = 64;

/// What the walk learned about a valid payload. Views and offsets point into the payload.
struct WalkedTransaction {
  sdk::Operation operation = sdk::Operation::Insert;
  std::string_view module;
  std::string_view table;
  /// The row (Insert/Update: primary key + entries) or the key (Delete), as payload offsets.
  std::size_t row_begin = 0;
  std::size_t row_end = 0;
};

/// True when `payload` is exactly one Transaction of `generation`, with no byte left over;
/// otherwise false with `error` saying where and why.
bool walk_transaction(std::span<const unsigned char> payload, const Generation& generation, WalkedTransaction& out,
                      DecodeError& error);

}  // namespace interstice::framed
