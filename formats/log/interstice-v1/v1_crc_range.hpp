// The CRC-32 of any byte range of a log in O(stride) instead of O(range length), for the
// resynchronisation scan (v1_resync.hpp): it must check a checksum for each of possibly millions
// of overlapping candidate records, each claiming to span megabytes. CRC-32 is linear, so
// crc(B) = crc(A·B) ^ crc(A)·x^(8|B|) mod P (zlib's crc32_combine, solved for B): prefix CRCs
// from one origin, kept at every kStride bytes and completed from the nearest one, give any range.
#pragma once

#include "interstice/sdk/log_input.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace interstice::v1_codec {

/// x^(8n) · crc mod the CRC-32 polynomial: what appending n zero bytes does to a raw CRC.
std::uint32_t crc32_shift(std::uint32_t crc, std::uint64_t n);

/// Small reads at any offset of a LogInput, through a buffer of its own (LogInput's block is the
/// reader's; refilling it for every far read would re-read megabytes).
class ByteCache {
 public:
  static constexpr std::size_t kBytes = std::size_t{16} << 10;
  explicit ByteCache(const sdk::LogInput& input) : input_(input), buffer_(kBytes) {}
  /// `n` (≤ kBytes) bytes from `offset`, or nullptr when the file has fewer.
  const unsigned char* get(std::uint64_t offset, std::size_t n);

 private:
  const sdk::LogInput& input_;
  std::vector<unsigned char> buffer_;
  std::uint64_t start_ = 0;
  std::size_t fill_ = 0;
};

class RangeCrc {
 public:
  static constexpr std::size_t kStride = std::size_t{4} << 10;  ///< 1 KiB of table per MiB
  explicit RangeCrc(const sdk::LogInput& input) : input_(input), near_(input), far_(input) {}

  /// The CRC-32 of bytes [from, to) (`from` ≥ the first `from` asked since the last `reset`, as a
  /// forward scan asks), or nullopt when the file no longer holds them. Reads each byte of the
  /// file once for the table, plus at most 2 × kStride per call.
  std::optional<std::uint32_t> crc(std::uint64_t from, std::uint64_t to);
  /// Forgets the table (a seek backwards).
  void reset() { checkpoints_.clear(); }

 private:
  std::optional<std::uint32_t> prefix(std::uint64_t at, ByteCache& cache);
  bool extend();

  const sdk::LogInput& input_;
  ByteCache near_, far_;  ///< around `from` and around `to`: a scan reads both moving forward
  std::uint64_t origin_ = 0;
  std::vector<std::uint32_t> checkpoints_;  ///< [i]: CRC of [origin_, origin_ + i·kStride)
};

}  // namespace interstice::v1_codec
