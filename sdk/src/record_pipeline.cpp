// The two-thread record pipeline (see record_pipeline.hpp). Hand-offs between the threads:
// - a chunk is published under the mutex after it is loaded and framed, and its slot is
//   reused only after the caller released it (under the mutex), so the bytes a record points at
//   are never overwritten while the caller may still hold it;
// - inside a chunk, each record's `intact` flag and tail are written by the one thread that
//   claimed the record; the worker's are published by the release store to `back_done`, which
//   the caller reads with acquire before it looks at a record the worker checked.
// - counting (`tally`): each thread adds the records it checked to its own tally of the chunk
//   (front_tally: the caller's, back_tally: the worker's, both made by the worker when it loads the
//   chunk, from `prototype`, which the caller made from its tally at `start` and only the worker
//   touches after: the worker never calls the caller's tally, which may be gone when the caller
//   leaves early); the caller merges them only after `back_done` says the worker's share is done.
// - selecting (`select`): the thread that checked a record also asks the selection about it and
//   writes `kUnwanted` instead of `kIntact` into its flag, published as the flag always is.
#include "interstice/sdk/util/record_pipeline.hpp"

#include "interstice/sdk/tracer.hpp"
#include "interstice/sdk/util/concurrency.hpp"

#include "cache_fetch.hpp"
#include "helper_thread.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace interstice::sdk {

RecordChecks::~RecordChecks() = default;

namespace {

constexpr std::uint64_t kLow = 0xFFFF'FFFFu;

/// A record's `intact` flag: not (yet) found intact, intact, or intact and not wanted by the
/// selection (handed out by nobody: `next` passes over it).
constexpr std::uint8_t kIntact = 1, kUnwanted = 2;

/// Buffers in the ring: the one being handed out and two the worker can fill ahead.
constexpr std::size_t kSlots = 3;
/// Records claimed at a time: small enough for the ends to meet evenly, large enough that
/// claiming costs nothing next to checking.
constexpr std::size_t kBatch = 32;
/// Chunks per probe window (see `probe`), and the process's CPU time over wall time below which
/// the pipeline gives way: two threads that really overlap reach ~1.8 here.
constexpr std::size_t kProbeChunks = 3;
constexpr double kMinOverlap = 1.3;
/// Judged windows in a row that must fall below kMinOverlap before the pipeline gives way: one
/// alone is often a few milliseconds of the other CPU taken by something else (with one, it gave
/// way in 6 runs of 16, and 17 of 20 in another set, of log-inspect on a log the page cache held
/// in 2 MiB folios, each then reading 128 MiB alone: 85-113 ms instead of ~70).
constexpr std::size_t kPoorWindows = 2;
/// Bytes read (and framed) at a time when the input does not map: well inside the L2 cache.
constexpr std::size_t kPiece = std::size_t{256} << 10;
/// How many records ahead the hand-out prefetches: enough to cover a fetch from another core's
/// cache or memory at the rate the caller consumes records.
constexpr std::size_t kPrefetchAhead = 8;
/// The largest tail a codec may keep per record.
constexpr std::size_t kMaxTail = 64;

struct Chunk {
  /// The chunk's bytes, `filled` of them valid: `mapping`'s when the input maps, else `buffer`'s.
  const unsigned char* bytes = nullptr;
  std::unique_ptr<unsigned char[]> buffer;  ///< kChunkBytes bytes, made on the first read
  detail::MappedBytes mapping;
  std::size_t filled = 0;
  std::uint64_t offset = 0;     ///< the file offset of bytes[0], always a record start
  std::uint64_t file_size = 0;  ///< the file's size for the codec's "truncated" check
  /// Record i is bytes[starts[i], starts[i + 1]); count() + 1 entries (the last is where the
  /// framing stopped).
  std::vector<std::uint32_t> starts;
  /// kIntact or kUnwanted when record i was found intact; its tail at tails[i * tail_words]. Each
  /// entry is written by the one thread that claimed the record.
  std::vector<std::uint8_t> intact;
  std::vector<std::uint64_t> tails;  ///< 8-byte words, so a codec's tail struct is aligned
  /// No chunk follows: after these records the reader goes on sequentially (end of the file, a
  /// record longer than a chunk, a length that runs past the end, a read error).
  bool last = false;
  /// The number of record 0; counting: each thread's share of the chunk's records.
  std::uint64_t first_index = 0;
  std::unique_ptr<RecordTally> front_tally, back_tally;

