// Counting records by operation, module and table.
#include "log_statistics.hpp"

#include <algorithm>

namespace interstice::log_inspect {

namespace {

std::size_t cache_slot(std::string_view module, std::string_view table, std::size_t slots) {
  std::size_t hash = module.size() * 31 + table.size();
  if (!table.empty()) hash = hash * 131 + static_cast<unsigned char>(table.front()) * 7 + static_cast<unsigned char>(table.back());
  if (!module.empty()) hash = hash * 131 + static_cast<unsigned char>(module.back());
  return hash % slots;
}

}  // namespace

TableCounts& LogStatistics::counts_for(std::string_view module, std::string_view table) {
  auto& slot = cache_[cache_slot(module, table, kCacheSlots)];
  if (slot.counts && module == slot.module && table == slot.table) [[likely]] {
    last_module_counts_ = slot.module_counts;
    return *slot.counts;
  }
  auto module_it = modules_.find(module);
  if (module_it == modules_.end()) module_it = modules_.emplace(std::string(module), ModuleCounts{}).first;
  auto& tables = module_it->second.tables;
  auto table_it = tables.find(table);
  if (table_it == tables.end()) table_it = tables.emplace(std::string(table), TableCounts{}).first;
  slot = {module_it->first, table_it->first, &table_it->second, &module_it->second};
  last_module_counts_ = slot.module_counts;
  return table_it->second;
}

void LogStatistics::add(const sdk::TransactionView& record) {
  auto& counts = counts_for(record.module, record.table);
  ++counts.by_operation[static_cast<std::size_t>(record.operation)];
  ++last_module_counts_->total;
  ++valid_;
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
