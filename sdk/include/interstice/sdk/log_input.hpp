// A log file read front to back in large blocks, so readers never hold the whole file in
// memory and never allocate per record. Codecs ask for a window of bytes at an absolute offset;
// the buffer grows only when one record is larger than it, and never past the bytes the file
// actually has, so a corrupt length field can never cause a huge allocation.
//
// Spans returned by `window` stay valid until the next call to `window`.
#pragma once

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/transaction.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace interstice::sdk {

class INTERSTICE_SDK_API LogInput {
 public:
  static constexpr std::size_t kDefaultBlock = std::size_t{4} << 20;

  /// Opens `path` read-only; `Error::input` naming the file when it cannot. With `size_limit`
  /// the file looks at most that long (format detection reads a bounded prefix this way, so a
  /// garbage length field in a probe can never make a reader fetch the rest of a big file).
  explicit LogInput(std::filesystem::path path, std::size_t block_size = kDefaultBlock,
                    std::uint64_t size_limit = UINT64_MAX);
  ~LogInput();
  LogInput(const LogInput&) = delete;
  LogInput& operator=(const LogInput&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// The path as the user gave it, for messages.
  std::string display_name() const { return path_.string(); }
  /// The file's size when it was opened or last `refresh`ed.
  std::uint64_t size() const { return size_; }
  /// Re-reads the file's size (for `--follow`); returns true when it grew.
  bool refresh();

  /// The bytes from `offset`: at least `wanted` of them unless the file ends first, and usually
  /// more (whatever the current block holds). `wanted` above the bytes left is fine.
  ByteSpan window(std::uint64_t offset, std::size_t wanted) {
    if (offset >= buffer_start_ && offset + wanted <= buffer_start_ + buffer_fill_) [[likely]]
      return {buffer_.data() + (offset - buffer_start_), buffer_fill_ - (offset - buffer_start_)};
    return fill(offset, wanted);
  }

  /// Copies up to `size` bytes from `offset` into `out`, bypassing the block buffer, and returns
  /// how many it got: fewer at the end of `size()`, or when the file shrank (which, unlike
  /// `window`, it does not record). For codecs that keep their own buffers, such as a reader
  /// that validates several records at once on another thread: it touches nothing but the file
  /// descriptor, so it may run on one thread while another calls the const members.
  /// `Error::input` on a read error.
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
