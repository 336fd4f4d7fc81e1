// Framing and checking one chunk for the record pipeline (see v1_record_checks.hpp).
#include "v1_record_checks.hpp"

#include <cstring>

namespace interstice::v1_codec {

void V1RecordChecks::frame(const unsigned char* data, std::size_t size, std::vector<std::uint32_t>& starts) const {
  sdk::frame_records(data, size, starts, [](const unsigned char* record, std::size_t left) -> std::uint64_t {
    if (left < kFixedRecordBytes) return 0;
    // version, type, then four (u32 length, bytes) fields, timestamp, checksum; 64-bit sums
    // cannot overflow.
    std::uint64_t end = 2;
    for (int field = 0; field < 4; ++field) {
      if (end + 4 > left) return 0;
      end += 4 + std::uint64_t{load_u32(record + end)};
    }
    return end + 8 + 4;
  });
}

std::size_t V1RecordChecks::check(const sdk::ChunkRecords& chunk, std::size_t from, std::size_t to,
                                  unsigned char* tails) const {
  for (std::size_t i = from; i < to; ++i) {
    const std::uint32_t at = chunk.starts[i];
    RecordLayout layout;
    ParseFailure failure;
    // The bytes in hand run to the end of the chunk, as they would to the end of a block in the
    // sequential reader; an intact record is the same whichever way it was read.
    const ParseStatus status =
        parse_record(chunk.bytes + at, chunk.filled - at, chunk.file_size - (chunk.offset + at), layout, failure);
    if (status != ParseStatus::ok || layout.size != chunk.starts[i + 1] - at) [[unlikely]] return i;
    const CheckedTail tail{layout.timestamp,
                           static_cast<std::uint32_t>(layout.row_used),
                           static_cast<std::uint32_t>(layout.row_key_used),
                           static_cast<std::uint32_t>(layout.old_row_at),
                           static_cast<std::uint32_t>(layout.old_row_size),
                           static_cast<std::uint32_t>(layout.old_row_used),
                           static_cast<std::uint32_t>(layout.old_row_key_used)};
    std::memcpy(tails + i * sizeof(CheckedTail), &tail, sizeof tail);
  }
  return to;
}

bool intact_layout(const unsigned char* record, std::size_t size, const CheckedTail& tail, RecordLayout& layout) {
  layout.size = size;
  layout.type = static_cast<TypeByte>(record[1]);
  std::size_t at = 2;
  auto field = [&](std::size_t& field_at, std::size_t& field_size) {
    field_size = load_u32(record + at);
    field_at = at + 4;
    at = field_at + field_size;
  };
  field(layout.module_at, layout.module_size);
  field(layout.table_at, layout.table_size);
  field(layout.row_at, layout.row_size);
  layout.row_used = tail.row_used;
  layout.row_key_used = tail.row_key_used;
  layout.old_row_at = tail.old_row_at;
  layout.old_row_size = tail.old_row_size;
  layout.old_row_used = tail.old_row_used;
  layout.old_row_key_used = tail.old_row_key_used;
  layout.has_old_row = tail.old_row_size != 0;
  layout.timestamp = tail.timestamp;
  // `checksum` is left out: a view does not carry it.
  // (The old row's field: its u32 length, then an Option tag and the row; 12: timestamp, CRC.)
  return layout.row_at + layout.row_size + 4 + 1 + tail.old_row_size + 12 == size;
}

namespace {

sdk::Operation operation_of(TypeByte type) {
  switch (type) {
    case TypeByte::insert: return sdk::Operation::Insert;
    case TypeByte::update: return sdk::Operation::Update;
    case TypeByte::remove: return sdk::Operation::Delete;
  }
  return sdk::Operation::Insert;
}

std::string_view text_at(sdk::ByteSpan bytes, std::size_t at, std::size_t size) {
  return {reinterpret_cast<const char*>(bytes.data() + at), size};
}

}  // namespace

void describe_record(sdk::ByteSpan bytes, const RecordLayout& layout, sdk::TransactionView& view) {
  view.size = layout.size;
  view.operation = operation_of(layout.type);
  view.module = text_at(bytes, layout.module_at, layout.module_size);
  view.table = text_at(bytes, layout.table_at, layout.table_size);
  view.row = bytes.subspan(layout.row_at, layout.row_size);
  view.old_row = bytes.subspan(layout.old_row_at, layout.old_row_size);
  view.has_old_row = layout.has_old_row;
  view.timestamp = layout.timestamp;
  view.checksum = sdk::ChecksumStatus::valid;
  view.raw = bytes.first(layout.size);
}

bool V1RecordChecks::view(const unsigned char* record, std::size_t size, const void* tail,
                          sdk::TransactionView& view) const {
  RecordLayout layout;
  if (!intact_layout(record, size, *static_cast<const CheckedTail*>(tail), layout)) [[unlikely]] return false;
  describe_record(sdk::ByteSpan(record, size), layout, view);
  return true;
}

}  // namespace interstice::v1_codec
