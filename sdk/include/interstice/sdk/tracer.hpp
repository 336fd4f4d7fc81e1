// The execution tracer: timed, nested spans that the host records with `interstice --trace FILE`
// and every plugin adds to through `host().tracer()`. Cheap enough to leave in the code: a span
// costs one test when nothing is recorded, and a few nanoseconds (two cycle-counter reads and
// stores into a per-thread buffer, no lock, no allocation) when something is (bench/tracer).
//
//     sdk::ScopedSpan span(host().tracer(), "decode");  // the name: a string literal
//     span.attribute("records", n);                     // optional, off the fast path
//
// Spans nest per thread: a span's parent is the innermost span open on its thread, else the
// recording's root. Work handed to another thread names its parent with `Tracer::current()`.
// A span left by an exception is marked Error. The result is trace.hpp's ExecutionTrace.
#pragma once

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/trace.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

namespace interstice::sdk {

/// A span of one recording, to parent work done on another thread. The default is the root.
struct SpanRef {
  std::uint64_t id = 0;
};

class Tracer {
 public:
  /// Starts a recording; its root span, named `root_name`, lasts until `snapshot`.
  INTERSTICE_SDK_API explicit Tracer(std::string root_name);
  INTERSTICE_SDK_API ~Tracer();
  Tracer(const Tracer&) = delete;
  Tracer& operator=(const Tracer&) = delete;

  /// The innermost span open on the calling thread, or the root.
  INTERSTICE_SDK_API SpanRef current() const noexcept;
  /// The ids the trace will carry (32 and 16 hex digits), e.g. for log events.
  INTERSTICE_SDK_API const std::string& trace_id() const noexcept;
  INTERSTICE_SDK_API std::string span_id(SpanRef span) const;

  /// Everything recorded so far, the root first. A span still open is Running (its duration so
  /// far); every span has the attribute `thread` (0 for the thread that made the tracer). Spans
  /// beyond kMaxTraceSpans (trace_check.hpp) are not kept: the root's `dropped_spans` counts them.
  INTERSTICE_SDK_API ExecutionTrace snapshot() const;

  /// The process's recording (what HostServices::tracer returns), or null. Set by the host.
  INTERSTICE_SDK_API static Tracer* active() noexcept;
  INTERSTICE_SDK_API static void set_active(Tracer* tracer) noexcept;

  struct Span;  // one recorded span, in its thread's buffer
  /// ScopedSpan's entry points: `open` returns null when the span cannot be kept.
  INTERSTICE_SDK_API Span* open(const char* name, SpanRef parent) noexcept;
  INTERSTICE_SDK_API static void close(Span* span) noexcept;
  INTERSTICE_SDK_API static void fail(Span* span) noexcept;
  INTERSTICE_SDK_API static SpanRef ref(const Span* span) noexcept;
  /// `key` "module" and "reducer" fill the span's module_id and reducer_name.
  INTERSTICE_SDK_API static void annotate(Span* span, std::string_view key, boost::json::value value);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// A span from construction to destruction (or `end`), on the calling thread.
class ScopedSpan {
 public:
  /// `name` must outlive the recording: a string literal. With a null tracer nothing happens.
  ScopedSpan(Tracer* tracer, const char* name, SpanRef parent = {}) noexcept
      : span_(tracer ? tracer->open(name, parent) : nullptr) {}
  ~ScopedSpan() { end(); }
  ScopedSpan(const ScopedSpan&) = delete;
  ScopedSpan& operator=(const ScopedSpan&) = delete;

  bool recording() const noexcept { return span_ != nullptr; }
  /// This span, to parent work on other threads; the root when not recording.
  SpanRef ref() const noexcept { return span_ ? Tracer::ref(span_) : SpanRef{}; }

  ScopedSpan& module(std::string_view id) { return attribute("module", id); }
  ScopedSpan& reducer(std::string_view name) { return attribute("reducer", name); }
  /// An attribute: text, a number or a bool (anything boost::json::value takes).
  template <typename T>
  ScopedSpan& attribute(std::string_view key, const T& value) {
    if (span_) Tracer::annotate(span_, key, boost::json::value(value));
    return *this;
  }
  ScopedSpan& attribute(std::string_view key, std::string_view value) {
    if (span_) Tracer::annotate(span_, key, boost::json::value(boost::json::string_view(value.data(), value.size())));
    return *this;
  }
  /// Marks the span Error (it also is when an exception leaves its scope).
  void fail() noexcept {
    if (span_) Tracer::fail(span_);
  }
  /// Ends the span before the scope does. (An exception in flight marks it Error, which also
  /// marks a span opened and closed inside a destructor that runs while the stack unwinds.)
  void end() noexcept {
    if (!span_) return;
    if (std::uncaught_exceptions() > 0) Tracer::fail(span_);
    Tracer::close(span_);
    span_ = nullptr;
  }

 private:
  Tracer::Span* span_;
};

}  // namespace interstice::sdk
