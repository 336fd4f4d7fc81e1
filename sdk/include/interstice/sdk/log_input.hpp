// A log file read front to back in blocks, never whole nor past its end: page-cache maps (pread for `--follow`).
#pragma once

#include "interstice/sdk/detail/mapped_bytes.hpp"
#include "interstice/sdk/record_view.hpp"

#include <string>
#include <vector>

namespace interstice::sdk {

class INTERSTICE_SDK_API LogInput {
 public:
  static constexpr std::size_t kDefaultBlock = std::size_t{4} << 20;
  static constexpr std::size_t kMinMappedBlock = std::size_t{64} << 10;  ///< smaller blocks are read
  /// Opens `path` read-only (else `Error::input`); `size_limit` caps its size (for detection).
  explicit LogInput(std::filesystem::path path, std::size_t block_size = kDefaultBlock,
                    std::uint64_t size_limit = UINT64_MAX);
  ~LogInput();
  LogInput(const LogInput&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string display_name() const { return path_.string(); }  ///< as the user gave it
  std::uint64_t size() const { return size_; }  ///< when opened or last `refresh`ed
  bool refresh();  ///< re-reads the size (for `--follow`); true when the file grew
  std::uint64_t size_now() const;  ///< the file's size now, asking only the descriptor (as read_at)
  /// The bytes from `offset`: at least `wanted` unless the file ends first, usually more (the
  /// rest of the block). Valid until the next `window` or `read_without_mapping`.
  ByteSpan window(std::uint64_t offset, std::size_t wanted) {
    if (offset >= buffer_start_ && offset + wanted <= buffer_start_ + buffer_fill_) [[likely]]
      return {block_ + (offset - buffer_start_), buffer_fill_ - (offset - buffer_start_)};
    return fill(offset, wanted);
  }

  /// Copies up to `size` bytes from `offset` into `out` (fewer at the end of `size()`); touches
  /// only the descriptor, so one thread may call it while another calls the const members.
  std::size_t read_at(std::uint64_t offset, unsigned char* out, std::size_t size) const;
  /// A map of [offset, offset + size) for another thread; empty if this input reads (use read_at).
  detail::MappedBytes map(std::uint64_t offset, std::size_t size) const;
  /// pread only from now on, for a file that may shrink while read (`--follow`).
  void read_without_mapping();
  /// Where a mapped read met the end of a file cut under it (zeros from there); else UINT64_MAX.
  std::uint64_t cut_at() const { return cut_at_.load(std::memory_order_relaxed); }
  std::uint64_t remaining(std::uint64_t offset) const { return offset < size_ ? size_ - offset : 0; }

 private:
  ByteSpan fill(std::uint64_t offset, std::size_t wanted);
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0, size_limit_;
  std::size_t block_size_;
  bool maps_ = true;
  mutable std::atomic<std::uint64_t> cut_at_{UINT64_MAX};  // written by the SIGBUS handler
  const unsigned char* block_ = nullptr;  // the current block: mapped_'s or buffer_'s
  detail::MappedBytes mapped_;
  std::vector<unsigned char> buffer_;
  std::uint64_t buffer_start_ = 0;
  std::size_t buffer_fill_ = 0;
};

}  // namespace interstice::sdk