  /// Which records are claimed: the low half is the next one from the front, the high half one
  /// past the next one from the back. Both ends claim batches until they meet.
  std::atomic<std::uint64_t> claims{0};
  /// The back claimer has checked every record from here to the end.
  std::atomic<std::uint32_t> back_done{0};

  std::size_t count() const { return starts.empty() ? 0 : starts.size() - 1; }
  std::uint64_t end_offset() const { return offset + (starts.empty() ? 0 : starts.back()); }

  std::pair<std::size_t, std::size_t> claim_front(std::size_t batch) {
    std::uint64_t seen = claims.load(std::memory_order_relaxed);
    for (;;) {
      const std::uint64_t front = seen & kLow, back = seen >> 32;
      if (front >= back) return {0, 0};
      const std::uint64_t to = std::min<std::uint64_t>(front + batch, back);
      if (claims.compare_exchange_weak(seen, (back << 32) | to, std::memory_order_relaxed))
        return {static_cast<std::size_t>(front), static_cast<std::size_t>(to)};
    }
  }

  std::pair<std::size_t, std::size_t> claim_back(std::size_t batch) {
    std::uint64_t seen = claims.load(std::memory_order_relaxed);
    for (;;) {
      const std::uint64_t front = seen & kLow, back = seen >> 32;
      if (front >= back) return {0, 0};
      const std::uint64_t from = back - std::min<std::uint64_t>(batch, back - front);
      if (claims.compare_exchange_weak(seen, (from << 32) | front, std::memory_order_relaxed))
        return {static_cast<std::size_t>(from), static_cast<std::size_t>(back)};
    }
  }
};

// The whole process's CPU time, not only the two pipeline threads': when the caller has threads
// of its own (determinism's replay runs), they take turns with the worker on the CPUs, so the two
// threads alone overlap little even though the process has both CPUs, and handing the caller's
// checking back to it would only lengthen the caller's thread, which the others wait for
// (determinism's 3 runs: 12-17% slower by wall). One CPU to share still shows as ~1.0.
double process_cpu_seconds() {
  timespec time{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time);
  return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_nsec) * 1e-9;
}

}  // namespace

struct RecordPipeline::Impl {
  Impl(const LogInput& input, const RecordChecks& checks)
      : input(input), checks(checks), tail_words(checks.tail_bytes() / 8), parallel(usable_cpus() > 1) {}
  ~Impl();

  /// Starts the pipeline at `offset` if it may and pays there; `counting` (with the number of
  /// the record at `offset`): for `tally`, else for `next`.
  bool try_start(std::uint64_t offset, std::uint64_t index, RecordTally* counting);
  void start(std::uint64_t offset, std::uint64_t index, RecordTally* counting);
  bool next(const unsigned char*& record, std::size_t& size, const void*& tail, PassedOver& passed);
  /// Counts the next chunk into `total` (see RecordPipeline::tally); stops the pipeline when it
  /// does not go on.
  Tallied tally(RecordTally& total);
  void stop();
  /// Stops, and keeps the pipeline off for a stretch when it was not paying.
  void stop_at(std::uint64_t position);
  void work();
  void load(Chunk& chunk, std::uint64_t offset, std::uint64_t index, std::uint64_t file_size, RecordTally* counting);
  /// Checks records [from, to) of `chunk`, and counts the intact ones into `tally` if not null.
  void check(Chunk& chunk, std::size_t from, std::size_t to, RecordTally* tally);
  /// Adds intact records [from, to) of `chunk` to `tally`; returns `to`, or the first record whose
  /// view the codec could not make (the file changed under the reader) or that `add` threw for:
  /// that record then goes to the sequential path, where `add` runs on the caller's thread.
  std::size_t count(const Chunk& chunk, std::size_t from, std::size_t to, RecordTally& tally);
  /// Flags the intact records [from, to) of `chunk` that `selection` does not want, but never
  /// the chunk's last (record_selection.hpp: one record a chunk reaches the caller).
  void mark_unwanted(Chunk& chunk, std::size_t from, std::size_t to) const;
  /// The oldest published chunk that still has records nobody claimed (under the mutex).
  Chunk* unclaimed_chunk();
  /// Makes sure record `i` of the current chunk has been checked, by checking the next batch
  /// from the front or by waiting for the worker's batch that holds it.
  void ensure_checked(Chunk& chunk, std::size_t i);
  /// Called once per chunk handed out: every kProbeChunks, compares the CPU time the process
  /// used with the time that passed, and sets not_paying when its threads overlapped too little.
  /// The first window after `start` is not judged: it holds the caller's wait for the first
  /// chunk and the worker filling the ring, and it failed 11 runs of log-inspect in 20 (ratio
  /// ~1.0 while both threads shared a CPU; see helper_thread.hpp), each then reading the next
  /// 128 MiB alone (0.10-0.13 s instead of 0.07 s for the 200 MB benchmark log).
  void probe();

