// A stretch of the log held in memory so that its records can be checked by more than one
// thread: framing (cutting it into records by the four length fields alone) and checking a
// range of its records with the ordinary record parser. The threads that share the work live in
// v1_chunk_pipeline.hpp; this file is the single-threaded part, which they call.
#pragma once

#include "v1_record_parser.hpp"

#include "interstice/sdk/log_input.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
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

struct Chunk {
  /// The chunk's bytes, `filled` of them valid: `mapping`'s when the input maps, else `buffer`'s.
  const unsigned char* bytes = nullptr;
  std::unique_ptr<unsigned char[]> buffer;  ///< `capacity` bytes, made on the first read
  sdk::detail::MappedBytes mapping;
  std::size_t capacity = 0;
  std::size_t filled = 0;
  std::uint64_t offset = 0;     ///< the file offset of bytes[0], always a record start
  std::uint64_t file_size = 0;  ///< the file's size for the parser's "truncated" check
  /// Record i is bytes[starts[i], starts[i + 1]); count() + 1 entries (the last is where the
  /// framing stopped).
  std::vector<std::uint32_t> starts;
  /// 1 when record i parsed intact, and its tail. Each entry is written by the one thread that
  /// claimed the record.
  std::vector<std::uint8_t> intact;
  std::vector<CheckedTail> tails;
  /// No chunk follows: after these records the reader goes on sequentially (end of the file, a
  /// record longer than a chunk, a length that runs past the end, a read error).
  bool last = false;

  /// Which records are claimed: the low half is the next one from the front, the high half one
  /// past the next one from the back. Both ends claim batches until they meet.
  std::atomic<std::uint64_t> claims{0};
  /// The back claimer has checked every record from here to the end.
  std::atomic<std::uint32_t> back_done{0};

  std::size_t count() const { return starts.empty() ? 0 : starts.size() - 1; }
  std::uint64_t end_offset() const { return offset + (starts.empty() ? 0 : starts.back()); }

  /// Claims up to `batch` records from the front (first) or the back (second); an empty range
  /// when the two ends have met.
  std::pair<std::size_t, std::size_t> claim_front(std::size_t batch);
  std::pair<std::size_t, std::size_t> claim_back(std::size_t batch);
};

/// Maps `capacity` bytes (or up to the end of the file) from `offset`, or reads them into the
/// chunk's buffer a piece at a time (so that framing finds them still in the cache), and frames
/// them. A read error or a shrunken file ends the pipeline: the sequential reader meets the same
/// condition again and reports it as it always has.
void load_chunk(Chunk& chunk, const sdk::LogInput& input, std::uint64_t offset, std::uint64_t file_size);

/// Runs the full record check (parse_record: every field, UTF-8, bincode, CRC) over records
/// [from, to) and sets their `intact` flags; stops at the first record that fails, whose flag
/// is then 0 (the ones after it are never looked at by the reader).
void check_records(Chunk& chunk, std::size_t from, std::size_t to);

/// The layout of a record that `check_records` found intact, rebuilt from its first length
/// fields and its tail (cheaper than storing the whole layout for every record of a chunk).
RecordLayout intact_layout(const unsigned char* record, std::size_t size, const CheckedTail& tail);

}  // namespace interstice::v1_codec
