// The hash functions of util/state_hash.hpp, on libxxhash's XXH3.
#include "interstice/sdk/util/state_hash.hpp"

#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace interstice::sdk {

namespace {

void put_u64(std::string& out, std::uint64_t value) {
  char bytes[8];
  std::memcpy(bytes, &value, 8);  // little-endian: canonical_value.cpp asserts the platform is
  out.append(bytes, 8);
}

void put_text(std::string& out, std::string_view text) {
  put_u64(out, text.size());
  out += text;
}

}  // namespace

std::uint64_t table_seed(std::string_view module, std::string_view table) {
  std::string bytes;
  put_text(bytes, module);
  put_text(bytes, table);
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), kStateHashSeed);
}

std::uint64_t row_hash(std::uint64_t table_seed, ByteSpan canonical_row) {
  return XXH3_64bits_withSeed(canonical_row.data(), canonical_row.size(), table_seed);
}

KeyFingerprint key_fingerprint(ByteSpan canonical_key) {
  const XXH128_hash_t hash = XXH3_128bits_withSeed(canonical_key.data(), canonical_key.size(), kStateHashSeed);
  return {hash.low64, hash.high64};
}

std::uint64_t combine_state_hash(std::span<const TableHash> tables) {
  std::vector<const TableHash*> order;
  order.reserve(tables.size());
  for (const auto& table : tables)
    if (table.live_rows != 0) order.push_back(&table);
  // std::string_view compares as unsigned bytes (char_traits<char>::compare is memcmp-like).
  std::sort(order.begin(), order.end(), [](const TableHash* a, const TableHash* b) {
    return a->module != b->module ? a->module < b->module : a->table < b->table;
  });
  std::string bytes;
  for (const TableHash* table : order) {
    put_text(bytes, table->module);
    put_text(bytes, table->table);
    put_u64(bytes, table->live_rows);
    put_u64(bytes, table->sum);
  }
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), kStateHashSeed);
}

std::string hash_hex(std::uint64_t hash) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) text[static_cast<std::size_t>(i)] = kHex[hash & 0xF];
  return text;
}

bool parse_hash_hex(std::string_view text, std::uint64_t& hash) {
  if (text.empty() || text.size() > 16) return false;
  std::uint64_t value = 0;
  for (char c : text) {
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (digit < 0) return false;
    value = value << 4 | static_cast<std::uint64_t>(digit);
  }
  hash = value;
  return true;
}

}  // namespace interstice::sdk
