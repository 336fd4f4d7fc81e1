// Counting records by operation, module and table.
#include "log_statistics.hpp"

#include <algorithm>

namespace interstice::log_inspect {

TableCounts& LogStatistics::counts_for(std::string_view module, std::string_view table) {
  if (last_counts_ && module == last_module_ && table == last_table_) return *last_counts_;
  auto module_it = modules_.find(module);
  if (module_it == modules_.end()) module_it = modules_.emplace(std::string(module), ModuleCounts{}).first;
  auto& tables = module_it->second.tables;
  auto table_it = tables.find(table);
  if (table_it == tables.end()) table_it = tables.emplace(std::string(table), TableCounts{}).first;
  // The map keys own stable copies of the names, so the cache can point at them.
  last_module_ = module_it->first;
  last_table_ = table_it->first;
  last_counts_ = &table_it->second;
  last_module_counts_ = &module_it->second;
  return table_it->second;
}

void LogStatistics::add(const sdk::TransactionView& record) {
  auto& counts = counts_for(record.module, record.table);
  ++counts.by_operation[static_cast<std::size_t>(record.operation)];
  ++last_module_counts_->total;
  ++valid_;
  if (damage_.empty()) valid_before_damage_ = valid_;
  if (record.timestamp) {
    if (!first_timestamp_) first_timestamp_ = record.timestamp;
    last_timestamp_ = record.timestamp;
  }
  if (record.checksum == sdk::ChecksumStatus::valid) ++checksums_verified_;
  min_size_ = std::min(min_size_, record.size);
  max_size_ = std::max(max_size_, record.size);
  record_bytes_ += record.size;
}

std::array<std::uint64_t, 3> LogStatistics::by_operation() const {
  std::array<std::uint64_t, 3> totals{};
  for (const auto& [module, counts] : modules_)
    for (const auto& [table, table_counts] : counts.tables)
      for (std::size_t i = 0; i < 3; ++i) totals[i] += table_counts.by_operation[i];
  return totals;
}

}  // namespace interstice::log_inspect
