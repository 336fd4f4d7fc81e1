// Interstice values as transaction logs hold them: every variant any log format has used (v1's
// nested `Row`; the framed log's `U8`, `Tuple`, `Struct`, `Enum`), decoded only on demand.
// value_json.hpp writes them as serde's externally tagged JSON, as the runtime prints them.
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
INTERSTICE_SDK_API std::string_view kind_name(ValueKind kind);  ///< serde's name: "U64", "Option", ...

struct Row;

/// One decoded value. Only the members that belong to `kind` are meaningful:
/// - U8, U32, U64, Bool (0 or 1): `unsigned_value`; I32, I64: `signed_value`;
///   F32 (exactly widened), F64: `float_value`; String: `text`
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

  // Builders, one per kind (defined in detail/value_builders.hpp).
  static Value make_void();
  static Value u8(std::uint8_t v);
  static Value u32(std::uint32_t v);
  static Value u64(std::uint64_t v);
  static Value boolean(bool v);
  static Value i32(std::int32_t v);
  static Value i64(std::int64_t v);
  static Value f32(float v);
  static Value f64(double v);
  static Value string(std::string v);
  static Value vec(std::vector<Value> items);
  static Value tuple(std::vector<Value> items);
  static Value option(std::optional<Value> inner);
  INTERSTICE_SDK_API static Value row(Row row);
  static Value structure(std::string name, std::vector<std::string> field_names, std::vector<Value> field_values);
  static Value enumeration(std::string name, std::string variant_name, Value payload);

  bool is_none() const { return kind == ValueKind::Option && items.empty(); }
  friend INTERSTICE_SDK_API bool operator==(const Value& a, const Value& b);
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

#include "interstice/sdk/detail/value_builders.hpp"
