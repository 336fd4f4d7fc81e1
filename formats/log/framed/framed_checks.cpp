// Framing and checking one chunk for the record pipeline (see framed_checks.hpp).
#include "framed_checks.hpp"

#include "framed_walk.hpp"

#include <cstring>
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
    CheckedTail tail;
    tail.module_at = at(shape.module);
    tail.module_size = static_cast<std::uint32_t>(shape.module.size());
    tail.table_at = at(shape.table);
    tail.table_size = static_cast<std::uint32_t>(shape.table.size());
    tail.row_begin = static_cast<std::uint32_t>(shape.row_begin);
    tail.row_end = static_cast<std::uint32_t>(shape.row_end);
    tail.operation = shape.operation;
    std::memcpy(tails + i * sizeof(CheckedTail), &tail, sizeof tail);
  }
  return to;
}

}  // namespace interstice::framed
