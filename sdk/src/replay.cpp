// Replay: the live-row bookkeeping and the anomaly rules of replay.hpp, mirroring the reference
// encoder's facts (shared/oracle/src/facts.rs) rule for rule.
#include "interstice/sdk/replay.hpp"

#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/value_json.hpp"

#include <type_traits>
#include <utility>

namespace interstice::sdk {

bool TableReplay::put(std::string key, Row row) {
  if (auto found = index_.find(key); found != index_.end()) {
    found->second->row = std::move(row);
    return false;
  }
  rows_.push_back({std::move(key), std::move(row)});
  auto last = std::prev(rows_.end());
  index_.emplace(std::string_view(last->key), last);
  return true;
}

bool TableReplay::erase(std::string_view key) {
  auto found = index_.find(key);
  if (found == index_.end()) return false;
  auto node = found->second;
  index_.erase(found);  // before the node goes: the map's key views its string
  rows_.erase(node);
  return true;
}

const Row* TableReplay::find(std::string_view key) const {
  auto found = index_.find(key);
  return found == index_.end() ? nullptr : &found->second->row;
}

TableReplay& LogReplay::table_of(const std::string& module, const std::string& table) {
  if (auto found = tables_.find(std::pair<std::string_view, std::string_view>(module, table)); found != tables_.end())
    return found->second;
  return tables_.emplace(TableId{module, table}, TableReplay{}).first->second;
}

template <typename Record>
void LogReplay::apply_record(Record&& record) {
  ++applied_;
  auto& rows = table_of(record.module, record.table);
  std::string key = to_json_text(record.row.primary_key);
  // The row a put keeps: moved out of an rvalue record, copied from an lvalue, never built at
  // all when only keys are kept.
  auto kept_row = [&]() -> Row {
    if (!keep_rows_) return {};
    if constexpr (std::is_rvalue_reference_v<Record&&>)
      return std::move(record.row);
    else
      return record.row;
  };
  using A = ReplayAnomalies;
  switch (record.operation) {
    case Operation::Insert:
      ++rows.inserts_;
      if (record.old_row) count(rows, &A::old_row_on_insert_or_delete);
      if (!rows.put(std::move(key), kept_row())) count(rows, &A::insert_existing_key);
      break;
    case Operation::Update:
      ++rows.updates_;
      if (!record.old_row)
        count(rows, &A::update_without_old_row);
      else if (to_json_text(record.old_row->primary_key) != key)
        count(rows, &A::update_key_mismatch);  // the old key stays live, as the reference does
      if (rows.put(std::move(key), kept_row())) count(rows, &A::update_missing_key);
      break;
    case Operation::Delete:
      ++rows.deletes_;
      if (record.old_row) count(rows, &A::old_row_on_insert_or_delete);
      if (!rows.erase(key)) count(rows, &A::delete_missing_key);
      break;
  }
}

void LogReplay::count(TableReplay& table, std::uint64_t ReplayAnomalies::*anomaly) {
  ++(table.anomalies_.*anomaly);
  ++(anomalies_.*anomaly);
}

void LogReplay::apply(const Transaction& record) { apply_record(record); }

void LogReplay::apply(Transaction&& record) { apply_record(std::move(record)); }

const TableReplay* LogReplay::find(std::string_view module, std::string_view table) const {
  auto found = tables_.find(std::pair<std::string_view, std::string_view>(module, table));
  return found == tables_.end() ? nullptr : &found->second;
}

std::uint64_t LogReplay::live_rows_total() const noexcept {
  std::uint64_t total = 0;
  for (const auto& [id, rows] : tables_) total += rows.size();
  return total;
}

}  // namespace interstice::sdk
