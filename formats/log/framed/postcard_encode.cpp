// Postcard encoding of a Transaction (see postcard_encode.hpp): shortest LEB128 varints, zigzag
// signed integers, little-endian floats, one-byte bool/option tags, varint-counted strings and
// sequences, and each value's discriminant looked up in the generation's table (spec §3, §4).
#include "postcard_encode.hpp"

#include "framed_walk.hpp"

#include "interstice/sdk/util/utf8.hpp"

#include <bit>
#include <cstdint>
#include <limits>
#include <span>

namespace interstice::framed {

namespace {

using K = sdk::ValueKind;
using sdk::Value;

/// The discriminant `kind` has in `table`, or -1: the inverse of the decoder's lookup.
int discriminant_of(const KindTable& table, K kind) {
  for (std::size_t i = 0; i < table.kinds.size(); ++i)
    if (table.kinds[i] == kind) return static_cast<int>(i);
  return -1;
}

class Encoder {
 public:
  Encoder(std::vector<unsigned char>& out, const Generation& generation) : out_(out), generation_(generation) {}

  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<unsigned char>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<unsigned char>(v));
  }

  /// A String; false (nothing written) when it is not UTF-8, which postcard and our reader refuse.
  [[nodiscard]] bool text(const std::string& s) {
    if (!sdk::utf8_valid(reinterpret_cast<const unsigned char*>(s.data()), s.size())) return false;
    varint(s.size());
    out_.insert(out_.end(), s.begin(), s.end());
    return true;
  }

  /// One value with its discriminant; the first value that cannot be written, or nullopt. Depth
  /// counts as the walk counts it, so whatever is written here our reader reads back.
  std::optional<UnencodableValue> value(const Value& v, const KindTable& table, int depth) {
    if (depth > kMaxDepth) return bad(v, " nested deeper than " + std::to_string(kMaxDepth));
    const int disc = discriminant_of(table, v.kind);
    if (disc < 0) return bad(v, cannot_store(table));
    if (auto range = out_of_range(v)) return range;
    varint(static_cast<std::uint32_t>(disc));
    switch (v.kind) {
      case K::Void: return std::nullopt;
      case K::U8: out_.push_back(static_cast<unsigned char>(v.unsigned_value)); return std::nullopt;
      case K::U32:
      case K::U64: varint(v.unsigned_value); return std::nullopt;
      case K::I32:
      case K::I64: {
        // zigzag: 0→0, -1→1, 1→2 (spec §3); over 64 bits, which is exact for i32 too
        const auto n = static_cast<std::uint64_t>(v.signed_value);
        varint((n << 1) ^ (v.signed_value < 0 ? ~std::uint64_t{0} : 0));
        return std::nullopt;
      }
      case K::F32:  // held widened; narrowing back is exact
        little_endian(std::bit_cast<std::uint32_t>(static_cast<float>(v.float_value)), 4);
        return std::nullopt;
      case K::F64: little_endian(std::bit_cast<std::uint64_t>(v.float_value), 8); return std::nullopt;
      case K::Bool: out_.push_back(v.unsigned_value != 0 ? 1 : 0); return std::nullopt;
      case K::String:
        if (!text(v.text)) return not_utf8(v);
        return std::nullopt;
      case K::Row:  // g1's nested Row: items = key, then entries
        if (v.items.empty()) return bad(v, " without a primary key");
        return row(v.items.front(), std::span(v.items).subspan(1), table, depth + 1);
      case K::Vec:
      case K::Tuple: return list(v.items, table, depth + 1);
      case K::Option:
        out_.push_back(v.items.empty() ? 0 : 1);
        return v.items.empty() ? std::nullopt : value(v.items.front(), table, depth + 1);
      case K::Struct:
        if (v.names.size() != v.items.size()) return bad(v, " with a field without a name");
        if (!text(v.text)) return not_utf8(v);
        varint(v.items.size());
        for (std::size_t i = 0; i < v.items.size(); ++i) {
          if (!text(v.names[i])) return not_utf8(v);
          if (auto failed = value(v.items[i], table, depth + 1)) return failed;
        }
        return std::nullopt;
      case K::Enum:
        if (v.items.size() != 1) return bad(v, " without a payload value");
        if (!text(v.text) || !text(v.variant)) return not_utf8(v);
        return value(v.items.front(), table, depth + 1);
    }
    return bad(v, cannot_store(table));
  }

