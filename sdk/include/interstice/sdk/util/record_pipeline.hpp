// Checking a big log's records on two threads while a LogReader hands them out in order on the
// caller's thread, for any codec whose records can be framed by their length fields alone and
// then checked one by one. Why and how:
//
// Checking a record (UTF-8, the walk over its values, a checksum) costs several times handing it
// out, and every record can be checked on its own once its bytes are in memory. So a worker
// thread reads the log in chunks of a few MiB (mapped, or read into buffers, in a small ring of
// slots, which bounds the memory), frames each chunk into records (`RecordChecks::frame`), and
// checks records from the chunk's back, while the caller's thread, inside `next()`, checks records
// from the front of the chunk it is handing out. The two ends claim batches of records with one
// atomic word and meet somewhere in the middle, so the work splits itself between the threads
// whatever else each one is doing.
//
// Why this cannot change what a reader reports: a record is handed out only when the codec's own
// check, run over the same bytes, found it intact, and records are handed out strictly in file
// order, stopping at the first one that is not. Everything else (damage, a record larger than a
// chunk, a length past the end of the file, the end of the file, a read error) goes back to the
// reader's sequential path at exactly the record where it happens, so the damage it reports is
// computed by the code that always computed it.
//
// A reader uses it like this (interstice-v1 and framed do):
//
//   if (pipeline_.use_at(position_, index_)) {
//     RecordPipeline::PassedOver passed;
//     const bool got = pipeline_.next(bytes, size, tail, passed);
//     position_ += passed.bytes, index_ += passed.records;  // records a selection did not want
//     if (got) { /* a view of the intact record */ return true; }
//     pipeline_.stop(position_);
//   }
//   return next_sequential(record);
//
// For `LogReader::select` (record_selection.hpp) each thread also asks the selection about the
// records it checked, and `next` passes over the ones not wanted, all but the last of each chunk.
//
// For `LogReader::tally` (a command that only counts, record_tally.hpp) each thread also counts
// the records it checked, into a tally of its own per chunk; a chunk's tallies are merged into the
// caller's once the whole chunk is known to be intact up to where the reader goes on. At damage
// inside a chunk they are dropped and the records before it counted again on the caller's thread,
// so what is counted is exactly what `next` would have handed out:
//
//   const auto counted = pipeline_.tally(position_, index_, tally);
//   position_ = counted.end; index_ += counted.records; return counted.records;
#pragma once

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/log_input.hpp"
#include "interstice/sdk/record_selection.hpp"
#include "interstice/sdk/record_tally.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace interstice::sdk {

/// A chunk's records as the checking threads see them.
struct ChunkRecords {
  const unsigned char* bytes = nullptr;  ///< the chunk; its first byte is a record start
  std::size_t filled = 0;                ///< bytes in hand
  std::uint64_t offset = 0;              ///< the file offset of bytes[0]
  std::uint64_t file_size = 0;           ///< the file's size when the chunk was read
  const std::uint32_t* starts = nullptr; ///< record i is bytes[starts[i], starts[i + 1])
};

/// A codec's part of the pipeline. Both threads call it at once, for different records: it must
/// keep no state of its own.
class INTERSTICE_SDK_API RecordChecks {
 public:
  virtual ~RecordChecks();

  /// Bytes the codec keeps about each record it checks: what the hand-out needs from the far end
  /// of the record, so the caller's thread touches only its first bytes. A multiple of 8, at
  /// most 64; stored 8-byte aligned, so a trivially copyable struct of that size fits.
  virtual std::size_t tail_bytes() const = 0;

  /// Appends where the records in `data[0, size)` start, going on from `starts.back()`, which
  /// it may rewrite; stops before the first record that does not fit wholly in `size` bytes
  /// (which `starts.back()` then names). Trusts nothing but the length fields: a record's check
  /// decides whether it is one. Called again with a larger `size` as more bytes are read.
  virtual void frame(const unsigned char* data, std::size_t size, std::vector<std::uint32_t>& starts) const = 0;

  /// Checks records [from, to) of `chunk` exactly as the codec's sequential reader would and
  /// writes each intact record's tail at `tails + i * tail_bytes()`. Returns the first record
  /// that is not intact, or `to`; the ones after it need not be looked at.
  virtual std::size_t check(const ChunkRecords& chunk, std::size_t from, std::size_t to,
                            unsigned char* tails) const = 0;

  /// The view of an intact record from its bytes and the tail `check` wrote, all but `index` and
  /// `offset` (the pipeline's). False when the bytes no longer frame the record as checked (the
  /// file was changed under the reader): the record then goes to the sequential path.
  virtual bool view(const unsigned char* record, std::size_t size, const void* tail, TransactionView& view) const = 0;
};

