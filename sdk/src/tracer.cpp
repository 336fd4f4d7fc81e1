// The tracer's recording (see tracer.hpp). Why it is shaped this way:
//
// - Each thread writes its spans into a buffer of its own (chunks of 4096 spans that never move),
//   found through one initial-exec thread_local, so opening a span takes no lock and allocates
//   only once per 4096 spans. `snapshot` reads the buffers from another thread: the count of
//   spans is published with release stores, a span's end with an atomic store (0 = still open).
// - Time is the CPU's cycle counter (rdtsc, ~7 ns; clock_gettime is ~20 ns), converted to
//   microseconds at `snapshot` against the system clock read at both ends of the recording
//   (the machines we run on have an invariant TSC; elsewhere std::chrono::steady_clock).
// - A span's id is (thread number << 32 | index + 1), turned into the 16 hex digits of the trace
//   by a bijective mix with a per-recording key, so ids are unique and look random as
//   OpenTelemetry wants; the root is id 0.
#include "interstice/sdk/tracer.hpp"

#include "interstice/sdk/trace_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <unordered_set>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

namespace interstice::sdk {

namespace {

std::uint64_t ticks() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  return __rdtsc();
#else
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
#endif
}

std::int64_t system_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr std::size_t kChunkSpans = 4096;
constexpr std::size_t kMaxChunks = (kMaxTraceSpans + kChunkSpans - 1) / kChunkSpans;  // per thread
constexpr int kThreadShift = 32;

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finalizer: a bijection
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::atomic<Tracer*> active_tracer{nullptr};
std::atomic<std::uint64_t> next_serial{1};

}  // namespace

struct ThreadBuffer;

struct Tracer::Span {
  const char* name;
  ThreadBuffer* owner;
  std::uint64_t id, parent, previous;  // previous: the thread's innermost span before this one
  std::uint64_t start;
  // Each slot is written once per recording, in a chunk made zeroed: no reset when a span opens.
  std::atomic<std::uint64_t> end{0};  // 0 while open
  std::atomic<bool> failed{false};
};

struct Annotation {
  std::uint64_t span;
  std::string key;
  boost::json::value value;
};

struct ThreadBuffer {
  explicit ThreadBuffer(std::uint64_t number) : number(number) {}
  std::uint64_t number;
  std::uint64_t current = 0;  // the innermost open span's id, 0 for the root
  std::size_t count = 0;      // spans written (this thread only)
  std::atomic<std::size_t> published{0};
  std::array<std::unique_ptr<Tracer::Span[]>, kMaxChunks> chunks;
  std::mutex annotations_mutex;  // taken by annotate (rare) and snapshot
  std::vector<Annotation> annotations;
  std::uint64_t dropped = 0;
};

struct Tracer::Impl {
  std::string root_name;
  std::uint64_t serial = next_serial.fetch_add(1);
  std::uint64_t key = 0;
  std::string trace_id;
  std::uint64_t start_ticks = 0;
  std::int64_t start_us = 0;
  mutable std::mutex mutex;  // guards threads
  std::vector<std::unique_ptr<ThreadBuffer>> threads;

  ThreadBuffer* buffer() noexcept;
  std::string span_id(std::uint64_t id) const { return fmt::format("{:016x}", mix(id + key)); }
};

namespace {

struct ThreadCache {
  std::uint64_t serial = 0;
  ThreadBuffer* buffer = nullptr;
};
// initial-exec: the SDK library is loaded with the program, and one lookup of a general-dynamic
// thread_local (__tls_get_addr) would cost as much as the rest of opening a span.
thread_local ThreadCache cache __attribute__((tls_model("initial-exec")));

}  // namespace

ThreadBuffer* Tracer::Impl::buffer() noexcept {
  if (cache.serial == serial) [[likely]]
    return cache.buffer;
  try {
    std::lock_guard lock(mutex);
    threads.push_back(std::make_unique<ThreadBuffer>(threads.size()));
    cache = {serial, threads.back().get()};
    return cache.buffer;
  } catch (...) {
    return nullptr;
  }
}

Tracer::Tracer(std::string root_name) : impl_(std::make_unique<Impl>()) {
  impl_->root_name = std::move(root_name);
  std::random_device random;
  std::uniform_int_distribution<std::uint64_t> bits;
  impl_->key = bits(random);
  impl_->trace_id = fmt::format("{:016x}{:016x}", bits(random), bits(random));
  impl_->buffer();  // the making thread is thread 0
  impl_->start_us = system_us();
  impl_->start_ticks = ticks();
}

Tracer::~Tracer() {
  Tracer* self = this;
  active_tracer.compare_exchange_strong(self, nullptr);
}

Tracer* Tracer::active() noexcept { return active_tracer.load(std::memory_order_acquire); }
void Tracer::set_active(Tracer* tracer) noexcept { active_tracer.store(tracer, std::memory_order_release); }

SpanRef Tracer::current() const noexcept {
  ThreadBuffer* buffer = impl_->buffer();
  return SpanRef{buffer ? buffer->current : 0};
}

const std::string& Tracer::trace_id() const noexcept { return impl_->trace_id; }

std::string Tracer::span_id(SpanRef span) const { return impl_->span_id(span.id); }

