// The canonical value encoding: one byte string per value, whatever log format the value came
// from. The state hash (state_hash.hpp) and replica comparison hash these bytes, so the same rows
// read from an interstice-v1 log and from a framed log hash the same, and two values are "the
// same" exactly when their encodings are equal (-0.0 and 0.0 differ, every float bit counts).
//
// The encoding is interstice-v1's bincode (docs/determinism.md has the byte-level rules): a u32
// LE tag, then the payload. Tags 0-11 and their payloads are exactly v1's, so a v1 row's bytes
// are already canonical and are hashed without decoding; tags 12-15 add the kinds v1 lacks:
//
//   0 Void  1 U32  2 U64  3 I32  4 I64  5 F32  6 F64  7 Bool  8 String  9 Row  10 Vec  11 Option
//   12 U8  13 Tuple  14 Struct  15 Enum
//
// Helper layer (interstice/sdk/util/): pure functions, outside the ABI promise.
#pragma once

#include "interstice/sdk/value.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace interstice::sdk {

/// The canonical tag of a value kind (the table above).
INTERSTICE_SDK_API std::uint32_t canonical_tag(ValueKind kind);

/// Appends the canonical encoding of `value`.
INTERSTICE_SDK_API void append_canonical(std::string& out, const Value& value);

/// Appends the canonical encoding of a row (its key, a u64 entry count, the entries) and
/// returns how many of the appended bytes encode the primary key (they come first). A key-only
/// row (a framed-log delete) encodes as a row with no entries.
INTERSTICE_SDK_API std::size_t append_canonical(std::string& out, const Row& row);

/// The canonical encoding of one value, as a new string (tests, rare paths).
INTERSTICE_SDK_API std::string canonical_bytes(const Value& value);

}  // namespace interstice::sdk