  const LogInput& input;
  const RecordChecks& checks;
  const std::size_t tail_words;
  bool parallel;                        ///< this process may use more than one CPU
  std::uint64_t sequential_until = 0;   ///< no pipeline before this offset
  std::uint64_t blocked_at = UINT64_MAX;  ///< a tally stopped before this record: not here again
  /// Set only while stopped; the worker reads it after `start` (under the mutex) and before `stop`.
  RecordSelection selection;
  std::vector<Chunk> slots;
  std::thread worker;

  // Shared with the worker, under `mutex`.
  std::mutex mutex;
  std::condition_variable worker_wake;  ///< a slot was freed, or start / stop / quit
  std::condition_variable caller_wake;  ///< a chunk was published, or the worker went idle
  bool active = false;                  ///< the worker may produce chunks
  std::atomic<bool> stop_now{false};    ///< the caller is stopping: drop what is in hand
  bool quit = false;
  bool busy = false;       ///< the worker is outside its wait (touching slots)
  bool exhausted = false;  ///< the last chunk has been published
  std::uint64_t next_offset = 0, file_size = 0;
  std::uint64_t next_index = 0;     ///< the number of the record at next_offset
  RecordTally* counting = nullptr;  ///< the caller's tally, when records are counted
  std::unique_ptr<RecordTally> prototype;  ///< counting: what the worker makes chunk tallies from
  std::uint64_t published = 0;  ///< chunks published since start; chunk n is in slot n % kSlots
  std::uint64_t released = 0;   ///< chunks the caller is done with
  Tracer* tracer = nullptr;     ///< `--trace`: the worker's "read chunk" spans, under
  SpanRef parent;               ///< the span that was open on the caller's thread at `start`

  // The caller's own state.
  bool running = false;
  Chunk* current = nullptr;     ///< the chunk being handed out (number `released`)
  std::size_t cursor = 0;       ///< its next record
  std::size_t front_done = 0;   ///< records [0, front_done) are known to be checked
  bool not_paying = false;
  std::size_t probe_chunks = 0;  ///< chunks handed out since the probe window started
  bool settling = true;          ///< the window is the first after `start` (see `probe`)
  std::size_t poor_windows = 0;  ///< judged windows in a row whose threads overlapped too little
  std::chrono::steady_clock::time_point probe_wall;
  double probe_cpu = 0;
};

RecordPipeline::Impl::~Impl() {
  if (!worker.joinable()) return;
  {
    std::lock_guard lock(mutex);
    quit = true;
    stop_now = true;
  }
  worker_wake.notify_one();
  worker.join();
}

void RecordPipeline::Impl::start(std::uint64_t offset, std::uint64_t index, RecordTally* tally) {
  if (slots.empty()) slots = std::vector<Chunk>(kSlots);
  auto made = tally ? tally->fresh() : nullptr;
  if (!worker.joinable()) worker = detail::helper_thread([this] { work(); });
  not_paying = false;
  probe_chunks = 0;
  settling = true;
  poor_windows = 0;
  probe_wall = std::chrono::steady_clock::now();
  probe_cpu = process_cpu_seconds();
  {
    std::lock_guard lock(mutex);
    active = true;
    exhausted = false;
    next_offset = offset;
    next_index = index;
    counting = tally;
    prototype = std::move(made);
    file_size = input.size();
    tracer = Tracer::active();
    parent = tracer ? tracer->current() : SpanRef{};
    published = released = 0;
  }
  running = true;
  current = nullptr;
  worker_wake.notify_one();
}

