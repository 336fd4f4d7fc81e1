// The counts log-inspect gathers in one pass: per operation, per module and table, timestamps,
// record sizes and damage. Fed with zero-copy views, so the pass never allocates per record; a
// RecordTally, so each of the reader's checking threads counts its share (record_tally.hpp) and
// the shares are merged: nothing here depends on the order the records come in.
#pragma once

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/record_tally.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace interstice::log_inspect {

struct TableCounts {
  std::array<std::uint64_t, 3> by_operation{};  // indexed by sdk::Operation
  std::uint64_t total() const { return by_operation[0] + by_operation[1] + by_operation[2]; }
};

struct ModuleCounts {
  std::map<std::string, TableCounts, std::less<>> tables;
  std::uint64_t total = 0;
};

class LogStatistics final : public sdk::RecordTally {
 public:
  LogStatistics() = default;
  // The slots point into this object's own maps: a copy's would point into the original's.
  LogStatistics(const LogStatistics&) = delete;
  LogStatistics& operator=(const LogStatistics&) = delete;

  void add(const sdk::TransactionView& record) override;
  std::unique_ptr<sdk::RecordTally> fresh() const override { return std::make_unique<LogStatistics>(); }
  void merge(const sdk::RecordTally& other) override;
  void add_damage(const sdk::LogDamage& damage) { damage_.push_back(damage); }

  std::uint64_t valid() const { return valid_; }
  const std::vector<sdk::LogDamage>& damage() const { return damage_; }
  const std::map<std::string, ModuleCounts, std::less<>>& modules() const { return modules_; }
  std::array<std::uint64_t, 3> by_operation() const;
  /// The timestamps of the first and the last record (by index) that have one.
  std::optional<std::uint64_t> first_timestamp() const { return first_timestamp_; }
  std::optional<std::uint64_t> last_timestamp() const { return last_timestamp_; }
  std::uint64_t checksums_verified() const { return checksums_verified_; }
  std::uint64_t min_record_size() const { return valid_ ? min_size_ : 0; }
  std::uint64_t max_record_size() const { return max_size_; }
  std::uint64_t record_bytes() const { return record_bytes_; }

 private:
  TableCounts& counts_for(std::string_view module, std::string_view table);

  std::map<std::string, ModuleCounts, std::less<>> modules_;
  std::vector<sdk::LogDamage> damage_;
  std::uint64_t valid_ = 0;
  std::optional<std::uint64_t> first_timestamp_;
  std::optional<std::uint64_t> last_timestamp_;
  std::uint64_t first_timestamp_index_ = UINT64_MAX;  // the records they came from
  std::uint64_t last_timestamp_index_ = 0;
  std::uint64_t checksums_verified_ = 0;
  std::uint64_t min_size_ = UINT64_MAX;
  std::uint64_t max_size_ = 0;
  std::uint64_t record_bytes_ = 0;
  // Every (module, table) seen, in a flat open-addressing table keyed by a hash of the names:
  // a record costs one hash, one probe and two short compares, never a map lookup (a
  // direct-mapped cache thrashed when two busy tables shared a slot). The views point at the
  // map keys, which never move.
  struct Slot {
    std::string_view module, table;
    TableCounts* counts = nullptr;
    ModuleCounts* module_counts = nullptr;
  };
  TableCounts& insert(std::string_view module, std::string_view table, std::size_t hash);
  std::vector<Slot> slots_ = std::vector<Slot>(64);  // a power of two, at most half full
  std::size_t used_ = 0;
  ModuleCounts* last_module_counts_ = nullptr;
  /// The slot the last record counted into, tried first while the records come in a run of one
  /// table (the last two went to the same slot: a framed log's records mostly do), so a hit
  /// skips the hash; a log whose tables come in no order (v1's twelve) does not pay for a
  /// compare that fails. Set where a lookup finds or makes a slot.
  const Slot* last_slot_ = nullptr;
  bool in_a_run_ = false;
};

}  // namespace interstice::log_inspect
