// Keeping a log's mapped block alive after its reader has moved on, so records can be handed to
// other threads as they are instead of copied (RecordBatch, for parallel export formatting: the
// copy and its first writes to memory the formatting thread reads were a tenth of a framed export).
// A pin names the live map (mapped_bytes.cpp) that holds some bytes; while any pin of a map
// exists, the map's owner letting go of it does not unmap it (nor give up its SIGBUS guard, so a
// file cut under a pinned map still reads as zeros and is reported as cut): the last pin does.
// Internal to the SDK. Pins must be dropped before the LogInput whose map they hold is destroyed
// (the map's `cut_at` lives there), as RecordBatch's are when its batch is written.
#pragma once

#include <cstddef>

namespace interstice::sdk::detail {

class MappingPin {
 public:
  MappingPin() = default;
  /// A pin of the live map holding all of [data, data + size); empty when no map does (bytes in a
  /// read buffer, a decoded copy, or a map that found no guard slot).
  static MappingPin of(const void* data, std::size_t size);
  ~MappingPin() { release(); }
  MappingPin(MappingPin&& other) noexcept;
  MappingPin& operator=(MappingPin&& other) noexcept;
  MappingPin(const MappingPin&) = delete;
  MappingPin& operator=(const MappingPin&) = delete;

  explicit operator bool() const { return slot_ >= 0; }
  /// The whole map's bytes: anything inside stays readable while this pin lives.
  const unsigned char* begin() const { return begin_; }
  const unsigned char* end() const { return end_; }

 private:
  void release() noexcept;

  int slot_ = -1;
  const unsigned char* begin_ = nullptr;
  const unsigned char* end_ = nullptr;
};

}  // namespace interstice::sdk::detail
