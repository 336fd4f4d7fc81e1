// Records kept past their reader's `next`, so other threads can work on them after the reader has
// moved on (a view is valid only until the next `next`). A record whose bytes lie in a mapped
// block of the log is kept where it is: the batch pins that map (mapping_pin.hpp), which then
// outlives the reader's use of it until the batch is cleared. Any other record (bytes in a read
// buffer, spans a codec keeps outside the mapped bytes) is copied once into one arena and its
// view pointed at the copy. The arena never reallocates while it holds records, so the views stay
// valid until `clear`.
#pragma once

#include "mapping_pin.hpp"

#include "interstice/sdk/log_codec.hpp"

#include <cstddef>
#include <memory>
#include <vector>

namespace interstice::sdk {

class RecordBatch {
 public:
  explicit RecordBatch(std::size_t capacity) : capacity_(capacity) {}

  /// Keeps `record` when it fits beside what is already here (by its size, copied or not), and
  /// says whether it did. An empty batch takes any record (growing for one bigger than its
  /// capacity).
  bool add(const TransactionView& record);

  bool empty() const { return views_.empty(); }
  std::size_t size() const { return views_.size(); }
  /// The records' bytes (counted whether copied or kept in place).
  std::size_t bytes() const { return held_; }
  const TransactionView& operator[](std::size_t i) const { return views_[i]; }

  /// Drops the records and the pins that kept their maps alive.
  void clear() {
    views_.clear();
    pins_.clear();
    unmapped_ = false;
    used_ = held_ = 0;
    if (allocated_ > 4 * capacity_) {  // grown for one huge record: give that memory back
      arena_.reset();
      allocated_ = 0;
    }
  }

 private:
  static std::size_t bytes_needed(const TransactionView& record);
  const unsigned char* copy(const unsigned char* data, std::size_t size);
  /// Every byte the view refers to lies in a map this batch pins (pinning the view's map first
  /// when needed).
  bool pinned(const TransactionView& record);

  std::unique_ptr<unsigned char[]> arena_;
  std::size_t capacity_;
  std::size_t allocated_ = 0;
  std::size_t used_ = 0;  ///< of the arena
  std::size_t held_ = 0;  ///< bytes of records, copied or in place
  std::vector<TransactionView> views_;
  static constexpr std::size_t kMaxPins = 4;
  std::vector<detail::MappingPin> pins_;  ///< the last is the map records are coming from now
  bool unmapped_ = false;  ///< a record was in no map: copy the rest of the batch
};

}  // namespace interstice::sdk
