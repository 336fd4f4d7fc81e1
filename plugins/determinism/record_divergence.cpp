// The divergence object of record_divergence.hpp.
#include "record_divergence.hpp"

#include "interstice/sdk/record_json.hpp"
#include "interstice/sdk/value_json.hpp"


#include <algorithm>

namespace json = boost::json;

namespace interstice::determinism {

namespace {

json::value column_name(const std::vector<sdk::ModuleSchema>& schemas, const sdk::Transaction& record,
                        std::size_t column) {
  for (const auto& schema : schemas) {
    if (schema.name != record.module) continue;
    if (const auto* table = schema.find_table(record.table); table && column < table->entries.size())
      return json::value(table->entries[column].name);
  }
  return nullptr;
}

json::value value_or_null(const std::vector<sdk::Value>& values, std::size_t i) {
  return i < values.size() ? sdk::to_json(values[i]) : json::value(nullptr);
}

/// Fills difference, column_index, column_name, value_a and value_b for two decoded records.
void describe_difference(json::object& out, const sdk::Transaction& a, const sdk::Transaction& b,
                         const std::vector<sdk::ModuleSchema>& schemas) {
  out["column_index"] = nullptr;
  out["column_name"] = nullptr;
  if (a.module != b.module || a.table != b.table) {
    out["difference"] = "table";
    out["value_a"] = a.module + "." + a.table;
    out["value_b"] = b.module + "." + b.table;
  } else if (a.operation != b.operation) {
    out["difference"] = "operation";
    out["value_a"] = sdk::to_lower_string(a.operation);
    out["value_b"] = sdk::to_lower_string(b.operation);
  } else if (!(a.row.primary_key == b.row.primary_key)) {
    out["difference"] = "primary_key";
    out["value_a"] = sdk::to_json(a.row.primary_key);
    out["value_b"] = sdk::to_json(b.row.primary_key);
  } else {
    // Value equality is bitwise for floats, as the canonical encoding is: -0.0 differs from 0.0.
    const auto& x = a.row.entries;
    const auto& y = b.row.entries;
    std::size_t column = 0;
    while (column < std::min(x.size(), y.size()) && x[column] == y[column]) ++column;
    out["difference"] = "row";
    out["column_index"] = column;
    out["column_name"] = column_name(schemas, a, column);
    out["value_a"] = value_or_null(x, column);
    out["value_b"] = value_or_null(y, column);
  }
}

}  // namespace

// Built from the decoded values rather than by parsing append_record_json's text: Boost.JSON
// 1.81 rounds some doubles it parses to the neighbouring value, and a divergence report must show
// the bits that differ.
json::value record_json(const sdk::ScannedRecord& record) {
  const sdk::Transaction& tx = record.transaction();
  return json::object{{"index", tx.index},
                      {"offset", tx.offset},
                      {"module_id", tx.module},
                      {"table_name", tx.table},
                      {"operation", sdk::to_lower_string(tx.operation)},
                      {"timestamp", tx.timestamp ? json::value(*tx.timestamp) : json::value(nullptr)},
                      {"data_hash", sdk::data_hash(record.view().row)},
                      {"primary_key", sdk::to_json(tx.row.primary_key)},
                      {"row", sdk::to_json(tx.row)},
                      {"old_row", tx.old_row ? sdk::to_json(*tx.old_row) : json::value(nullptr)}};
}

json::object divergence_json(const sdk::ScannedRecord* a, const sdk::ScannedRecord* b,
                             const std::vector<sdk::ModuleSchema>& schemas) {
  const sdk::ScannedRecord& some = a ? *a : *b;
  json::object out;
  out["index"] = some.view().index;
  out["offset_a"] = a ? json::value(a->view().offset) : json::value(nullptr);
  out["offset_b"] = b ? json::value(b->view().offset) : json::value(nullptr);
  out["module_id"] = some.view().module;
  out["table_name"] = some.view().table;
  out["primary_key"] = sdk::to_json(some.transaction().row.primary_key);
  if (a && b) {
    describe_difference(out, a->transaction(), b->transaction(), schemas);
  } else {
    out["difference"] = "missing_record";
    out["column_index"] = nullptr;
    out["column_name"] = nullptr;
    out["value_a"] = nullptr;
    out["value_b"] = nullptr;
  }
  out["record_a"] = a ? record_json(*a) : json::value(nullptr);
  out["record_b"] = b ? record_json(*b) : json::value(nullptr);
  return out;
}

}  // namespace interstice::determinism
