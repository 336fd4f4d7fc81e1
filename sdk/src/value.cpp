// Value equality and names; detection compares decoded samples with it.
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/value.hpp"

#include <array>
#include <cstring>

namespace interstice::sdk {

std::string_view kind_name(ValueKind kind) {
  static constexpr std::array<std::string_view, 16> kNames = {
      "Void", "U8",     "U32",    "U64", "I32",    "I64",   "F32",    "F64",
      "Bool", "String", "Row",    "Vec", "Option", "Tuple", "Struct", "Enum"};
  return kNames[static_cast<std::size_t>(kind)];
}

Value Value::row(Row row) {
  Value value;
    value.kind = ValueKind::Row;
  value.items.reserve(row.entries.size() + 1);
  value.items.push_back(std::move(row.primary_key));
  for (auto& entry : row.entries) value.items.push_back(std::move(entry));
  return value;
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ValueKind::Void: return true;
    case ValueKind::U8:
    case ValueKind::U32:
    case ValueKind::U64:
    case ValueKind::Bool: return a.unsigned_value == b.unsigned_value;
    case ValueKind::I32:
    case ValueKind::I64: return a.signed_value == b.signed_value;
    case ValueKind::F32:
    case ValueKind::F64:  // bitwise, so -0.0 differs from 0.0 as it does in the bytes
      return std::memcmp(&a.float_value, &b.float_value, sizeof(double)) == 0;
    case ValueKind::String: return a.text == b.text;
    case ValueKind::Struct: return a.text == b.text && a.names == b.names && a.items == b.items;
    case ValueKind::Enum: return a.text == b.text && a.variant == b.variant && a.items == b.items;
    default: return a.items == b.items;
  }
}

bool operator==(const Row& a, const Row& b) {
  return a.key_only == b.key_only && a.primary_key == b.primary_key && a.entries == b.entries;
}

std::string_view to_string(Operation operation) {
  switch (operation) {
    case Operation::Insert: return "Insert";
    case Operation::Update: return "Update";
    case Operation::Delete: return "Delete";
  }
  return "?";
}

std::string_view to_lower_string(Operation operation) {
  switch (operation) {
    case Operation::Insert: return "insert";
    case Operation::Update: return "update";
    case Operation::Delete: return "delete";
  }
  return "?";
}

std::optional<Operation> parse_operation(std::string_view text) {
  for (auto op : {Operation::Insert, Operation::Update, Operation::Delete})
    if (text == to_string(op) || text == to_lower_string(op)) return op;
  return std::nullopt;
}

}  // namespace interstice::sdk
