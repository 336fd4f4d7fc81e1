// Interstice values as they appear in transaction logs: the union of every variant any log
// format has used (v1's nested `Row`, the framed log's `U8`, `Tuple`, `Struct`, `Enum`).
//
// Codecs decode rows into these owned values only when a command asks for them (log-query,
// exporters, validate --log); statistics never build values. `value_json.hpp` writes them in
// serde's externally tagged JSON form, the one the runtime and the reference encoder print.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk {

enum class ValueKind : std::uint8_t {
  Void, U8, U32, U64, I32, I64, F32, F64, Bool, String, Row, Vec, Option, Tuple, Struct, Enum
};

/// The serde variant name: "U64", "Option", "Struct", ...
INTERSTICE_SDK_API std::string_view kind_name(ValueKind kind);

struct Row;

/// One decoded value. Only the members that belong to `kind` are meaningful:
/// - U8, U32, U64, Bool (0 or 1): `unsigned_value`; I32, I64: `signed_value`;
///   F32 (exactly widened), F64: `float_value`
/// - String: `text`
/// - Vec, Tuple: `items`; Option: `items` holds 0 (None) or 1 value
/// - Row: `items` = primary key, then the entries
/// - Struct: `text` = type name, `names[i]` / `items[i]` = field name / value
/// - Enum: `text` = type name, `variant` = variant name, `items[0]` = payload (Void for unit)
struct Value {
  ValueKind kind = ValueKind::Void;
  std::uint64_t unsigned_value = 0;
  std::int64_t signed_value = 0;
  double float_value = 0;
  std::string text;
  std::string variant;
  std::vector<Value> items;
  std::vector<std::string> names;

  static Value make_void() { return {}; }
  static Value u8(std::uint8_t v) { return unsigned_of(ValueKind::U8, v); }
  static Value u32(std::uint32_t v) { return unsigned_of(ValueKind::U32, v); }
  static Value u64(std::uint64_t v) { return unsigned_of(ValueKind::U64, v); }
  static Value boolean(bool v) { return unsigned_of(ValueKind::Bool, v ? 1 : 0); }
  static Value i32(std::int32_t v) { return signed_of(ValueKind::I32, v); }
  static Value i64(std::int64_t v) { return signed_of(ValueKind::I64, v); }
  static Value f32(float v) { return float_of(ValueKind::F32, v); }
  static Value f64(double v) { return float_of(ValueKind::F64, v); }
  static Value string(std::string v) {
    Value value;
    value.kind = ValueKind::String;
    value.text = std::move(v);
    return value;
  }
  static Value vec(std::vector<Value> items) { return list_of(ValueKind::Vec, std::move(items)); }
  static Value tuple(std::vector<Value> items) { return list_of(ValueKind::Tuple, std::move(items)); }
  static Value option(std::optional<Value> inner) {
    Value value;
    value.kind = ValueKind::Option;
    if (inner) value.items.push_back(std::move(*inner));
    return value;
  }
  INTERSTICE_SDK_API static Value row(Row row);
  static Value structure(std::string name, std::vector<std::string> field_names, std::vector<Value> field_values) {
    Value value;
    value.kind = ValueKind::Struct;
    value.text = std::move(name);
    value.names = std::move(field_names);
    value.items = std::move(field_values);
    return value;
  }
  static Value enumeration(std::string name, std::string variant_name, Value payload) {
    Value value;
    value.kind = ValueKind::Enum;
    value.text = std::move(name);
    value.variant = std::move(variant_name);
    value.items.push_back(std::move(payload));
    return value;
  }

  bool is_none() const { return kind == ValueKind::Option && items.empty(); }
  friend INTERSTICE_SDK_API bool operator==(const Value& a, const Value& b);

 private:
  static Value unsigned_of(ValueKind kind, std::uint64_t v) {
    Value value;
    value.kind = kind;
    value.unsigned_value = v;
    return value;
  }
  static Value signed_of(ValueKind kind, std::int64_t v) {
    Value value;
    value.kind = kind;
    value.signed_value = v;
    return value;
  }
  static Value float_of(ValueKind kind, double v) {
    Value value;
    value.kind = kind;
    value.float_value = v;
    return value;
  }
  static Value list_of(ValueKind kind, std::vector<Value> items) {
    Value value;
    value.kind = kind;
    value.items = std::move(items);
    return value;
  }
};

/// A table row: the primary key and the other columns in schema order. Framed-log deletes carry
/// only the key: `key_only` is then true and `entries` is empty.
struct Row {
  Value primary_key;
  std::vector<Value> entries;
  bool key_only = false;
  friend INTERSTICE_SDK_API bool operator==(const Row& a, const Row& b);
};

}  // namespace interstice::sdk
