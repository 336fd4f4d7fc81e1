// The canonical state hash: the hash functions of docs/determinism.md, in one place, so the
// replay, the hash stream and a reimplementation in another language agree bit for bit.
//
//   table_seed  = XXH3_64(str(module) ++ str(table), kStateHashSeed)      str = u64 LE length ++ bytes
//   row_hash    = XXH3_64(canonical row bytes, table_seed)
//   table sum   = sum of the live rows' row_hash, mod 2^64 (any order; add and subtract per record)
//   state_hash  = XXH3_64(for each table with live rows, by (module, table) bytes:
//                   str(module) ++ str(table) ++ u64 LE live rows ++ u64 LE table sum, kStateHashSeed)
//
// Helper layer (interstice/sdk/util/): pure functions, outside the ABI promise.
#pragma once

#include "interstice/sdk/record_digest.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace interstice::sdk {

/// The key of every keyed hash here: the ASCII bytes "istate-1" read as a u64 LE.
inline constexpr std::uint64_t kStateHashSeed = 0x312d657461747369;

INTERSTICE_SDK_API std::uint64_t table_seed(std::string_view module, std::string_view table);
INTERSTICE_SDK_API std::uint64_t row_hash(std::uint64_t table_seed, ByteSpan canonical_row);
/// XXH3-128 of a key's canonical bytes, keyed with kStateHashSeed.
INTERSTICE_SDK_API KeyFingerprint key_fingerprint(ByteSpan canonical_key);

/// One table's part of the state.
struct TableHash {
  std::string_view module;
  std::string_view table;
  std::uint64_t live_rows = 0;
  std::uint64_t sum = 0;
};

/// The state hash of these tables, in any order (they are sorted here; empty ones skipped).
/// Tables from several partial replays (one per thread) combine as if one replay had them all.
INTERSTICE_SDK_API std::uint64_t combine_state_hash(std::span<const TableHash> tables);

/// 16 lower-case hex digits, as every output prints a state hash.
INTERSTICE_SDK_API std::string hash_hex(std::uint64_t hash);
/// Reads 16 (or fewer) hex digits back; false for anything else.
INTERSTICE_SDK_API bool parse_hash_hex(std::string_view text, std::uint64_t& hash);

}  // namespace interstice::sdk