/// The loop of a `RecordChecks::frame`: appends the starts of the records in `data[0, size)`,
/// going on from `starts.back()`, asking `record_size(record, left)` for the size of the record
/// at `record` as its length fields say (0, or more than `left`, when it does not fit in the
/// `left` bytes there). Fetches the bytes a few records ahead: mapped bytes come from memory, and
/// each record's length fields would otherwise be a chain of cache misses.
template <typename RecordSize>
void frame_records(const unsigned char* data, std::size_t size, std::vector<std::uint32_t>& starts,
                   RecordSize record_size) {
  constexpr std::size_t kFetchAhead = std::size_t{8} << 10;  // the records framed during one fetch
  std::size_t at = starts.back();
  starts.pop_back();
  std::size_t fetched = at;
  for (;;) {
    for (const std::size_t ahead = at + kFetchAhead < size ? at + kFetchAhead : size; fetched < ahead; fetched += 64)
      __builtin_prefetch(data + fetched);
    starts.push_back(static_cast<std::uint32_t>(at));
    const std::size_t left = size - at;
    const std::uint64_t record = record_size(data + at, left);
    if (record == 0 || record > left) return;
    at += static_cast<std::size_t>(record);
  }
}

class INTERSTICE_SDK_API RecordPipeline {
 public:
  /// Files with fewer bytes than this left to read are read sequentially: a thread and the
  /// chunk buffers are not worth it for them.
  static constexpr std::uint64_t kMinBytes = std::uint64_t{8} << 20;
  /// Bytes per chunk: records longer than this go through the sequential path.
  static constexpr std::size_t kChunkBytes = std::size_t{4} << 20;
  /// How far to read sequentially after the pipeline gave way because it was not paying (one
  /// CPU to share), before trying it again (the other work may have finished).
  static constexpr std::uint64_t kSequentialStretch = std::uint64_t{128} << 20;

  /// Starts nothing: the worker thread and the chunks come with the first `use_at` that pays.
  /// `input` and `checks` must outlive the pipeline, and `checks` must be whole already (it is
  /// asked for its `tail_bytes` here: in a reader, declare it before the pipeline member).
  /// Throws std::invalid_argument when `tail_bytes` is not a multiple of 8 up to 64.
  RecordPipeline(const LogInput& input, const RecordChecks& checks);
  ~RecordPipeline();
  RecordPipeline(const RecordPipeline&) = delete;
  RecordPipeline& operator=(const RecordPipeline&) = delete;

  /// True when the records from `position` (a record start, record number `index`) on come from
  /// `next`: the pipeline runs, or has just been started there because the rest of the file is
  /// big enough and this process has a CPU to spare. While it runs, its worker reads `input` on
  /// another thread: the caller must leave `input` alone (no window, no refresh) until `stop`.
  /// (True too while a `tally` runs it, when `next` is false: the reader stops it and reads on
  /// sequentially.)
  bool use_at(std::uint64_t position, std::uint64_t index);

  /// The intact records a selection did not want that `next` passed over before the record it
  /// hands out or gives way at: the reader moves past them (they keep their numbers).
  struct PassedOver {
    std::uint64_t records = 0;
    std::uint64_t bytes = 0;
  };

  /// The next record in file order if it is intact: its first byte, its size and the tail the
  /// codec's check wrote. Valid until the next call to `next` or `stop`. False when the record
  /// must go through the sequential path (see above), or when the pipeline is not paying; the
  /// caller then calls `stop` and reads that record sequentially. Either way `passed` says
  /// what was passed over first (zero without a selection).
  bool next(const unsigned char*& record, std::size_t& size, const void*& tail, PassedOver& passed);

  /// `LogReader::select`'s part: from here on `next` passes over the intact records `selection`
  /// does not want (a null `wants`: none), asked on the thread that checked each one; the last
  /// record of each chunk is always handed out. Stops a running pipeline at `position` first.
  void select(const RecordSelection& selection, std::uint64_t position);

  /// What `tally` counted: how many records, and where the next one starts.
  struct Tallied {
    std::uint64_t records = 0;
    std::uint64_t end = 0;
  };

  /// Counts into `total` the next chunk's intact records from `position` (a record start, record
  /// number `index`), each on the thread that checked it, starting the pipeline there for
  /// counting if it pays (a running one that hands out records is stopped and started again).
  /// Stops before the first record it cannot vouch for. When it counted none, the pipeline is
  /// stopped and will not start at `position` again: that record is the sequential path's.
  Tallied tally(std::uint64_t position, std::uint64_t index, RecordTally& total);

  /// Stops the worker and forgets every chunk (their buffers are kept for the next start);
  /// reading goes on sequentially from `position`. A no-op when not running.
  void stop(std::uint64_t position);

  /// After a seek: no pipeline until `position + kMinBytes` (a seek is often followed by a
  /// short read, for which starting the thread would cost more than it saves).
  void defer(std::uint64_t position);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace interstice::sdk
