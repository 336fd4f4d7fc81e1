// Mutated v1 records almost never carry a matching CRC-32, so a fuzzer working on raw bytes would
// stop at the checksum and never reach what comes after a record is accepted (decode, JSON,
// resynchronisation onto later records). The harnesses therefore also read a copy with every
// checksum recomputed, record after record, as far as the length fields frame whole records.
#pragma once

#include "harness.hpp"

#include "v1_format.hpp"

#include <libdeflate.h>

#include <vector>

namespace interstice::fuzz::v1 {

inline std::vector<unsigned char> with_valid_checksums(Input input) {
  std::vector<unsigned char> bytes(input.begin(), input.end());
  std::size_t at = 0;
  while (bytes.size() - at >= v1_codec::kFixedRecordBytes) {
    std::size_t end = at + 2;  // version and type, taken as they are
    bool whole = true;
    for (int field = 0; field < 4 && whole; ++field) {
      if (bytes.size() - end < 4) {
        whole = false;
        break;
      }
      const std::uint64_t length = v1_codec::load_u32(bytes.data() + end);
      end += 4;
      if (length > bytes.size() - end) whole = false;
      else end += static_cast<std::size_t>(length);
    }
    if (!whole || bytes.size() - end < 12) break;
    end += 8;  // timestamp
    const auto crc = static_cast<std::uint32_t>(libdeflate_crc32(0, bytes.data() + at, end - at));
    for (int i = 0; i < 4; ++i) bytes[end + i] = static_cast<unsigned char>(crc >> (8 * i));
    at = end + 4;
  }
  return bytes;
}

}  // namespace interstice::fuzz::v1