bool RecordPipeline::Impl::try_start(std::uint64_t offset, std::uint64_t index, RecordTally* tally) {
  if (!parallel || offset < sequential_until || offset == blocked_at || input.remaining(offset) < kMinBytes)
    return false;
  // Another part of the process keeps the other CPUs busy (export formatting): a second
  // checking thread would only take turns with it, and pay for splitting the work.
  if (spare_cpus() == 0) {
    sequential_until = offset + kSequentialStretch;
    return false;
  }
  try {
    start(offset, index, tally);
    return true;
  } catch (const std::system_error&) {  // no thread to be had: read sequentially
    parallel = false;
    return false;
  }
}

void RecordPipeline::Impl::stop() {
  if (!running) return;
  std::unique_lock lock(mutex);
  stop_now = true;
  active = false;
  worker_wake.notify_one();
  caller_wake.wait(lock, [&] { return !busy; });
  stop_now = false;
  running = false;
  current = nullptr;
  counting = nullptr;
  prototype.reset();
}

void RecordPipeline::Impl::stop_at(std::uint64_t position) {
  if (!running) return;
  if (not_paying) sequential_until = position + kSequentialStretch;
  stop();
}

bool RecordPipeline::Impl::next(const unsigned char*& record, std::size_t& size, const void*& tail,
                                PassedOver& passed) {
  passed = {};
  if (counting) return false;  // started by `tally`: this record is read sequentially
  for (;;) {
    if (!current) {
      std::unique_lock lock(mutex);
      caller_wake.wait(lock, [&] { return published > released; });
      current = &slots[released % kSlots];
      cursor = front_done = 0;
    }
    Chunk& chunk = *current;
    if (cursor == chunk.count()) {
      if (chunk.last) return false;  // what follows is the sequential path's
      {
        std::lock_guard lock(mutex);
        ++released;
      }
      worker_wake.notify_one();
      current = nullptr;
      probe();
      if (not_paying) return false;
      continue;
    }
    ensure_checked(chunk, cursor);
    if (chunk.intact[cursor] == kUnwanted) {
      // Never the chunk's last record (mark_unwanted), so this stops inside the chunk.
      const std::size_t from = cursor;
      do ensure_checked(chunk, ++cursor);
      while (chunk.intact[cursor] == kUnwanted);
      passed.records = cursor - from;
      passed.bytes = chunk.starts[cursor] - chunk.starts[from];
    }
    if (!chunk.intact[cursor]) return false;
    // Records the worker checked are in the other CPU's cache, or gone to memory: fetch the
    // start of one a few ahead (its first fields, which the view and the caller read). Two
    // lines: a record starts anywhere in a line, so its names (log-inspect's counts, a query's
    // table filter) often run into the next one (v1: -4% of log-inspect's CPU, framed's
    // 70-byte records no change).
    if (cursor + kPrefetchAhead < chunk.count()) {
      const unsigned char* ahead = chunk.bytes + chunk.starts[cursor + kPrefetchAhead];
      detail::fetch_into_cache(ahead);
      detail::fetch_into_cache(ahead + 64);
    }
    const std::uint32_t at = chunk.starts[cursor];
    record = chunk.bytes + at;
    size = chunk.starts[cursor + 1] - at;
    tail = chunk.tails.data() + cursor * tail_words;
    ++cursor;
    return true;
  }
}

void RecordPipeline::Impl::probe() {
  if (++probe_chunks < kProbeChunks) return;
  const auto now = std::chrono::steady_clock::now();
  const double cpu = process_cpu_seconds();
  const double wall = std::chrono::duration<double>(now - probe_wall).count();
  const bool overlapped = wall <= 0 || cpu - probe_cpu >= kMinOverlap * wall;
  poor_windows = overlapped || settling ? 0 : poor_windows + 1;
  if (poor_windows == kPoorWindows) not_paying = true;
  settling = false;
  probe_chunks = 0;
  probe_wall = now;
  probe_cpu = cpu;
}

