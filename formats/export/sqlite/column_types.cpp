// The Interstice-to-SQLite column mapping of column_types.hpp.
#include "column_types.hpp"

#include "sqlite_handle.hpp"

#include "interstice/sdk/value_json.hpp"

namespace interstice::sqlite_export {

using Kind = sdk::ValueType::Kind;

ColumnPlan plan_column(const sdk::ValueType& type, bool primary_key) {
  switch (type.kind()) {
    case Kind::U8:
    case Kind::U32:
    case Kind::I32:
    case Kind::I64:
    case Kind::Bool: return {"INTEGER"};
    case Kind::U64:
    case Kind::Void: return {""};
    case Kind::F32:
    case Kind::F64: return {"REAL"};
    case Kind::String:
    case Kind::Vec:
    case Kind::Row:
    case Kind::Tuple:
    case Kind::Named: return {"TEXT"};  // the value's JSON
    case Kind::Option: {
      const auto inner = type.element().kind();
      if (primary_key || inner == Kind::Void || inner == Kind::Option) return {"TEXT"};
      ColumnPlan plan = plan_column(type.element());
      plan.unwrap_option = true;
      return plan;
    }
  }
  return {""};
}

void bind_value(Statement& statement, int index, const sdk::Value& value, const ColumnPlan& plan) {
  using sdk::ValueKind;
  switch (value.kind) {
    case ValueKind::Void: statement.bind_null(index); return;
    case ValueKind::U8:
    case ValueKind::U32:
    case ValueKind::U64:
    case ValueKind::Bool: statement.bind_u64(index, value.unsigned_value); return;
    case ValueKind::I32:
    case ValueKind::I64: statement.bind_int(index, value.signed_value); return;
    case ValueKind::F32:
    case ValueKind::F64: statement.bind_double(index, value.float_value); return;  // NaN binds as NULL
    case ValueKind::String: statement.bind_text(index, value.text); return;
    case ValueKind::Option:
      if (plan.unwrap_option) {
        if (value.items.empty())
          statement.bind_null(index);
        else
          bind_value(statement, index, value.items.front(), ColumnPlan{});
        return;
      }
      break;
    case ValueKind::Row:
    case ValueKind::Vec:
    case ValueKind::Tuple:
    case ValueKind::Struct:
    case ValueKind::Enum: break;
  }
  statement.bind_text(index, sdk::to_json_text(value), true);
}

}  // namespace interstice::sqlite_export
