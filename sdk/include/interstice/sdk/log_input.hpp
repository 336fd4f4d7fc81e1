// A log file read front to back in large blocks: readers never hold the whole file nor allocate
// per record. The buffer grows only for a record larger than a block and never past the bytes
// the file has, so a corrupt length field cannot cause a huge allocation.
#pragma once

#include "interstice/sdk/record_view.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace interstice::sdk {

class INTERSTICE_SDK_API LogInput {
 public:
  static constexpr std::size_t kDefaultBlock = std::size_t{4} << 20;

  /// Opens `path` read-only (`Error::input` naming it when it cannot). With `size_limit` the
  /// file looks at most that long: format detection reads a bounded prefix this way.
  explicit LogInput(std::filesystem::path path, std::size_t block_size = kDefaultBlock,
                    std::uint64_t size_limit = UINT64_MAX);
  ~LogInput();
  LogInput(const LogInput&) = delete;
  LogInput& operator=(const LogInput&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string display_name() const { return path_.string(); }  ///< as the user gave it
  std::uint64_t size() const { return size_; }  ///< when opened or last `refresh`ed
  bool refresh();  ///< re-reads the size (for `--follow`); true when the file grew

  /// The bytes from `offset`: at least `wanted` unless the file ends first, usually more (the
  /// rest of the block). Valid until the next call to `window`.
  ByteSpan window(std::uint64_t offset, std::size_t wanted) {
    if (offset >= buffer_start_ && offset + wanted <= buffer_start_ + buffer_fill_) [[likely]]
      return {buffer_.data() + (offset - buffer_start_), buffer_fill_ - (offset - buffer_start_)};
    return fill(offset, wanted);
  }

  /// Copies up to `size` bytes from `offset` into `out`, bypassing the block, and returns how
  /// many it got (fewer at the end of `size()`). It touches only the file descriptor, so it may
  /// run on one thread while another calls the const members. `Error::input` on a read error.
  std::size_t read_at(std::uint64_t offset, unsigned char* out, std::size_t size) const;

  /// Bytes left in the file from `offset` (0 past the end).
  std::uint64_t remaining(std::uint64_t offset) const { return offset < size_ ? size_ - offset : 0; }

 private:
  ByteSpan fill(std::uint64_t offset, std::size_t wanted);

  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::uint64_t size_limit_;
  std::size_t block_size_;
  std::vector<unsigned char> buffer_;
  std::uint64_t buffer_start_ = 0;
  std::size_t buffer_fill_ = 0;
};

}  // namespace interstice::sdk