void RecordPipeline::Impl::check(Chunk& chunk, std::size_t from, std::size_t to, RecordTally* tally) {
  // The batch's tails were last read by the other thread (this slot's previous chunk): ask for
  // their lines for writing now, so the stores after each record's check do not wait for them
  // (framed log-inspect's check spent two thirds of its time on one such store).
  const auto* tails_begin = reinterpret_cast<const char*>(chunk.tails.data() + from * tail_words);
  const auto* tails_end = reinterpret_cast<const char*>(chunk.tails.data() + to * tail_words);
  for (const char* line = tails_begin; line < tails_end; line += 64) detail::fetch_for_writing(line);
  const ChunkRecords records{chunk.bytes, chunk.filled, chunk.offset, chunk.file_size, chunk.starts.data()};
  std::size_t intact_end =
      std::min(to, checks.check(records, from, to, reinterpret_cast<unsigned char*>(chunk.tails.data())));
  // Counted while the records are still in this thread's cache (record_tally.hpp).
  if (tally) intact_end = count(chunk, from, intact_end, *tally);
  std::fill(chunk.intact.begin() + static_cast<std::ptrdiff_t>(from),
            chunk.intact.begin() + static_cast<std::ptrdiff_t>(intact_end), kIntact);
  if (!tally && selection.wants) mark_unwanted(chunk, from, intact_end);
}

void RecordPipeline::Impl::mark_unwanted(Chunk& chunk, std::size_t from, std::size_t to) const {
  to = std::min(to, chunk.count() - 1);
  TransactionView view;
  for (std::size_t i = from; i < to; ++i) {
    const std::uint32_t at = chunk.starts[i];
    // A view the codec cannot make (the file changed under the reader) stays kIntact: the
    // hand-out meets the same failure and gives the record to the sequential path.
    if (!checks.view(chunk.bytes + at, chunk.starts[i + 1] - at, chunk.tails.data() + i * tail_words, view))
      [[unlikely]] continue;
    view.index = chunk.first_index + i;
    view.offset = chunk.offset + at;
    if (!selection.wants(view, selection.state)) chunk.intact[i] = kUnwanted;
  }
}

std::size_t RecordPipeline::Impl::count(const Chunk& chunk, std::size_t from, std::size_t to, RecordTally& tally) {
  TransactionView view;
  for (std::size_t i = from; i < to; ++i) {
    const std::uint32_t at = chunk.starts[i];
    if (!checks.view(chunk.bytes + at, chunk.starts[i + 1] - at, chunk.tails.data() + i * tail_words, view))
      [[unlikely]] return i;
    view.index = chunk.first_index + i;
    view.offset = chunk.offset + at;
    try {
      tally.add(view);
    } catch (...) {
      // Whatever `add` threw (out of memory, say) is thrown on the caller's thread instead, with
      // nothing counted twice: the record goes to the sequential path, where the cursor calls
      // `add` for it again (and so does this recount, on the caller's thread, after a damage).
      return i;
    }
  }
  return to;
}

RecordPipeline::Tallied RecordPipeline::Impl::tally(RecordTally& total) {
  {
    std::unique_lock lock(mutex);
    caller_wake.wait(lock, [&] { return published > released; });
  }
  Chunk& chunk = slots[released % kSlots];
  // Check and count from the front until this thread meets the worker, then wait for the
  // worker's share: it finishes its batches back to front, so it is done when `back_done`
  // reaches the meeting point.
  while (true) {
    const auto [from, to] = chunk.claim_front(kBatch);
    if (from >= to) break;
    check(chunk, from, to, chunk.front_tally.get());
  }
  const std::uint64_t met = chunk.claims.load(std::memory_order_relaxed) & kLow;
  for (std::uint32_t done = chunk.back_done.load(std::memory_order_acquire); done > met;
       done = chunk.back_done.load(std::memory_order_acquire))
    chunk.back_done.wait(done, std::memory_order_acquire);

  const std::size_t intact_end =
      static_cast<std::size_t>(std::find(chunk.intact.begin(), chunk.intact.end(), 0) - chunk.intact.begin());
  std::size_t records = intact_end;
  std::unique_ptr<RecordTally> shares[2];
  if (intact_end == chunk.count() && intact_end != 0) {
    shares[0] = std::move(chunk.front_tally);
    shares[1] = std::move(chunk.back_tally);
  } else if (intact_end != 0) {
    // Damage inside the chunk (or a record the framing could not place): the threads' tallies
    // may hold records after it, which the reader does not reach yet. Count again those before.
    records = count(chunk, 0, intact_end, total);
  }
  const std::uint64_t end = chunk.offset + chunk.starts[records];
  const bool whole = records == chunk.count() && records != 0 && !chunk.last;
  {
    std::lock_guard lock(mutex);
    ++released;
  }
  worker_wake.notify_one();
  try {
    for (const auto& share : shares)
      if (share) total.merge(*share);
  } catch (...) {
    // The reader stays at the chunk's start: a caller that goes on reads the chunk again.
    stop();
    throw;
  }
  if (whole) {
    probe();
    if (!not_paying) return {records, end};
  } else {
    blocked_at = end;  // the record there is the sequential path's
  }
  stop_at(end);
  return {records, end};
}

