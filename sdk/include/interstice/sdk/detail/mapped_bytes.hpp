// A read-only memory map of part of a log file, as LogInput hands out its blocks and codecs that
// read on other threads map their chunks. Codec authors need not read it: LogInput::window is
// the reading interface, `LogInput::map` an optional way to skip a copy.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace interstice::sdk::detail {

/// A read-only, private memory map of `size()` bytes of a file, unmapped when destroyed. Empty
/// (`data()` null) when the bytes could not be mapped. While it exists, a read of a page that
/// the file no longer has (truncated under the process: SIGBUS) finds zeros instead of killing
/// the process, and the file offset of the first such read is stored in `*cut_at` (which must
/// outlive the map) for the reader to report. Any other fault of its pages (an I/O error) ends
/// the process with a one-line error naming the file and the byte, exit status 2.
class INTERSTICE_SDK_API MappedBytes {
 public:
  MappedBytes() = default;
  /// Maps [offset, offset + size) of `fd`, which `path` names in the error above; `size` must
  /// not reach past the file's end. Empty on any failure (the caller reads instead).
  MappedBytes(int fd, const std::filesystem::path& path, std::uint64_t offset, std::size_t size,
              std::atomic<std::uint64_t>* cut_at);
  ~MappedBytes();
  MappedBytes(MappedBytes&& other) noexcept;
  MappedBytes& operator=(MappedBytes&& other) noexcept;
  MappedBytes(const MappedBytes&) = delete;
  MappedBytes& operator=(const MappedBytes&) = delete;

  const unsigned char* data() const { return data_; }
  std::size_t size() const { return size_; }
  explicit operator bool() const { return data_ != nullptr; }

 private:
  void release() noexcept;

  const unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
  void* base_ = nullptr;  ///< the page-aligned start of the mapping
  std::size_t length_ = 0;
  int guard_ = -1;  ///< the SIGBUS guard's slot for this mapping
};

}  // namespace interstice::sdk::detail
