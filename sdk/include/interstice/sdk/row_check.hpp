// Does a decoded row fit its table's schema? Shared by `validate --log` (which reports every
// mismatch) and log-format detection (which uses the schema to settle ambiguous generations).
#pragma once

#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/value.hpp"

#include <string>
#include <vector>

namespace interstice::sdk {

struct RowMismatch {
  std::string rule;     ///< LOG_UNKNOWN_MODULE, LOG_UNKNOWN_TABLE, LOG_KEY_TYPE, LOG_COLUMN_COUNT, LOG_COLUMN_TYPE
  std::string where;    ///< "primary_key", "entries[2] (score)", "old_row.entries[0] (name)"
  std::string message;  ///< one line
};

/// True when `value` is a value of `type`; nested elements are checked too. A Struct or Enum
/// value matches a Named type only through `module`'s type_definitions (same name; a struct's
/// fields in order, or a declared variant with a fitting payload).
INTERSTICE_SDK_API bool value_matches(const Value& value, const ValueType& type, const ModuleSchema* module = nullptr);

/// Every way `row` departs from `table` (empty when it fits). `label` prefixes `where`
/// ("row" or "old_row"); `module` resolves Named column types.
INTERSTICE_SDK_API std::vector<RowMismatch> check_row(const Row& row, const TableSchema& table,
                                                      std::string_view label = "row", const ModuleSchema* module = nullptr);

/// Checks a whole decoded transaction against the module schemas: the module and table must
/// exist, and every row present must fit.
INTERSTICE_SDK_API std::vector<RowMismatch> check_transaction(const Transaction& record,
                                                              const std::vector<ModuleSchema>& schemas);

}  // namespace interstice::sdk
