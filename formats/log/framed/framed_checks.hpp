// The framed codec's part of the SDK's two-thread record pipeline
// (interstice/sdk/util/record_pipeline.hpp): framing a chunk by the u32 length prefixes alone,
// and checking each payload with the validating walk, the same one the sequential path runs.
#pragma once

#include "generation.hpp"

#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/util/record_pipeline.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace interstice::framed {

/// A frame's length prefix (spec §2: u32, little-endian).
inline std::uint32_t load_u32_le(const unsigned char* bytes) {
  return static_cast<std::uint32_t>(bytes[0]) | static_cast<std::uint32_t>(bytes[1]) << 8 |
         static_cast<std::uint32_t>(bytes[2]) << 16 | static_cast<std::uint32_t>(bytes[3]) << 24;
}

/// Where the walk found a record's parts, as offsets into its payload, noted by the thread that
/// checked the record so that the hand-out reads only the names.
struct alignas(8) CheckedTail {
  std::uint32_t module_at = 0, module_size = 0;
  std::uint32_t table_at = 0, table_size = 0;
  std::uint32_t row_begin = 0, row_end = 0;
  sdk::Operation operation = sdk::Operation::Insert;
};

class FramedRecordChecks final : public sdk::RecordChecks {
 public:
  /// The bytes of the u32 length before each payload.
  static constexpr std::size_t kPrefix = 4;

  explicit FramedRecordChecks(const Generation& generation) : generation_(generation) {}

  std::size_t tail_bytes() const override { return sizeof(CheckedTail); }
  void frame(const unsigned char* data, std::size_t size, std::vector<std::uint32_t>& starts) const override;
  std::size_t check(const sdk::ChunkRecords& chunk, std::size_t from, std::size_t to,
                    unsigned char* tails) const override;
  bool view(const unsigned char* record, std::size_t size, const void* tail, sdk::TransactionView& view) const override;

 private:
  const Generation& generation_;
};

/// A view's fields, all but `index` and `offset`, for the intact record `raw` (its length prefix
/// and payload) whose walk found these parts; `row_begin` and `row_end` are payload offsets.
inline void describe_record(sdk::ByteSpan raw, sdk::Operation operation, std::string_view module,
                            std::string_view table, std::size_t row_begin, std::size_t row_end,
                            sdk::TransactionView& view) {
  view.size = raw.size();
  view.operation = operation;
  view.module = module;
  view.table = table;
  view.row = raw.subspan(FramedRecordChecks::kPrefix + row_begin, row_end - row_begin);
  view.old_row = {};
  view.has_old_row = false;
  view.timestamp.reset();
  view.checksum = sdk::ChecksumStatus::absent;
  view.raw = raw;
}

}  // namespace interstice::framed