Tracer::Span* Tracer::open(const char* name, SpanRef parent) noexcept {
  ThreadBuffer* buffer = impl_->buffer();
  if (!buffer) [[unlikely]]
    return nullptr;
  const std::size_t index = buffer->count;
  auto& chunk = buffer->chunks[index / kChunkSpans];
  if (index % kChunkSpans == 0) [[unlikely]] {
    if (index / kChunkSpans >= kMaxChunks) {
      ++buffer->dropped;
      return nullptr;
    }
    if (!chunk) chunk.reset(new (std::nothrow) Span[kChunkSpans]);
    if (!chunk) {
      ++buffer->dropped;
      return nullptr;
    }
  }
  Span& span = chunk[index % kChunkSpans];
  span.name = name;
  span.owner = buffer;
  span.id = (buffer->number << kThreadShift) | (index + 1);
  span.parent = parent.id != 0 ? parent.id : buffer->current;
  span.previous = buffer->current;
  buffer->current = span.id;
  buffer->count = index + 1;
  span.start = ticks();
  buffer->published.store(index + 1, std::memory_order_release);
  return &span;
}

void Tracer::close(Span* span) noexcept {
  span->end.store(ticks(), std::memory_order_release);
  // Spans normally close innermost first; one that does not leaves the thread's current alone.
  if (span->owner->current == span->id) span->owner->current = span->previous;
}

void Tracer::fail(Span* span) noexcept { span->failed.store(true, std::memory_order_relaxed); }

SpanRef Tracer::ref(const Span* span) noexcept { return SpanRef{span->id}; }

void Tracer::annotate(Span* span, std::string_view key, boost::json::value value) {
  ThreadBuffer& buffer = *span->owner;
  std::lock_guard lock(buffer.annotations_mutex);
  buffer.annotations.push_back(Annotation{span->id, std::string(key), std::move(value)});
}

ExecutionTrace Tracer::snapshot() const {
  const Impl& impl = *impl_;
  const std::uint64_t end_ticks = ticks();
  const std::int64_t end_us = system_us();
  const double us_per_tick = end_ticks > impl.start_ticks
                                 ? static_cast<double>(end_us - impl.start_us) / static_cast<double>(end_ticks - impl.start_ticks)
                                 : 0.0;
  const auto to_us = [&](std::uint64_t t) {
    const auto since = t > impl.start_ticks ? static_cast<double>(t - impl.start_ticks) * us_per_tick : 0.0;
    return impl.start_us + static_cast<std::int64_t>(since);
  };

  ExecutionTrace trace;
  trace.trace_id = impl.trace_id;
  trace.root_name = impl.root_name;
  trace.start_time_us = impl.start_us;
  trace.end_time_us = std::max(end_us, impl.start_us);
  trace.total_duration_us = trace.end_time_us - trace.start_time_us;

  TraceSpan root;
  root.span_id = impl.span_id(0);
  root.name = impl.root_name;
  root.start_time_us = trace.start_time_us;
  root.duration_us = trace.total_duration_us;
  root.attributes["thread"] = 0;
  trace.spans.push_back(std::move(root));

  std::lock_guard lock(impl.mutex);
  std::uint64_t dropped = 0;
  for (const auto& buffer : impl.threads) {
    const std::size_t first = trace.spans.size();
    std::size_t count = buffer->published.load(std::memory_order_acquire);
    dropped += buffer->dropped;
    if (trace.spans.size() + count > kMaxTraceSpans) {  // a trace no reader would take
      const std::size_t kept = kMaxTraceSpans - trace.spans.size();
      dropped += count - kept;
      count = kept;
    }
    for (std::size_t i = 0; i < count; ++i) {
      const Span& span = buffer->chunks[i / kChunkSpans][i % kChunkSpans];
      TraceSpan out;
      out.span_id = impl.span_id(span.id);
      out.parent_span_id = impl.span_id(span.parent);
      out.name = span.name;
      out.start_time_us = std::clamp(to_us(span.start), trace.start_time_us, trace.end_time_us);
      const std::uint64_t end = span.end.load(std::memory_order_acquire);
      const std::int64_t end_time = end ? std::clamp(to_us(end), out.start_time_us, trace.end_time_us) : trace.end_time_us;
      out.duration_us = end_time - out.start_time_us;
      out.status = !end ? SpanStatus::Running : span.failed.load(std::memory_order_relaxed) ? SpanStatus::Error : SpanStatus::Ok;
      out.attributes["thread"] = buffer->number;
      trace.spans.push_back(std::move(out));
    }
    std::lock_guard annotations_lock(buffer->annotations_mutex);
    for (const auto& note : buffer->annotations) {
      const std::size_t index = (note.span & 0xffffffffULL) - 1;
      if (index >= count) continue;
      TraceSpan& span = trace.spans[first + index];
      if (note.key == "module" && note.value.is_string())
        span.module_id = note.value.as_string();
      else if (note.key == "reducer" && note.value.is_string())
        span.reducer_name = note.value.as_string();
      else
        span.attributes[note.key] = note.value;
    }
  }
  if (dropped) {
    trace.spans.front().attributes["dropped_spans"] = dropped;
    // A kept span whose parent was not kept hangs from the root.
    std::unordered_set<std::string_view> kept;
    for (const auto& span : trace.spans) kept.insert(span.span_id);
    for (auto& span : trace.spans)
      if (span.parent_span_id && !kept.count(*span.parent_span_id)) span.parent_span_id = trace.spans.front().span_id;
  }
  return trace;
}

}  // namespace interstice::sdk
