// v1's part of the SDK's two-thread record pipeline (interstice/sdk/util/record_pipeline.hpp):
// framing a chunk by the four length fields alone, and checking its records with the ordinary
// record parser, the same one the sequential reader runs.
#pragma once

#include "v1_record_parser.hpp"

#include "interstice/sdk/util/record_pipeline.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace interstice::v1_codec {

/// What the hand-out needs from the far end of an intact record, noted by the thread that checked
/// it, so that the caller's thread touches only the record's first bytes (the checking thread
/// may be the other CPU, whose cache holds the rest).
struct CheckedTail {
  std::uint64_t timestamp = 0;
  std::uint32_t row_used = 0;      ///< as in RecordLayout
  std::uint32_t row_key_used = 0;  ///< as in RecordLayout
  std::uint32_t old_row_at = 0;    ///< as in RecordLayout
  std::uint32_t old_row_size = 0;  ///< 0 exactly when there is no old row (a Row is >= 12 bytes)
  std::uint32_t old_row_used = 0;  ///< as in RecordLayout
  std::uint32_t old_row_key_used = 0;  ///< as in RecordLayout
};

class V1RecordChecks final : public sdk::RecordChecks {
 public:
  std::size_t tail_bytes() const override { return sizeof(CheckedTail); }
  void frame(const unsigned char* data, std::size_t size, std::vector<std::uint32_t>& starts) const override;
  /// The full record check (parse_record: every field, UTF-8, bincode, CRC).
  std::size_t check(const sdk::ChunkRecords& chunk, std::size_t from, std::size_t to,
                    unsigned char* tails) const override;
  bool view(const unsigned char* record, std::size_t size, const void* tail, sdk::TransactionView& view) const override;
};

/// The layout of a record that `check` found intact, rebuilt from its first length fields and
/// its tail (cheaper than storing the whole layout for every record of a chunk). False when the
/// lengths read now no longer frame the record that was checked: a file cut under the reader
/// after the check reads as zeros past its end (mapped_bytes.cpp), and then the sequential
/// reader meets the damage and the cursor reports the cut.
bool intact_layout(const unsigned char* record, std::size_t size, const CheckedTail& tail, RecordLayout& layout);

/// A view's fields, all but `index` and `offset`, for the intact record in `bytes` laid out as `layout`.
void describe_record(sdk::ByteSpan bytes, const RecordLayout& layout, sdk::TransactionView& view);

}  // namespace interstice::v1_codec
