// Records copied out of a reader's buffer, so other threads can work on them after the reader
// has moved on (a view is valid only until the next `next`). Each record's bytes are copied
// once into one arena and its view is pointed at the copy; a span a codec keeps outside the
// record's raw bytes is copied too. The arena never reallocates while it holds records, so the
// views stay valid until `clear`.
#pragma once

#include "interstice/sdk/log_codec.hpp"

#include <cstddef>
#include <memory>
#include <vector>

namespace interstice::sdk {

class RecordBatch {
 public:
  explicit RecordBatch(std::size_t capacity) : capacity_(capacity) {}

  /// Copies `record` in when it fits beside what is already here, and says whether it did.
  /// An empty batch takes any record (growing for one bigger than its capacity).
  bool add(const TransactionView& record);

  bool empty() const { return views_.empty(); }
  std::size_t size() const { return views_.size(); }
  std::size_t bytes() const { return used_; }
  const TransactionView& operator[](std::size_t i) const { return views_[i]; }

  void clear() {
    views_.clear();
    used_ = 0;
    if (allocated_ > 4 * capacity_) {  // grown for one huge record: give that memory back
      arena_.reset();
      allocated_ = 0;
    }
  }

 private:
  static std::size_t bytes_needed(const TransactionView& record);
  const unsigned char* copy(const unsigned char* data, std::size_t size);

  std::unique_ptr<unsigned char[]> arena_;
  std::size_t capacity_;
  std::size_t allocated_ = 0;
  std::size_t used_ = 0;
  std::vector<TransactionView> views_;
};

}  // namespace interstice::sdk