void RecordPipeline::Impl::ensure_checked(Chunk& chunk, std::size_t i) {
  if (i < front_done) [[likely]] return;
  if (auto [from, to] = chunk.claim_front(kBatch); from < to) {
    check(chunk, from, to, nullptr);  // from == i: only this thread claims from the front
    front_done = to;
    return;
  }
  // The worker claimed the rest of the chunk; wait for its batch that holds record i (it
  // finishes batches back to front, so everything from `back_done` on is done).
  for (std::uint32_t done = chunk.back_done.load(std::memory_order_acquire); done > i;
       done = chunk.back_done.load(std::memory_order_acquire))
    chunk.back_done.wait(done, std::memory_order_acquire);
  front_done = chunk.count();
}

// Framing trusts nothing: it only decides where each record would end if its length fields were
// right, and a record is handed out only when the codec's check, run over exactly those bytes,
// agrees. A record the framing cannot place inside the chunk ends the chunk, and the next chunk
// starts at it. A read error or a shrunken file ends the pipeline: the sequential path meets the
// same condition again and reports it as it always has.
void RecordPipeline::Impl::load(Chunk& chunk, std::uint64_t offset, std::uint64_t index, std::uint64_t file_size,
                                RecordTally* tally) {
  // Nothing claimable until the chunk is framed: if framing throws (out of memory), the slot
  // must not keep a previous run's claims over records it no longer has.
  chunk.claims.store(0, std::memory_order_relaxed);
  chunk.back_done.store(0, std::memory_order_relaxed);
  chunk.offset = offset;
  chunk.first_index = index;
  chunk.file_size = file_size;
  chunk.front_tally = tally ? tally->fresh() : nullptr;
  chunk.back_tally = tally ? tally->fresh() : nullptr;
  chunk.filled = 0;
  chunk.last = true;
  chunk.starts.assign(1, 0);
  const std::size_t wanted =
      static_cast<std::size_t>(std::min<std::uint64_t>(kChunkBytes, file_size > offset ? file_size - offset : 0));
  chunk.mapping = detail::MappedBytes();  // the previous chunk's pages go before new ones come
  if (wanted >= LogInput::kMinMappedBlock) chunk.mapping = input.map(offset, wanted);
  if (chunk.mapping) {
    chunk.bytes = chunk.mapping.data();
    chunk.filled = chunk.mapping.size();
    checks.frame(chunk.bytes, chunk.filled, chunk.starts);
  } else {
    // Read a piece at a time, so that framing finds the bytes still in the cache.
    if (!chunk.buffer) chunk.buffer = std::make_unique_for_overwrite<unsigned char[]>(kChunkBytes);
    chunk.bytes = chunk.buffer.get();
    while (chunk.filled < wanted) {
      const std::size_t piece = std::min(kPiece, wanted - chunk.filled);
      std::size_t got;
      try {
        got = input.read_at(offset + chunk.filled, chunk.buffer.get() + chunk.filled, piece);
      } catch (...) {
        got = 0;  // the sequential path reads this again and reports the error itself
      }
      chunk.filled += got;
      checks.frame(chunk.bytes, chunk.filled, chunk.starts);
      if (got < piece) break;  // the file shrank: what was read is framed, the rest is sequential
    }
  }
  const bool at_end = chunk.filled < kChunkBytes;  // the end of the file (or it shrank)
  chunk.last = at_end || chunk.count() == 0;
  chunk.intact.assign(chunk.count(), 0);
  chunk.tails.resize(chunk.count() * tail_words);
  chunk.claims.store(std::uint64_t{chunk.count()} << 32, std::memory_order_relaxed);
  chunk.back_done.store(static_cast<std::uint32_t>(chunk.count()), std::memory_order_relaxed);
}