  std::optional<UnencodableValue> row(const Value& key, std::span<const Value> entries, const KindTable& table,
                                      int depth) {
    if (auto failed = value(key, table, depth)) return failed;
    return list(entries, table, depth);
  }

  std::string cannot_store(const KindTable& table) const {
    return ", which " + std::string(generation_.id) + " cannot store" +
           (table.name == std::string_view("IndexKey") ? " as a delete key" : "");
  }

 private:
  std::optional<UnencodableValue> list(std::span<const Value> items, const KindTable& table, int depth) {
    varint(items.size());
    for (const auto& item : items)
      if (auto failed = value(item, table, depth)) return failed;
    return std::nullopt;
  }

  /// Values built by hand can hold more than their kind: refuse rather than truncate.
  static std::optional<UnencodableValue> out_of_range(const Value& v) {
    auto too_big = [&](std::uint64_t max) { return v.unsigned_value > max; };
    auto outside = [&](std::int64_t lo, std::int64_t hi) { return v.signed_value < lo || v.signed_value > hi; };
    bool wrong = false;
    switch (v.kind) {
      case K::U8: wrong = too_big(0xFF); break;
      case K::U32: wrong = too_big(std::numeric_limits<std::uint32_t>::max()); break;
      case K::I32:
        wrong = outside(std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max());
        break;
      default: break;
    }
    if (!wrong) return std::nullopt;
    return bad(v, " outside its range");
  }

  static UnencodableValue bad(const Value& v, std::string reason) { return {v.kind, "", std::move(reason)}; }
  static UnencodableValue not_utf8(const Value& v) { return bad(v, " with text that is not UTF-8"); }

  void little_endian(std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out_.push_back(static_cast<unsigned char>(v >> (8 * i)));
  }

  std::vector<unsigned char>& out_;
  const Generation& generation_;
};

/// Transaction discriminants (spec §4.1): Insert 0, Update 1, Delete 2.
std::uint32_t operation_discriminant(sdk::Operation operation) {
  switch (operation) {
    case sdk::Operation::Insert: return 0;
    case sdk::Operation::Update: return 1;
    case sdk::Operation::Delete: return 2;
  }
  return 0;
}

std::optional<UnencodableValue> placed(std::optional<UnencodableValue> failed, std::string where) {
  if (failed && failed->where.empty()) failed->where = std::move(where);
  return failed;
}

}  // namespace

std::optional<UnencodableValue> append_transaction(std::vector<unsigned char>& payload, const sdk::Transaction& record,
                                                   const Generation& generation) {
  Encoder encoder(payload, generation);
  encoder.varint(operation_discriminant(record.operation));
  if (!encoder.text(record.module)) return UnencodableValue{K::String, "module_name", " that is not UTF-8"};
  if (!encoder.text(record.table)) return UnencodableValue{K::String, "table_name", " that is not UTF-8"};
  if (record.operation == sdk::Operation::Delete)
    return placed(encoder.value(record.row.primary_key, *generation.delete_key, 0), "key");
  const auto& values = *generation.values;
  if (auto failed = encoder.value(record.row.primary_key, values, 0)) return placed(failed, "row.primary_key");
  encoder.varint(record.row.entries.size());
  for (std::size_t i = 0; i < record.row.entries.size(); ++i)
    if (auto failed = encoder.value(record.row.entries[i], values, 0))
      return placed(failed, "row.entries[" + std::to_string(i) + "]");
  return std::nullopt;
}

}  // namespace interstice::framed
