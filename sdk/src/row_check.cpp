// Row-against-schema checks: what `validate --log` reports and what detection uses to tell
// generations apart.
#include "interstice/sdk/row_check.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/transaction.hpp"

#include <fmt/format.h>

namespace interstice::sdk {

namespace {

// The type a value shows, in schema spelling: "U64", "Vec<String>", "Option<?>" for None.
std::string shown_type(const Value& value) {
  switch (value.kind) {
    case ValueKind::Vec:
      return value.items.empty() ? "Vec<?>" : "Vec<" + shown_type(value.items.front()) + ">";
    case ValueKind::Option:
      return value.items.empty() ? "Option<?>" : "Option<" + shown_type(value.items.front()) + ">";
    default: return std::string(kind_name(value.kind));
  }
}

std::optional<ValueType::Kind> schema_kind(ValueKind kind) {
  switch (kind) {
    case ValueKind::Void: return ValueType::Kind::Void;
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
    default: return std::nullopt;  // U8, Tuple, Struct, Enum have no schema type
  }
}

void check_column(const Value& value, const Column& column, const std::string& where, const char* rule,
                  std::vector<RowMismatch>& out) {
  if (value_matches(value, column.type)) return;
  out.push_back({rule, where,
                 fmt::format("{}: expected {}, found {}", where, column.type.to_string(), shown_type(value))});
}

}  // namespace

bool value_matches(const Value& value, const ValueType& type) {
  auto kind = schema_kind(value.kind);
  if (!kind || *kind != type.kind()) return false;
  if (type.kind() == ValueType::Kind::Vec) {
    for (const auto& item : value.items)
      if (!value_matches(item, type.element())) return false;
  } else if (type.kind() == ValueType::Kind::Option) {
    if (!value.items.empty()) return value_matches(value.items.front(), type.element());
  }
  return true;
}

std::vector<RowMismatch> check_row(const Row& row, const TableSchema& table, std::string_view label) {
  std::vector<RowMismatch> problems;
  const std::string prefix(label);
  check_column(row.primary_key, table.primary_key, prefix + ".primary_key", "LOG_KEY_TYPE", problems);
  if (row.key_only) return problems;
  if (row.entries.size() != table.entries.size())
    problems.push_back({"LOG_COLUMN_COUNT", prefix + ".entries",
                        fmt::format("{}.entries: {} column{}, the table has {}", prefix, row.entries.size(),
                                    row.entries.size() == 1 ? "" : "s", table.entries.size())});
  const auto shared = std::min(row.entries.size(), table.entries.size());
  for (std::size_t i = 0; i < shared; ++i)
    check_column(row.entries[i], table.entries[i],
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
  auto problems = check_row(record.row, *table, "row");
  if (record.old_row) {
    auto old_problems = check_row(*record.old_row, *table, "old_row");
    problems.insert(problems.end(), old_problems.begin(), old_problems.end());
  }
  return problems;
}

}  // namespace interstice::sdk
