// Resynchronisation in time linear in the file (issue 12): after damage, every offset holding a
// version byte and a type byte is a candidate record start, and a candidate counts only when the
// whole record it claims is intact. Parsing each candidate in full costs up to the length it
// claims, and a crafted file makes millions of overlapping candidates each claim megabytes that
// fit in the file and are valid UTF-8 (16 MB took hours). So a candidate is first judged on at
// most kInHand bytes; one that claims more is framed by its four length fields alone (three
// small reads), and its checksum is compared using a table of prefix CRCs (v1_crc_range.hpp),
// in O(kStride) whatever its length. Only a candidate whose CRC verifies (a real record, or a
// forged one) is then parsed in full. The answer is the same as parsing every candidate in full.
#pragma once

#include "v1_crc_range.hpp"

#include "interstice/sdk/log_input.hpp"

#include <cstdint>

namespace interstice::v1_codec {

class ResyncFilter {
 public:
  /// Candidates are judged on this many bytes at most before the long path.
  static constexpr std::size_t kInHand = 512;

  explicit ResyncFilter(sdk::LogInput& input) : input_(input), crc_(input), lengths_(input) {}

  /// False when no intact record can start at `offset`; true when one may (then parse it). Calls
  /// for one scan come with increasing offsets. Uses `input.window`, so spans from it end.
  bool may_start_record(std::uint64_t offset);
  /// The reader moved backwards (seek): the prefix CRCs start again.
  void reset() { crc_.reset(); }

 private:
  sdk::LogInput& input_;
  RangeCrc crc_;
  ByteCache lengths_;
};

}  // namespace interstice::v1_codec
