// The two-thread chunk pipeline (see v1_chunk_pipeline.hpp). Hand-offs between the threads:
// - a chunk is published under the mutex after it is loaded and framed, and its slot is
//   reused only after the caller released it (under the mutex), so the bytes a view points at
//   are never overwritten while the caller may still hold it;
// - inside a chunk, each record's `intact` flag is written by the one thread that claimed it;
//   the worker's flags are published by the release store to `back_done`, which the caller
//   reads with acquire before it looks at a record the worker checked.
#include "v1_chunk_pipeline.hpp"

#include <ctime>

namespace interstice::v1_codec {

namespace {

/// How many records ahead the hand-out prefetches: enough to cover a fetch from another core's
/// cache or memory at the rate the caller consumes records (about 100 ns each).
constexpr std::size_t kPrefetchAhead = 8;

}  // namespace

ChunkPipeline::ChunkPipeline(const sdk::LogInput& input) : input_(input), slots_(kSlots) {
  for (auto& slot : slots_) slot.capacity = kChunkBytes;  // a buffer only if the input does not map
}

ChunkPipeline::~ChunkPipeline() {
  if (!worker_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
    stop_ = true;
  }
  worker_wake_.notify_one();
  worker_.join();
}

void ChunkPipeline::start(std::uint64_t offset, std::uint64_t file_size) {
  if (!worker_.joinable()) worker_ = std::thread([this] { work(); });
  not_paying_ = false;
  probe_chunks_ = 0;
  probe_wall_ = std::chrono::steady_clock::now();
  probe_cpu_ = cpu_seconds();
  {
    std::lock_guard lock(mutex_);
    active_ = true;
    exhausted_ = false;
    next_offset_ = offset;
    file_size_ = file_size;
    tracer_ = sdk::Tracer::active();
    parent_ = tracer_ ? tracer_->current() : sdk::SpanRef{};
    published_ = released_ = 0;
  }
  running_ = true;
  current_ = nullptr;
  worker_wake_.notify_one();
}

void ChunkPipeline::stop() {
  if (!running_) return;
  std::unique_lock lock(mutex_);
  stop_ = true;
  active_ = false;
  worker_wake_.notify_one();
  caller_wake_.wait(lock, [&] { return !busy_; });
  stop_ = false;
  running_ = false;
  current_ = nullptr;
}

bool ChunkPipeline::next(const unsigned char*& record, RecordLayout& layout) {
  for (;;) {
    if (!current_) {
      std::unique_lock lock(mutex_);
      caller_wake_.wait(lock, [&] { return published_ > released_; });
      current_ = &slots_[released_ % kSlots];
      cursor_ = front_done_ = 0;
    }
    Chunk& chunk = *current_;
    if (cursor_ == chunk.count()) {
      if (chunk.last) return false;  // what follows is the sequential reader's
      {
        std::lock_guard lock(mutex_);
        ++released_;
      }
      worker_wake_.notify_one();
      current_ = nullptr;
      probe();
      if (not_paying_) return false;
      continue;
    }
    ensure_checked(chunk, cursor_);
    if (!chunk.intact[cursor_]) return false;
    // Records the worker checked are in the other CPU's cache, or gone to memory: fetch the
    // start of one a few ahead (its names and lengths, which the view and the caller read).
    if (cursor_ + kPrefetchAhead < chunk.count())
      __builtin_prefetch(chunk.bytes + chunk.starts[cursor_ + kPrefetchAhead]);
    const std::uint32_t at = chunk.starts[cursor_];
    record = chunk.bytes + at;
    layout = intact_layout(record, chunk.starts[cursor_ + 1] - at, chunk.tails[cursor_]);
    ++cursor_;
    return true;
  }
}

// The whole process's CPU time, not only the two pipeline threads': when the caller has threads
// of its own (determinism's replay runs), they take turns with the worker on the CPUs, so the two
// threads alone overlap little even though the process has both CPUs, and handing the caller's
// checking back to it would only lengthen the caller's thread, which the others wait for
// (determinism's 3 runs: 12-17% slower by wall). One CPU to share still shows as ~1.0.
double ChunkPipeline::cpu_seconds() const {
  timespec time{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time);
  return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_nsec) * 1e-9;
}

void ChunkPipeline::probe() {
  if (++probe_chunks_ < kProbeChunks) return;
  const auto now = std::chrono::steady_clock::now();
  const double cpu = cpu_seconds();
  const double wall = std::chrono::duration<double>(now - probe_wall_).count();
  if (wall > 0 && cpu - probe_cpu_ < kMinOverlap * wall) not_paying_ = true;
  probe_chunks_ = 0;
  probe_wall_ = now;
  probe_cpu_ = cpu;
}

void ChunkPipeline::ensure_checked(Chunk& chunk, std::size_t i) {
  if (i < front_done_) [[likely]] return;
  if (auto [from, to] = chunk.claim_front(kBatch); from < to) {
    check_records(chunk, from, to);  // from == i: only this thread claims from the front
    front_done_ = to;
    return;
  }
  // The worker claimed the rest of the chunk; wait for its batch that holds record i (it
  // finishes batches back to front, so everything from `back_done` on is done).
  for (std::uint32_t done = chunk.back_done.load(std::memory_order_acquire); done > i;
       done = chunk.back_done.load(std::memory_order_acquire))
    chunk.back_done.wait(done, std::memory_order_acquire);
  front_done_ = chunk.count();
}

Chunk* ChunkPipeline::unclaimed_chunk() {
  for (std::uint64_t n = released_; n < published_; ++n) {
    Chunk& chunk = slots_[n % kSlots];
    const std::uint64_t claims = chunk.claims.load(std::memory_order_relaxed);
    if ((claims & 0xFFFF'FFFFu) < (claims >> 32)) return &chunk;
  }
  return nullptr;
}

// The worker's priorities: first keep the ring full (reading ahead is what only it does, and the
// caller must never wait for bytes), then check records from the back of the oldest chunk that
// has unclaimed ones, one batch at a time, so that a freed slot is refilled within a batch.
void ChunkPipeline::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    busy_ = false;
    caller_wake_.notify_one();
    Chunk* to_check = nullptr;
    worker_wake_.wait(lock, [&] {
      if (quit_) return true;
      if (!active_ || stop_) return false;
      if (!exhausted_ && published_ < released_ + kSlots) return true;
      to_check = unclaimed_chunk();
      return to_check != nullptr;
    });
    if (quit_) return;
    busy_ = true;
    if (!to_check) {
      Chunk& chunk = slots_[published_ % kSlots];
      const std::uint64_t offset = next_offset_, file_size = file_size_;
      sdk::ScopedSpan span(tracer_, "read chunk", parent_);
      lock.unlock();
      try {
        span.attribute("offset", offset);
        load_chunk(chunk, input_, offset, file_size);
        span.attribute("records", chunk.count());
      } catch (...) {  // out of memory framing: hand everything from here to the sequential reader
        chunk.filled = 0;
        chunk.starts.assign(1, 0);
        chunk.intact.clear();
        chunk.last = true;
      }
      lock.lock();
      if (stop_) continue;
      ++published_;
      next_offset_ = chunk.end_offset();
      exhausted_ = chunk.last;
      caller_wake_.notify_one();
      continue;
    }
    lock.unlock();
    if (auto [from, to] = to_check->claim_back(kBatch); from < to) {
      check_records(*to_check, from, to);
      to_check->back_done.store(static_cast<std::uint32_t>(from), std::memory_order_release);
      to_check->back_done.notify_one();
    }
    lock.lock();
  }
}

}  // namespace interstice::v1_codec
