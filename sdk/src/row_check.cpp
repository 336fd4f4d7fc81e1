// Row-against-schema checks: what `validate --log` reports and what detection uses to tell
// generations apart.
#include "interstice/sdk/row_check.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/transaction.hpp"

#include <fmt/format.h>

namespace interstice::sdk {

namespace {

// The type a value shows, in schema spelling: "U64", "Vec<String>", "Option<?>" for None,
// "(U32, String)", "struct Point", "enum Shape (variant Circle)".
std::string shown_type(const Value& value) {
  switch (value.kind) {
    case ValueKind::Vec:
      return value.items.empty() ? "Vec<?>" : "Vec<" + shown_type(value.items.front()) + ">";
    case ValueKind::Option:
      return value.items.empty() ? "Option<?>" : "Option<" + shown_type(value.items.front()) + ">";
    case ValueKind::Tuple: {
      std::string text = "(";
      for (const auto& item : value.items) text += (text.size() > 1 ? ", " : "") + shown_type(item);
      return text + ")";
    }
    case ValueKind::Struct: return "struct " + value.text;
    case ValueKind::Enum: return fmt::format("enum {} (variant {})", value.text, value.variant);
    default: return std::string(kind_name(value.kind));
  }
}

std::optional<ValueType::Kind> schema_kind(ValueKind kind) {
  switch (kind) {
    case ValueKind::Void: return ValueType::Kind::Void;
    case ValueKind::U8: return ValueType::Kind::U8;
    case ValueKind::U32: return ValueType::Kind::U32;
    case ValueKind::U64: return ValueType::Kind::U64;
    case ValueKind::I32: return ValueType::Kind::I32;
    case ValueKind::I64: return ValueType::Kind::I64;
    case ValueKind::F32: return ValueType::Kind::F32;
    case ValueKind::F64: return ValueType::Kind::F64;
    case ValueKind::Bool: return ValueType::Kind::Bool;
    case ValueKind::String: return ValueType::Kind::String;
    case ValueKind::Vec: return ValueType::Kind::Vec;
    case ValueKind::Option: return ValueType::Kind::Option;
    case ValueKind::Row: return ValueType::Kind::Row;
    case ValueKind::Tuple: return ValueType::Kind::Tuple;
    case ValueKind::Struct:
    case ValueKind::Enum: return ValueType::Kind::Named;
  }
  return std::nullopt;
}

// A Struct or Enum value against the definition its Named type refers to: the same type name,
// the fields in declaration order (names and types), or a declared variant with a fitting payload.
bool named_value_matches(const Value& value, const ValueType& type, const ModuleSchema* module) {
  if (!module || value.text != type.type_name()) return false;
  const TypeDefinition* definition = module->find_type(type.type_name());
  if (!definition) return false;
  if (value.kind == ValueKind::Struct) {
    if (definition->kind != TypeDefinition::Kind::Struct || value.items.size() != definition->members.size() ||
        value.names.size() != value.items.size())
      return false;
    for (std::size_t i = 0; i < value.items.size(); ++i)
      if (value.names[i] != definition->members[i].name || !value_matches(value.items[i], definition->members[i].type, module))
        return false;
    return true;
  }
  if (definition->kind != TypeDefinition::Kind::Enum) return false;
  for (const auto& variant : definition->members)
    if (variant.name == value.variant)
      return value_matches(value.items.empty() ? Value{} : value.items.front(), variant.type, module);
  return false;
}

void check_column(const Value& value, const Column& column, const ModuleSchema* module, const std::string& where,
                  const char* rule, std::vector<RowMismatch>& out) {
  if (value_matches(value, column.type, module)) return;
  std::string expected = column.type.to_string();
  if (column.type.kind() == ValueType::Kind::Named) {
    const TypeDefinition* definition = module ? module->find_type(column.type.type_name()) : nullptr;
    expected = definition ? fmt::format("{} {}", definition->kind == TypeDefinition::Kind::Struct ? "struct" : "enum", expected)
                          : fmt::format("{} (not in the schema's type_definitions)", expected);
  }
  out.push_back({rule, where, fmt::format("{}: expected {}, found {}", where, expected, shown_type(value))});
}

}  // namespace

bool value_matches(const Value& value, const ValueType& type, const ModuleSchema* module) {
  auto kind = schema_kind(value.kind);
  if (!kind || *kind != type.kind()) return false;
  switch (type.kind()) {
    case ValueType::Kind::Vec:
      for (const auto& item : value.items)
        if (!value_matches(item, type.element(), module)) return false;
      return true;
    case ValueType::Kind::Option:
      return value.items.empty() || value_matches(value.items.front(), type.element(), module);
    case ValueType::Kind::Tuple:
      if (value.items.size() != type.elements().size()) return false;
      for (std::size_t i = 0; i < value.items.size(); ++i)
        if (!value_matches(value.items[i], type.elements()[i], module)) return false;
      return true;
    case ValueType::Kind::Named: return named_value_matches(value, type, module);
    default: return true;
  }
}

std::vector<RowMismatch> check_row(const Row& row, const TableSchema& table, std::string_view label,
                                   const ModuleSchema* module) {
  std::vector<RowMismatch> problems;
  const std::string prefix(label);
  check_column(row.primary_key, table.primary_key, module, prefix + ".primary_key", "LOG_KEY_TYPE", problems);
  if (row.key_only) return problems;
  if (row.entries.size() != table.entries.size())
    problems.push_back({"LOG_COLUMN_COUNT", prefix + ".entries",
                        fmt::format("{}.entries: {} column{}, the table has {}", prefix, row.entries.size(),
                                    row.entries.size() == 1 ? "" : "s", table.entries.size())});
  const auto shared = std::min(row.entries.size(), table.entries.size());
  for (std::size_t i = 0; i < shared; ++i)
    check_column(row.entries[i], table.entries[i], module,
                 fmt::format("{}.entries[{}] ({})", prefix, i, table.entries[i].name), "LOG_COLUMN_TYPE", problems);
  return problems;
}

std::vector<RowMismatch> check_transaction(const Transaction& record, const std::vector<ModuleSchema>& schemas) {
  const ModuleSchema* module = nullptr;
  for (const auto& schema : schemas)
    if (schema.name == record.module) module = &schema;
  if (!module)
    return {{"LOG_UNKNOWN_MODULE", "module", fmt::format("module '{}' is in no given schema", record.module)}};
  const TableSchema* table = module->find_table(record.table);
  if (!table)
    return {{"LOG_UNKNOWN_TABLE", "table",
             fmt::format("module '{}' has no table '{}'", record.module, record.table)}};
  auto problems = check_row(record.row, *table, "row", module);
  if (record.old_row) {
    auto old_problems = check_row(*record.old_row, *table, "old_row", module);
    problems.insert(problems.end(), old_problems.begin(), old_problems.end());
  }
  return problems;
}

}  // namespace interstice::sdk
