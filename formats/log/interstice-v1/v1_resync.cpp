// See v1_resync.hpp.
#include "v1_resync.hpp"

#include "v1_format.hpp"
#include "v1_record_parser.hpp"

#include <algorithm>

namespace interstice::v1_codec {

bool ResyncFilter::may_start_record(std::uint64_t offset) {
  const std::uint64_t size = input_.size();
  if (offset >= size) return false;
  const std::uint64_t file_left = size - offset;
  const auto bytes = input_.window(offset, static_cast<std::size_t>(std::min<std::uint64_t>(kInHand, file_left)));
  // The first kInHand bytes: a short record is decided here, and so is a long one whose start
  // is already wrong (the parser walks the part in hand of a name or row that runs past it).
  RecordLayout layout;
  ParseFailure failure;
  const std::size_t in_hand = std::min(bytes.size(), kInHand);
  const ParseStatus status = parse_record(bytes.data(), in_hand, file_left, layout, failure);
  if (status != ParseStatus::need_more) return status == ParseStatus::ok;
  if (in_hand < 6) return true;  // not reached: need_more means the file holds more than in hand

  // Longer than in hand: the record's extent from its length fields (module_name_len is in hand;
  // table_name_len, row_len and old_row_len follow each field), then its checksum.
  std::uint64_t at = offset + 6 + load_u32(bytes.data() + 2);
  for (int field = 0; field < 3; ++field) {
    if (at + 4 > size) return false;
    const unsigned char* length = lengths_.get(at, 4);
    if (!length) return false;
    at += 4 + std::uint64_t{load_u32(length)};
  }
  const std::uint64_t checksum_at = at + 8;  // after the timestamp
  if (checksum_at + 4 > size) return false;
  const unsigned char* stored = lengths_.get(checksum_at, 4);
  if (!stored) return false;
  const auto computed = crc_.crc(offset, checksum_at);
  return computed && *computed == load_u32(stored);
}

}  // namespace interstice::v1_codec
