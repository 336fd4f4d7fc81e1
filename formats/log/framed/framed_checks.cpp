// Framing and checking one chunk for the record pipeline (see framed_checks.hpp).
#include "framed_checks.hpp"

#include "framed_walk.hpp"

#include <new>
#include <span>

namespace interstice::framed {

void FramedRecordChecks::frame(const unsigned char* data, std::size_t size, std::vector<std::uint32_t>& starts) const {
  sdk::frame_records(data, size, starts, [](const unsigned char* record, std::size_t left) -> std::uint64_t {
    return left < kPrefix ? 0 : kPrefix + std::uint64_t{load_u32_le(record)};
  });
}

std::size_t FramedRecordChecks::check(const sdk::ChunkRecords& chunk, std::size_t from, std::size_t to,
                                      unsigned char* tails) const {
  for (std::size_t i = from; i < to; ++i) {
    const unsigned char* payload = chunk.bytes + chunk.starts[i] + kPrefix;
    const std::size_t size = chunk.starts[i + 1] - chunk.starts[i] - kPrefix;
    WalkedTransaction shape;
    DecodeError error;
    if (!walk_transaction(std::span(payload, size), generation_, shape, error)) [[unlikely]] return i;
    const auto at = [&](std::string_view text) {
      return static_cast<std::uint32_t>(reinterpret_cast<const unsigned char*>(text.data()) - payload);
    };
    // Made in place, field by field: a tail built on the stack and copied over was read back
    // wider than it was written, which stalled every record on the store buffer.
    auto* tail = new (tails + i * sizeof(CheckedTail)) CheckedTail;
    tail->module_at = at(shape.module);
    tail->module_size = static_cast<std::uint32_t>(shape.module.size());
    tail->table_at = at(shape.table);
    tail->table_size = static_cast<std::uint32_t>(shape.table.size());
    tail->row_begin = static_cast<std::uint32_t>(shape.row_begin);
    tail->row_end = static_cast<std::uint32_t>(shape.row_end);
    tail->operation = shape.operation;
  }
  return to;
}

bool FramedRecordChecks::view(const unsigned char* record, std::size_t size, const void* tail,
                              sdk::TransactionView& view) const {
  // The length prefix read now must still frame the record that was checked: a file cut under
  // the reader after the check reads as zeros past its end (mapped_bytes.cpp), and then the
  // sequential reader meets the damage and the cursor reports the cut.
  if (load_u32_le(record) != size - kPrefix) [[unlikely]] return false;
  // `check` made the tail with placement new in the pipeline's buffer of words.
  const auto& checked = *std::launder(static_cast<const CheckedTail*>(tail));
  const auto text = [&](std::uint32_t at, std::uint32_t n) {
    return std::string_view(reinterpret_cast<const char*>(record + kPrefix + at), n);
  };
  describe_record(sdk::ByteSpan(record, size), checked.operation, text(checked.module_at, checked.module_size),
                  text(checked.table_at, checked.table_size), checked.row_begin, checked.row_end, view);
  return true;
}

}  // namespace interstice::framed
