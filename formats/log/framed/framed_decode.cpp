// Value decoding for framed payloads: the transaction's shape comes from the validating walk,
// then the row (or Delete key) bytes are turned into values through the generation's kind table.
// g1's nested Row becomes `Value::row`, Struct `Value::structure`, Enum `Value::enumeration`;
// g4's IndexKey maps onto the same value kinds.
#include "framed_decode.hpp"

#include "framed_walk.hpp"
#include "postcard_cursor.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/transaction.hpp"

#include <string>
#include <utility>
#include <vector>

namespace interstice::framed {

namespace {

using K = sdk::ValueKind;
using sdk::Value;

// Input the walk accepted cannot fail here; the checks stay so a bug cannot read out of bounds.
class Decoder {
 public:
  explicit Decoder(std::span<const unsigned char> bytes) : c_(bytes) {}

  Value value(const KindTable& table, int depth) {
    if (depth > kMaxDepth) need(c_.fail({c_.offset(), Problem::too_deep, 0, kMaxDepth, table.name}));
    std::uint32_t disc = 0;
    need(c_.discriminant(disc, table.kinds.size(), table.name));
    return payload_of(table.kinds[disc], table, depth);
  }

  sdk::Row row(const KindTable& table, int depth) {
    sdk::Row row;
    row.primary_key = value(table, depth);
    row.entries = list(table, depth, "Row entries count");
    return row;
  }

  std::size_t offset() const { return c_.offset(); }

 private:
  [[noreturn]] void raise() { throw sdk::Error::input(describe(c_.error())); }
  void need(bool ok) {
    if (!ok) raise();
  }

  std::string text(const char* what) {
    std::string_view view;
    need(c_.string(view, what));
    return std::string(view);
  }

  std::vector<Value> list(const KindTable& table, int depth, const char* what) {
    std::uint64_t n = 0;
    need(c_.count(n, what));
    std::vector<Value> items;
    items.reserve(static_cast<std::size_t>(n));  // n <= bytes left: bounded by the record
    for (std::uint64_t i = 0; i < n; ++i) items.push_back(value(table, depth));
    return items;
  }

  Value payload_of(K kind, const KindTable& table, int depth) {
    switch (kind) {
      case K::Void: return Value::make_void();
      case K::U8: {
        std::uint8_t v = 0;
        need(c_.byte(v, "U8"));
        return Value::u8(v);
      }
      case K::U32: {
        std::uint32_t v = 0;
        need(c_.varint_u32(v, "U32"));
        return Value::u32(v);
      }
      case K::U64: {
        std::uint64_t v = 0;
        need(c_.varint_u64(v, "U64"));
        return Value::u64(v);
      }
      case K::I32: {
        std::int32_t v = 0;
        need(c_.zigzag_i32(v));
        return Value::i32(v);
      }
      case K::I64: {
        std::int64_t v = 0;
        need(c_.zigzag_i64(v));
        return Value::i64(v);
      }
      case K::F32: {
        float v = 0;
        need(c_.f32(v));
        return Value::f32(v);
      }
      case K::F64: {
        double v = 0;
        need(c_.f64(v));
        return Value::f64(v);
      }
      case K::Bool: {
        bool v = false;
        need(c_.boolean(v));
        return Value::boolean(v);
      }
      case K::String: return Value::string(text("String value"));
      case K::Row: return Value::row(row(table, depth + 1));
      case K::Vec: return Value::vec(list(table, depth + 1, "Vec count"));
      case K::Tuple: return Value::tuple(list(table, depth + 1, "Tuple count"));
      case K::Option: {
        bool some = false;
        need(c_.option_tag(some));
        if (!some) return Value::option(std::nullopt);
        return Value::option(value(table, depth + 1));
      }
      case K::Struct: {
        auto name = text("Struct name");
        std::uint64_t n = 0;
        need(c_.count(n, "Struct fields count"));
        std::vector<std::string> names;
        std::vector<Value> values;
        names.reserve(static_cast<std::size_t>(n));
        values.reserve(static_cast<std::size_t>(n));
        for (std::uint64_t i = 0; i < n; ++i) {
          names.push_back(text("Field name"));
          values.push_back(value(table, depth + 1));
        }
        return Value::structure(std::move(name), std::move(names), std::move(values));
      }
      case K::Enum: {
        auto name = text("Enum name");
        auto variant = text("Enum variant");
        auto payload = value(table, depth + 1);
        return Value::enumeration(std::move(name), std::move(variant), std::move(payload));
      }
    }
    throw sdk::Error::internal("framed: value kind missing from the decoder");
  }

  PostcardCursor c_;
};

}  // namespace

sdk::Transaction decode_transaction(std::span<const unsigned char> payload, const Generation& generation) {
  WalkedTransaction shape;
  DecodeError error;
  if (!walk_transaction(payload, generation, shape, error)) throw sdk::Error::input(describe(error));

  sdk::Transaction tx;
  tx.operation = shape.operation;
  tx.module = std::string(shape.module);
  tx.table = std::string(shape.table);
  Decoder decoder(payload.subspan(shape.row_begin, shape.row_end - shape.row_begin));
  if (shape.operation == sdk::Operation::Delete) {
    tx.row.primary_key = decoder.value(*generation.delete_key, 0);
    tx.row.key_only = true;
  } else {
    tx.row = decoder.row(*generation.values, 0);
  }
  return tx;
}

}  // namespace interstice::framed
