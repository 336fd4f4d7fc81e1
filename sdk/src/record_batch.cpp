// See record_batch.hpp.
#include "record_batch.hpp"

#include <algorithm>
#include <cstring>

namespace interstice::sdk {

namespace {

bool inside(const unsigned char* data, std::size_t size, ByteSpan raw) {
  return size == 0 || (data >= raw.data() && data + size <= raw.data() + raw.size());
}

const unsigned char* bytes_of(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

}  // namespace

std::size_t RecordBatch::bytes_needed(const TransactionView& record) {
  std::size_t bytes = record.raw.size();
  const auto outside = [&](const unsigned char* data, std::size_t size) {
    if (!inside(data, size, record.raw)) bytes += size;
  };
  outside(bytes_of(record.module), record.module.size());
  outside(bytes_of(record.table), record.table.size());
  outside(record.row.data(), record.row.size());
  outside(record.old_row.data(), record.old_row.size());
  return bytes;
}

const unsigned char* RecordBatch::copy(const unsigned char* data, std::size_t size) {
  unsigned char* to = arena_.get() + used_;
  if (size) std::memcpy(to, data, size);
  used_ += size;
  return to;
}

bool RecordBatch::pinned(const TransactionView& record) {
  const auto within = [](const detail::MappingPin& pin, const unsigned char* data, std::size_t size) {
    return size == 0 || (data >= pin.begin() && data + size <= pin.end());
  };
  const auto all_within = [&](const detail::MappingPin& map) {
    return within(map, record.raw.data(), record.raw.size()) &&
           within(map, bytes_of(record.module), record.module.size()) &&
           within(map, bytes_of(record.table), record.table.size()) &&
           within(map, record.row.data(), record.row.size()) &&
           within(map, record.old_row.data(), record.old_row.size());
  };
  if (!pins_.empty() && within(pins_.back(), record.raw.data(), record.raw.size())) return all_within(pins_.back());
  // A batch pins a few maps at most: small blocks (many maps a batch) would otherwise hold the
  // SIGBUS guard's slots, and a map that finds none is read instead (log_input.cpp).
  if (unmapped_ || pins_.size() == kMaxPins) return false;
  detail::MappingPin pin = detail::MappingPin::of(record.raw.data(), record.raw.size());
  if (!pin) {
    unmapped_ = true;  // a reader reading into a buffer: no map to look for until `clear`
    return false;
  }
  if (!all_within(pin)) return false;  // spans elsewhere: copied, and the pin dropped
  pins_.push_back(std::move(pin));
  return true;
}

bool RecordBatch::add(const TransactionView& record) {
  if (!empty() && held_ + record.raw.size() > capacity_) return false;
  if (!record.raw.empty() && pinned(record)) {
    TransactionView& kept = views_.emplace_back(record);
    // As in a copy, an empty span points at the record, never elsewhere in the reader's memory.
    if (kept.module.empty()) kept.module = {reinterpret_cast<const char*>(kept.raw.data()), 0};
    if (kept.table.empty()) kept.table = {reinterpret_cast<const char*>(kept.raw.data()), 0};
    if (kept.row.empty()) kept.row = {kept.raw.data(), 0};
    if (kept.old_row.empty()) kept.old_row = {kept.raw.data(), 0};
    held_ += record.raw.size();
    return true;
  }
  const std::size_t needed = bytes_needed(record);
  if (!empty() && held_ + needed > capacity_) return false;
  if (used_ == 0 && std::max(needed, capacity_) > allocated_) {
    // Only an arena no view points into grows (a record bigger than the batch gets a batch of
    // its own), so no view ever points into a freed arena. Past here used_ + needed fits:
    // used_ <= held_, and held_ + needed <= capacity_ unless the batch is empty.
    const std::size_t size = std::max(needed, capacity_);
    arena_ = std::make_unique_for_overwrite<unsigned char[]>(size);
    allocated_ = size;
  }
  held_ += needed;
  TransactionView copy_view = record;
  const unsigned char* raw = copy(record.raw.data(), record.raw.size());
  copy_view.raw = {raw, record.raw.size()};
  // Each span inside the raw bytes moves with them; any other is copied after them. An empty
  // span points at the copy too, never back into the reader's buffer.
  const auto moved = [&](const unsigned char* data, std::size_t size) -> const unsigned char* {
    if (size == 0) return raw;
    if (inside(data, size, record.raw)) return raw + (data - record.raw.data());
    return copy(data, size);
  };
  copy_view.module = {reinterpret_cast<const char*>(moved(bytes_of(record.module), record.module.size())),
                      record.module.size()};
  copy_view.table = {reinterpret_cast<const char*>(moved(bytes_of(record.table), record.table.size())),
                     record.table.size()};
  copy_view.row = {moved(record.row.data(), record.row.size()), record.row.size()};
  copy_view.old_row = {moved(record.old_row.data(), record.old_row.size()), record.old_row.size()};
  views_.push_back(copy_view);
  return true;
}

}  // namespace interstice::sdk