Chunk* RecordPipeline::Impl::unclaimed_chunk() {
  for (std::uint64_t n = released; n < published; ++n) {
    Chunk& chunk = slots[n % kSlots];
    const std::uint64_t claimed = chunk.claims.load(std::memory_order_relaxed);
    if ((claimed & kLow) < (claimed >> 32)) return &chunk;
  }
  return nullptr;
}

// The worker's priorities: first keep the ring full (reading ahead is what only it does, and the
// caller must never wait for bytes), then check records from the back of the oldest chunk that
// has unclaimed ones, one batch at a time, so that a freed slot is refilled within a batch.
void RecordPipeline::Impl::work() {
  std::unique_lock lock(mutex);
  for (;;) {
    busy = false;
    caller_wake.notify_one();
    Chunk* to_check = nullptr;
    worker_wake.wait(lock, [&] {
      if (quit) return true;
      if (!active || stop_now) return false;
      if (!exhausted && published < released + kSlots) return true;
      to_check = unclaimed_chunk();
      return to_check != nullptr;
    });
    if (quit) return;
    busy = true;
    if (!to_check) {
      Chunk& chunk = slots[published % kSlots];
      const std::uint64_t offset = next_offset, index = next_index, size = file_size;
      RecordTally* tally = prototype.get();
      ScopedSpan span(tracer, "read chunk", parent);
      lock.unlock();
      try {
        span.attribute("offset", offset);
        load(chunk, offset, index, size, tally);
        span.attribute("records", chunk.count());
      } catch (...) {  // out of memory framing: hand everything from here to the sequential path
        chunk.filled = 0;
        chunk.starts.assign(1, 0);
        chunk.intact.clear();
        chunk.last = true;
      }
      lock.lock();
      if (stop_now) continue;
      ++published;
      next_offset = chunk.end_offset();
      next_index += chunk.count();
      exhausted = chunk.last;
      caller_wake.notify_one();
      continue;
    }
    lock.unlock();
    if (auto [from, to] = to_check->claim_back(kBatch); from < to) {
      check(*to_check, from, to, to_check->back_tally.get());
      to_check->back_done.store(static_cast<std::uint32_t>(from), std::memory_order_release);
      to_check->back_done.notify_one();
    }
    lock.lock();
  }
}

RecordPipeline::RecordPipeline(const LogInput& input, const RecordChecks& checks)
    : impl_(std::make_unique<Impl>(input, checks)) {
  if (checks.tail_bytes() > kMaxTail || checks.tail_bytes() % 8 != 0)
    throw std::invalid_argument("RecordPipeline: a codec's tail must be a multiple of 8 bytes, at most 64");
}

RecordPipeline::~RecordPipeline() = default;

bool RecordPipeline::use_at(std::uint64_t position, std::uint64_t index) {
  Impl& p = *impl_;
  return p.running || p.try_start(position, index, nullptr);
}

void RecordPipeline::select(const RecordSelection& selection, std::uint64_t position) {
  impl_->stop_at(position);
  impl_->selection = selection;
}

RecordPipeline::Tallied RecordPipeline::tally(std::uint64_t position, std::uint64_t index, RecordTally& total) {
  Impl& p = *impl_;
  if (p.running && p.counting != &total) p.stop_at(position);  // handing out records, or another tally's
  if (!p.running && !p.try_start(position, index, &total)) return {0, position};
  return p.tally(total);
}

bool RecordPipeline::next(const unsigned char*& record, std::size_t& size, const void*& tail, PassedOver& passed) {
  return impl_->next(record, size, tail, passed);
}

void RecordPipeline::stop(std::uint64_t position) { impl_->stop_at(position); }

void RecordPipeline::defer(std::uint64_t position) {
  stop(position);
  impl_->sequential_until = position + kMinBytes;
}

}  // namespace interstice::sdk
