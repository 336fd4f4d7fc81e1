// Counting records by operation, module and table, through a flat hash table of the (module,
// table) pairs seen (see log_statistics.hpp).
#include "log_statistics.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace interstice::log_inspect {

namespace {

/// Two words that, for names of the same length up to 16 bytes, are equal exactly when the
/// names are (overlapping loads cover every byte); read inside the name's bytes only.
[[gnu::always_inline]] inline std::pair<std::uint64_t, std::uint64_t> words_of(std::string_view text) {
  const char* p = text.data();
  const std::size_t n = text.size();
  std::uint64_t first = 0, last = 0;
  if (n >= 8) {
    std::memcpy(&first, p, 8);
    std::memcpy(&last, p + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    first = std::uint64_t{a} | std::uint64_t{b} << 32;
  } else if (n > 0) {
    const auto byte = [&](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])}; };
    first = byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16;
  }
  return {first, last};
}

/// Only a few bytes and the lengths: enough to spread a log's tables over the slots, and
/// cheaper than hashing the names (the compare on a hit reads them anyway).
[[gnu::always_inline]] inline std::size_t hash_of(std::string_view module, std::string_view table) {
  const auto at = [](std::string_view text, std::size_t i) { return std::uint64_t{static_cast<unsigned char>(text[i])}; };
  std::uint64_t key = std::uint64_t{module.size()} << 40 | std::uint64_t{table.size()} << 32;
  if (!table.empty()) key |= at(table, 0) << 24 | at(table, table.size() / 2) << 16 | at(table, table.size() - 1) << 8;
  if (!module.empty()) key |= at(module, module.size() - 1) | at(module, 0) << 48;
  return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15u) >> 32);
}

/// Equal names, without a call for the short ones.
[[gnu::always_inline]] inline bool same(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.size() <= 16) {
    const auto [a1, a2] = words_of(a);
    const auto [b1, b2] = words_of(b);
    return a1 == b1 && a2 == b2;
  }
  return std::memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

TableCounts& LogStatistics::counts_for(std::string_view module, std::string_view table) {
  if (in_a_run_ && same(last_slot_->table, table) && same(last_slot_->module, module)) {
    last_module_counts_ = last_slot_->module_counts;
    return *last_slot_->counts;
  }
  const std::size_t hash = hash_of(module, table);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (!slot.counts) return insert(module, table, hash);
    if (same(slot.table, table) && same(slot.module, module)) [[likely]] {
      last_module_counts_ = slot.module_counts;
      in_a_run_ = &slot == last_slot_;
      last_slot_ = &slot;
      return *slot.counts;
    }
  }
}

TableCounts& LogStatistics::insert(std::string_view module, std::string_view table, std::size_t hash) {
  auto module_it = modules_.find(module);
  if (module_it == modules_.end()) module_it = modules_.emplace(std::string(module), ModuleCounts{}).first;
  auto& tables = module_it->second.tables;
  auto table_it = tables.find(table);
  if (table_it == tables.end()) table_it = tables.emplace(std::string(table), TableCounts{}).first;
  const Slot entry{module_it->first, table_it->first, &table_it->second, &module_it->second};
  if (2 * (used_ + 1) > slots_.size()) {  // keep it at most half full: probes stay short
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    used_ = 0;
    for (const Slot& moved : old)
      if (moved.counts) {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = hash_of(moved.module, moved.table) & mask;
        while (slots_[i].counts) i = (i + 1) & mask;
        slots_[i] = moved;
        ++used_;
      }
  }
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].counts) i = (i + 1) & mask;
  slots_[i] = entry;
  ++used_;
  last_module_counts_ = entry.module_counts;
  last_slot_ = &slots_[i];
  in_a_run_ = false;
  return *entry.counts;
}

void LogStatistics::add(const sdk::TransactionView& record) {
  auto& counts = counts_for(record.module, record.table);
  ++counts.by_operation[static_cast<std::size_t>(record.operation)];
  ++last_module_counts_->total;
  ++valid_;
  if (record.timestamp) {
    if (record.index < first_timestamp_index_) {
      first_timestamp_ = record.timestamp;
      first_timestamp_index_ = record.index;
    }
    if (!last_timestamp_ || record.index >= last_timestamp_index_) {
      last_timestamp_ = record.timestamp;
      last_timestamp_index_ = record.index;
    }
  }
  if (record.checksum == sdk::ChecksumStatus::valid) ++checksums_verified_;
  min_size_ = std::min(min_size_, record.size);
  max_size_ = std::max(max_size_, record.size);
  record_bytes_ += record.size;
}

void LogStatistics::merge(const sdk::RecordTally& tally) {
  const auto& other = dynamic_cast<const LogStatistics&>(tally);
  for (const auto& [module, module_counts] : other.modules_) {
    for (const auto& [table, table_counts] : module_counts.tables) {
      auto& counts = counts_for(module, table);
      for (std::size_t i = 0; i < 3; ++i) counts.by_operation[i] += table_counts.by_operation[i];
    }
    modules_.find(module)->second.total += module_counts.total;  // counts_for made it
  }
  // Damage is not merged: the cursor reports it on the caller's thread, to the caller's tally.
  valid_ += other.valid_;
  if (other.first_timestamp_ && other.first_timestamp_index_ < first_timestamp_index_) {
    first_timestamp_ = other.first_timestamp_;
    first_timestamp_index_ = other.first_timestamp_index_;
  }
  if (other.last_timestamp_ && (!last_timestamp_ || other.last_timestamp_index_ >= last_timestamp_index_)) {
    last_timestamp_ = other.last_timestamp_;
    last_timestamp_index_ = other.last_timestamp_index_;
  }
  checksums_verified_ += other.checksums_verified_;
  min_size_ = std::min(min_size_, other.min_size_);
  max_size_ = std::max(max_size_, other.max_size_);
  record_bytes_ += other.record_bytes_;
}

std::array<std::uint64_t, 3> LogStatistics::by_operation() const {
  std::array<std::uint64_t, 3> totals{};
  for (const auto& [module, counts] : modules_)
    for (const auto& [table, table_counts] : counts.tables)
      for (std::size_t i = 0; i < 3; ++i) totals[i] += table_counts.by_operation[i];
  return totals;
}

}  // namespace interstice::log_inspect
