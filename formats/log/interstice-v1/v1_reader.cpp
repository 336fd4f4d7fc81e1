// V1Reader (see v1_reader.hpp). One `window()` call per record in the common case: a record
// nearly always fits in the bytes the first call returns, and only a longer one (or one that
// straddles the end of LogInput's block) costs a second call.
#include "v1_reader.hpp"

#include "bincode_decode.hpp"
#include "bincode_json.hpp"
#include "bincode_walk.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/util/record_location.hpp"

#include <algorithm>
#include <cstring>

namespace interstice::v1_codec {

namespace {

/// Bytes asked for per record. `window()` hands out everything up to the end of its block
/// anyway, so this only decides when the block is refilled: a record that starts closer than
/// this to the block's end makes LogInput move that tail to the front and read on. Enough for
/// nearly every record; a longer one costs a second `window()` call. Not much more, because each
/// refill moves up to this many bytes, and with small blocks that happens on every record.
constexpr std::size_t kWindow = std::size_t{4} << 10;

}  // namespace

ParseStatus V1Reader::parse_at(std::uint64_t offset, sdk::ByteSpan& bytes, RecordLayout& layout,
                               ParseFailure& failure) {
  // Asking for no more than the file holds keeps `window()` on its fast path near the end.
  std::size_t wanted = static_cast<std::size_t>(std::min<std::uint64_t>(kWindow, input_.remaining(offset)));
  for (;;) {
    bytes = input_.window(offset, wanted);
    // Re-read after every window: LogInput lowers its size when the file shrank under it.
    const std::uint64_t file_left = std::max<std::uint64_t>(input_.remaining(offset), bytes.size());
    const ParseStatus status = parse_record(bytes.data(), bytes.size(), file_left, layout, failure);
    if (status != ParseStatus::need_more) return status;
    // A record longer than the window: ask for as much as the check needs. need_more is only
    // returned for lengths the file holds, and each round either gets the bytes or learns that
    // the file is shorter, so this ends.
    wanted = static_cast<std::size_t>(failure.need);
  }
}

V1Reader::V1Reader(sdk::LogInput& input) : input_(input), resync_(input), pipeline_(input, checks_) {}

bool V1Reader::next(sdk::TransactionView& record) {
  if (damage_) return false;
  // While the pipeline runs, its worker reads through input_ on another thread; this thread
  // then leaves input_ alone (no window, no refresh) until the pipeline is stopped.
  if (pipeline_.use_at(position_, index_)) {
    const unsigned char* bytes;
    std::size_t size;
    const void* tail;
    sdk::RecordPipeline::PassedOver passed;
    const bool got = pipeline_.next(bytes, size, tail, passed);
    position_ += passed.bytes;  // records the selection did not want (select)
    index_ += passed.records;
    RecordLayout layout;
    if (got && intact_layout(bytes, size, *static_cast<const CheckedTail*>(tail), layout)) [[likely]] {
      fill_view(record, sdk::ByteSpan(bytes, size), layout);
      position_ += size;
      ++index_;
      return true;
    }
    pipeline_.stop(position_);
  }
  return next_sequential(record);
}

std::uint64_t V1Reader::tally(sdk::RecordTally& tally) {
  if (damage_) return 0;
  const auto counted = pipeline_.tally(position_, index_, tally);
  if (counted.records != 0) last_row_ = nullptr;  // no view of the records counted was handed out
  position_ = counted.end;
  index_ += counted.records;
  return counted.records;
}

std::optional<std::uint64_t> V1Reader::select(const sdk::RecordSelection& selection) {
  pipeline_.select(selection, position_);
  return index_;
}

void V1Reader::seek(std::uint64_t offset, std::uint64_t index) {
  pipeline_.defer(offset);  // a seek is often followed by a short read: no thread for it
  if (offset < position_) resync_.reset();
  position_ = offset;
  index_ = index;
  damage_.reset();
  last_row_ = nullptr;
}

bool V1Reader::next_sequential(sdk::TransactionView& record) {
  if (input_.remaining(position_) == 0) return false;
  sdk::ByteSpan bytes;
  RecordLayout layout;
  ParseFailure failure;
  const ParseStatus status = parse_at(position_, bytes, layout, failure);
  if (status != ParseStatus::ok) [[unlikely]] {
    damage_ = sdk::LogDamage{index_, position_, describe(failure), status == ParseStatus::truncated};
    return false;
  }
  fill_view(record, bytes, layout);
  position_ += layout.size;
  ++index_;
  return true;
}

void V1Reader::fill_view(sdk::TransactionView& view, sdk::ByteSpan bytes, const RecordLayout& layout) {
  describe_record(bytes, layout, view);
  view.index = index_;
  view.offset = position_;
  last_row_ = view.row.data();
  last_offset_ = view.offset;
  last_row_used_ = layout.row_used;
  last_row_key_used_ = layout.row_key_used;
  last_old_row_used_ = layout.old_row_used;
  last_old_row_key_used_ = layout.old_row_key_used;
}

std::optional<std::uint64_t> V1Reader::next_candidate(std::uint64_t from) {
  const std::uint64_t size = input_.size();
  while (from + kFixedRecordBytes <= size) {
    const auto bytes = input_.window(from, static_cast<std::size_t>(std::min<std::uint64_t>(kWindow, size - from)));
    if (bytes.size() < 2) return std::nullopt;  // the file shrank
    const unsigned char* begin = bytes.data();
    const unsigned char* last = begin + bytes.size() - 1;  // a hit needs the byte after it too
    for (const unsigned char* at = begin; at < last;) {
      const auto* hit =
          static_cast<const unsigned char*>(std::memchr(at, kVersion, static_cast<std::size_t>(last - at)));
      if (!hit) break;
      if (hit[1] >= 1 && hit[1] <= 3) return from + static_cast<std::uint64_t>(hit - begin);
      at = hit + 1;
    }
    from += bytes.size() - 1;  // the last byte may start a record whose type is in the next window
  }
  return std::nullopt;
}

bool V1Reader::resynchronize() {
  if (!damage_) return false;
  // Every offset after the damaged record's first byte is a possible start; a start counts
  // only when a whole record parses there and its CRC verifies, which random bytes practically
  // never do. The scan ends at the end of the file. The filter keeps it linear in the file
  // (v1_resync.hpp): only candidates it cannot rule out are parsed in full.
  for (auto candidate = next_candidate(damage_->offset + 1); candidate; candidate = next_candidate(*candidate + 1)) {
    if (!resync_.may_start_record(*candidate)) continue;
    sdk::ByteSpan bytes;
    RecordLayout layout;
    ParseFailure failure;
    if (parse_at(*candidate, bytes, layout, failure) == ParseStatus::ok) {
      position_ = *candidate;
      index_ = damage_->index + 1;
      damage_.reset();
      return true;
    }
  }
  return false;
}

sdk::Transaction V1Reader::decode(const sdk::TransactionView& record) const {
  sdk::Transaction transaction;
  transaction.index = record.index;
  transaction.offset = record.offset;
  transaction.size = record.size;
  transaction.operation = record.operation;
  transaction.module = std::string(record.module);
  transaction.table = std::string(record.table);
  transaction.timestamp = record.timestamp;
  transaction.checksum = record.checksum;
  sdk::at_record(input_, record, [&] {
    transaction.row = decode_row(record.row, "row");
    if (record.has_old_row) transaction.old_row = decode_row(record.old_row, "old_row");
  });
  return transaction;
}

bool V1Reader::canonical_row(const sdk::TransactionView& record, sdk::RowPart part,
                             sdk::CanonicalRowBytes& out) const {
  if (part == sdk::RowPart::old_row && !record.has_old_row) return false;
  const sdk::ByteSpan bytes = part == sdk::RowPart::old_row ? record.old_row : record.row;
  // The record `next` returned last: its rows' extents are known from checking it, no walk needed.
  const bool is_row = part == sdk::RowPart::row;
  const std::size_t used = is_row ? last_row_used_ : last_old_row_used_;
  const std::size_t key_used = is_row ? last_row_key_used_ : last_old_row_key_used_;
  const bool known = last_row_ && record.row.data() == last_row_ && record.offset == last_offset_ && used <= bytes.size() &&
                     key_used <= used;
  const auto extent = known ? std::optional(RowExtent{key_used, used}) : row_extent(bytes.data(), bytes.size());
  if (!extent)  // `next` validated these bytes; a view made by hand may not be a row
    throw sdk::Error::input("row is not a valid bincode Row",
                            sdk::Location::at_record(input_.display_name(), record.index, record.offset));
  out.row = bytes.first(extent->row_size);
  out.key_size = extent->key_size;
  out.key_only = false;
  return true;
}

void V1Reader::append_json(const sdk::TransactionView& record, sdk::RowPart part, std::string& out,
                           sdk::JsonQuoting quoting) const {
  sdk::at_record(input_, record, [&] {
    switch (part) {
      case sdk::RowPart::primary_key: append_row_json(record.row, true, "row", out, quoting); return;
      case sdk::RowPart::row: append_row_json(record.row, false, "row", out, quoting); return;
      case sdk::RowPart::old_row:
        if (record.has_old_row)
          append_row_json(record.old_row, false, "old_row", out, quoting);
        else
          out += "null";
        return;
    }
  });
}

void V1Reader::append_key_and_row(const sdk::TransactionView& record, std::string_view between, std::string& out,
                                  sdk::JsonQuoting quoting) const {
  sdk::at_record(input_, record, [&] { append_key_and_row_json(record.row, between, "row", out, quoting); });
}

}  // namespace interstice::v1_codec
