// Builds owned `sdk::Value`s from framed payload bytes, only when a command asks for row values
// (`LogReader::decode`). Statistics and validation never come here.
#pragma once

#include "generation.hpp"

#include "interstice/sdk/transaction.hpp"

#include <span>

namespace interstice::framed {

/// The whole Transaction in `payload`. Throws `sdk::Error::input` with the walk's reason when the
/// payload is not a valid Transaction of `generation`.
sdk::Transaction decode_transaction(std::span<const unsigned char> payload, const Generation& generation);

}  // namespace interstice::framed
