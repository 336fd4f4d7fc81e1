// The inline definitions of Value's builders (value.hpp declares them): inline because codecs
// call them for every decoded value.
#pragma once

#include "interstice/sdk/value.hpp"

#include <utility>

namespace interstice::sdk {

namespace detail {
inline Value value_of(ValueKind kind) {
  Value value;
  value.kind = kind;
  return value;
}
inline Value unsigned_value(ValueKind kind, std::uint64_t v) {
  Value value = value_of(kind);
  value.unsigned_value = v;
  return value;
}
inline Value signed_value(ValueKind kind, std::int64_t v) {
  Value value = value_of(kind);
  value.signed_value = v;
  return value;
}
inline Value float_value(ValueKind kind, double v) {
  Value value = value_of(kind);
  value.float_value = v;
  return value;
}
inline Value list_value(ValueKind kind, std::vector<Value> items) {
  Value value = value_of(kind);
  value.items = std::move(items);
  return value;
}
}  // namespace detail

inline Value Value::make_void() { return {}; }
inline Value Value::u8(std::uint8_t v) { return detail::unsigned_value(ValueKind::U8, v); }
inline Value Value::u32(std::uint32_t v) { return detail::unsigned_value(ValueKind::U32, v); }
inline Value Value::u64(std::uint64_t v) { return detail::unsigned_value(ValueKind::U64, v); }
inline Value Value::boolean(bool v) { return detail::unsigned_value(ValueKind::Bool, v ? 1 : 0); }
inline Value Value::i32(std::int32_t v) { return detail::signed_value(ValueKind::I32, v); }
inline Value Value::i64(std::int64_t v) { return detail::signed_value(ValueKind::I64, v); }
inline Value Value::f32(float v) { return detail::float_value(ValueKind::F32, v); }
inline Value Value::f64(double v) { return detail::float_value(ValueKind::F64, v); }
inline Value Value::vec(std::vector<Value> items) { return detail::list_value(ValueKind::Vec, std::move(items)); }
inline Value Value::tuple(std::vector<Value> items) { return detail::list_value(ValueKind::Tuple, std::move(items)); }

inline Value Value::string(std::string v) {
  Value value = detail::value_of(ValueKind::String);
  value.text = std::move(v);
  return value;
}

inline Value Value::option(std::optional<Value> inner) {
  Value value = detail::value_of(ValueKind::Option);
  if (inner) value.items.push_back(std::move(*inner));
  return value;
}

inline Value Value::structure(std::string name, std::vector<std::string> field_names,
                              std::vector<Value> field_values) {
  Value value = detail::value_of(ValueKind::Struct);
  value.text = std::move(name);
  value.names = std::move(field_names);
  value.items = std::move(field_values);
  return value;
}

inline Value Value::enumeration(std::string name, std::string variant_name, Value payload) {
  Value value = detail::value_of(ValueKind::Enum);
  value.text = std::move(name);
  value.variant = std::move(variant_name);
  value.items.push_back(std::move(payload));
  return value;
}

}  // namespace interstice::sdk
