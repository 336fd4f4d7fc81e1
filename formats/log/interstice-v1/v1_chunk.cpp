// Framing and checking one chunk (see v1_chunk.hpp). Framing trusts nothing: it only decides
// where each record would end if its length fields were right, and a record is handed out only
// when the full parser, run over exactly those bytes, agrees. A record the framing cannot place
// inside the chunk ends the chunk, and the next chunk starts at it.
#include "v1_chunk.hpp"

#include <algorithm>

namespace interstice::v1_codec {

namespace {

constexpr std::uint64_t kLow = 0xFFFF'FFFFu;

/// Bytes read (and framed) at a time: well inside the L2 cache.
constexpr std::size_t kPiece = std::size_t{256} << 10;

/// How far ahead of framing the bytes are fetched: about the records framed while one fetch
/// from memory is on its way.
constexpr std::size_t kFetchAhead = std::size_t{8} << 10;

/// Appends where the records in `data[0, size)` start, going on from `starts.back()`; stops
/// before the first one that does not fit (which `starts.back()` then names).
void frame(const unsigned char* data, std::size_t size, std::vector<std::uint32_t>& starts) {
  std::size_t at = starts.back();
  starts.pop_back();
  std::size_t fetched = at;
  for (;;) {
    // Mapped bytes come from memory, not from a copy that just passed through the cache: each
    // record's length fields would be a chain of cache misses. Fetch the bytes a few records
    // ahead (the records are contiguous) so they are in the cache when framing gets there.
    for (const std::size_t ahead = std::min(at + kFetchAhead, size); fetched < ahead; fetched += 64)
      __builtin_prefetch(data + fetched);
    starts.push_back(static_cast<std::uint32_t>(at));
    const std::size_t left = size - at;
    if (left < kFixedRecordBytes) break;
    const unsigned char* record = data + at;
    // version, type, then four (u32 length, bytes) fields; 64-bit sums cannot overflow.
    std::uint64_t end = 2;
    bool fits = true;
    for (int field = 0; field < 4; ++field) {
      if (end + 4 > left) {
        fits = false;
        break;
      }
      end += 4 + std::uint64_t{load_u32(record + end)};
    }
    end += 8 + 4;  // timestamp, checksum
    if (!fits || end > left) break;
    at += static_cast<std::size_t>(end);
  }
}

}  // namespace

std::pair<std::size_t, std::size_t> Chunk::claim_front(std::size_t batch) {
  std::uint64_t seen = claims.load(std::memory_order_relaxed);
  for (;;) {
    const std::uint64_t front = seen & kLow, back = seen >> 32;
    if (front >= back) return {0, 0};
    const std::uint64_t to = std::min<std::uint64_t>(front + batch, back);
    if (claims.compare_exchange_weak(seen, (back << 32) | to, std::memory_order_relaxed))
      return {static_cast<std::size_t>(front), static_cast<std::size_t>(to)};
  }
}

std::pair<std::size_t, std::size_t> Chunk::claim_back(std::size_t batch) {
  std::uint64_t seen = claims.load(std::memory_order_relaxed);
  for (;;) {
    const std::uint64_t front = seen & kLow, back = seen >> 32;
    if (front >= back) return {0, 0};
    const std::uint64_t from = back - std::min<std::uint64_t>(batch, back - front);
    if (claims.compare_exchange_weak(seen, (from << 32) | front, std::memory_order_relaxed))
      return {static_cast<std::size_t>(from), static_cast<std::size_t>(back)};
  }
}

void load_chunk(Chunk& chunk, const sdk::LogInput& input, std::uint64_t offset, std::uint64_t file_size) {
  chunk.offset = offset;
  chunk.file_size = file_size;
  chunk.filled = 0;
  chunk.last = true;
  chunk.starts.assign(1, 0);
  const std::size_t wanted =
      static_cast<std::size_t>(std::min<std::uint64_t>(chunk.capacity, file_size > offset ? file_size - offset : 0));
  chunk.mapping = sdk::detail::MappedBytes();  // the previous chunk's pages go before new ones come
  if (wanted >= sdk::LogInput::kMinMappedBlock) chunk.mapping = input.map(offset, wanted);
  if (chunk.mapping) {
    chunk.bytes = chunk.mapping.data();
    chunk.filled = chunk.mapping.size();
    frame(chunk.bytes, chunk.filled, chunk.starts);
  } else {
    if (!chunk.buffer) chunk.buffer = std::make_unique_for_overwrite<unsigned char[]>(chunk.capacity);
    chunk.bytes = chunk.buffer.get();
    while (chunk.filled < wanted) {
      const std::size_t piece = std::min(kPiece, wanted - chunk.filled);
      std::size_t got;
      try {
        got = input.read_at(offset + chunk.filled, chunk.buffer.get() + chunk.filled, piece);
      } catch (...) {
        got = 0;  // the sequential reader reads this again and reports the error itself
      }
      chunk.filled += got;
      frame(chunk.bytes, chunk.filled, chunk.starts);
      if (got < piece) break;  // the file shrank: what was read is framed, the rest is sequential
    }
  }
  const bool at_end = chunk.filled < chunk.capacity;  // the end of the file (or it shrank)
  chunk.last = at_end || chunk.count() == 0;
  chunk.intact.assign(chunk.count(), 0);
  chunk.tails.resize(chunk.count());
  chunk.claims.store(std::uint64_t{chunk.count()} << 32, std::memory_order_relaxed);
  chunk.back_done.store(static_cast<std::uint32_t>(chunk.count()), std::memory_order_relaxed);
}

void check_records(Chunk& chunk, std::size_t from, std::size_t to) {
  const unsigned char* bytes = chunk.bytes;
  for (std::size_t i = from; i < to; ++i) {
    const std::uint32_t at = chunk.starts[i];
    RecordLayout layout;
    ParseFailure failure;
    // The bytes in hand run to the end of the chunk, as they would to the end of a block in the
    // sequential reader; an intact record is the same whichever way it was read.
    const ParseStatus status =
        parse_record(bytes + at, chunk.filled - at, chunk.file_size - (chunk.offset + at), layout, failure);
    if (status != ParseStatus::ok || layout.size != chunk.starts[i + 1] - at) [[unlikely]] return;
    chunk.intact[i] = 1;
    chunk.tails[i] = CheckedTail{layout.timestamp,
                                 static_cast<std::uint32_t>(layout.row_used),
                                 static_cast<std::uint32_t>(layout.row_key_used),
                                 static_cast<std::uint32_t>(layout.old_row_at),
                                 static_cast<std::uint32_t>(layout.old_row_size),
                                 static_cast<std::uint32_t>(layout.old_row_used),
                                 static_cast<std::uint32_t>(layout.old_row_key_used)};
  }
}

RecordLayout intact_layout(const unsigned char* record, std::size_t size, const CheckedTail& tail) {
  RecordLayout layout;
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
  return layout;
}

}  // namespace interstice::v1_codec
