// Framing (spec §2, §11): u32 LE payload length, then the payload. The length is checked against
// the bytes the file has before anything is read for it, and one `window` call normally covers
// the whole record. Runs of intact records of a big file come from the record pipeline instead.
#include "framed_reader.hpp"

#include "decode_error.hpp"
#include "framed_decode.hpp"
#include "framed_json.hpp"
#include "framed_walk.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/util/record_location.hpp"

#include <fmt/format.h>


namespace interstice::framed {

namespace {

constexpr std::size_t kPrefix = FramedRecordChecks::kPrefix;
/// How far ahead of the record being read the sequential path fetches: ~15 records of 70 bytes.
constexpr std::size_t kFetchAhead = 1024;

}  // namespace

FramedReader::FramedReader(sdk::LogInput& input, const Generation& generation)
    : input_(input), generation_(generation), checks_(generation), pipeline_(input, checks_) {}

bool FramedReader::stop(std::string reason, bool incomplete, std::optional<std::uint64_t> frame_end) {
  damage_ = sdk::LogDamage{index_, position_, std::move(reason), incomplete};
  skip_to_ = frame_end;
  return false;
}

bool FramedReader::next(sdk::TransactionView& record) {
  if (damage_) return false;
  // While the pipeline runs, its worker reads through input_ on another thread; this thread
  // then leaves input_ alone (no window) until the pipeline is stopped.
  if (pipeline_.use_at(position_, index_)) {
    const unsigned char* bytes;
    std::size_t size;
    const void* tail;
    sdk::RecordPipeline::PassedOver passed;
    const bool got = pipeline_.next(bytes, size, tail, passed);
    position_ += passed.bytes;  // records the selection did not want (select)
    index_ += passed.records;
    // `view` is false when the bytes no longer frame the record the worker checked (the file
    // was cut under the reader): the sequential reader then meets the damage.
    if (got && checks_.view(bytes, size, tail, record)) [[likely]] return place(record, size);
    pipeline_.stop(position_);
  }
  return next_sequential(record);
}

bool FramedReader::next_sequential(sdk::TransactionView& record) {
  const std::uint64_t left = input_.remaining(position_);
  if (left == 0) return false;
  if (left < kPrefix) return stop(fmt::format("partial length prefix at offset {}", position_), true);

  // Usually the block already holds the whole record; otherwise ask again for exactly its size.
  auto bytes = input_.window(position_, kPrefix);
  if (bytes.size() < kPrefix)  // the file shrank under us
    return stop(fmt::format("partial length prefix at offset {}", position_), true);
  // The records ahead are read next and, when the pipeline is off (an export's formatting
  // threads hold the other CPUs), nothing else has brought them into the cache.
  if (bytes.size() > kFetchAhead) __builtin_prefetch(bytes.data() + kFetchAhead);
  const std::uint32_t length = load_u32_le(bytes.data());
  const std::uint64_t available = input_.remaining(position_) - kPrefix;
  if (length > available)
    return stop(fmt::format("truncated record at offset {}: needs {}, has {}", position_, length, available), true);
  const std::size_t size = kPrefix + length;
  if (bytes.size() < size) {
    // A frame longer than the bytes in hand is most often a length read from bytes that are not
    // a framed log at all (format detection tries every variant on every log). What is in hand is
    // walked first: a fault in those bytes themselves is the one the whole frame would report
    // (every check up to it passed on fewer bytes left, so it passes on more), and reading up to
    // 4 GiB to find it again is not needed. A walk that ran out of bytes proves nothing.
    WalkedTransaction shape;
    DecodeError error;
    if (!walk_transaction(bytes.subspan(kPrefix), generation_, shape, error) && is_fault_of_the_bytes(error.problem))
      return stop(describe(error), false, position_ + size);
    bytes = input_.window(position_, size);
    if (bytes.size() < size)
      return stop(fmt::format("truncated record at offset {}: needs {}, has {}", position_, length,
                              bytes.size() - kPrefix),
                  true);
  }

  const auto raw = bytes.first(size);
  const auto payload = raw.subspan(kPrefix);
  WalkedTransaction shape;
  DecodeError error;
  if (!walk_transaction(payload, generation_, shape, error)) return stop(describe(error), false, position_ + size);

  describe_record(raw, shape.operation, shape.module, shape.table, shape.row_begin, shape.row_end, record);
  return place(record, size);
}

std::uint64_t FramedReader::tally(sdk::RecordTally& tally) {
  if (damage_) return 0;
  const auto counted = pipeline_.tally(position_, index_, tally);
  position_ = counted.end;
  index_ += counted.records;
  return counted.records;
}

std::optional<std::uint64_t> FramedReader::select(const sdk::RecordSelection& selection) {
  pipeline_.select(selection, position_);
  return index_;
}

bool FramedReader::resynchronize() {
  if (!damage_ || !skip_to_) return false;
  // The frame was intact, so the next record starts right after it; the damaged one keeps its index.
  position_ = *skip_to_;
  ++index_;
  damage_.reset();
  skip_to_.reset();
  return true;
}

void FramedReader::seek(std::uint64_t offset, std::uint64_t index) {
  pipeline_.defer(offset);  // a seek is often followed by a short read: no thread for it
  position_ = offset;
  index_ = index;
  damage_.reset();
  skip_to_.reset();
}

void FramedReader::retry() {
  damage_.reset();
  skip_to_.reset();
}

sdk::Transaction FramedReader::decode(const sdk::TransactionView& record) const {
  if (record.raw.size() < kPrefix || load_u32_le(record.raw.data()) != record.raw.size() - kPrefix)
    throw sdk::Error::internal("framed: decode was given a view this reader did not produce");
  sdk::Transaction tx =
      sdk::at_record(input_, record, [&] { return decode_transaction(record.raw.subspan(kPrefix), generation_); });
  tx.index = record.index;
  tx.offset = record.offset;
  tx.size = record.size;
  tx.checksum = sdk::ChecksumStatus::absent;
  return tx;
}

void FramedReader::append_json(const sdk::TransactionView& record, sdk::RowPart part, std::string& out) const {
  append_json(record, part, out, sdk::JsonQuoting::plain);
}

void FramedReader::append_json(const sdk::TransactionView& record, sdk::RowPart part, std::string& out,
                               sdk::JsonQuoting quoting) const {
  sdk::at_record(input_, record, [&] { append_row_json(record.row, record.operation, generation_, part, out, quoting); });
}

void FramedReader::append_key_and_row(const sdk::TransactionView& record, std::string_view between, std::string& out,
                                      sdk::JsonQuoting quoting) const {
  sdk::at_record(input_, record,
                 [&] { append_key_and_row_json(record.row, record.operation, generation_, between, out, quoting); });
}

}  // namespace interstice::framed
