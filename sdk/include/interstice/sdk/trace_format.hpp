// The plugin kind that writes (and may read) execution traces in a file format: Chrome's Trace
// Event Format for Perfetto, OTLP/JSON for OpenTelemetry collectors and Jaeger, folded stacks,
// an SVG flame graph, the native JSON. It exists so that a trace format is a plugin like an
// output format or an exporter: `interstice trace export TRACE --to ID` writes with any of them,
// `interstice trace` reads with any that can read (picked by detection), and the host's
// `interstice --trace FILE --trace-format ID` records with one, without the host or the `trace`
// command knowing a single format by name. The model is trace.hpp; its rules trace_check.hpp.
#pragma once

#include "interstice/sdk/plugin.hpp"
#include "interstice/sdk/trace.hpp"

#include <functional>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk {

/// Writes one trace: `begin` with the trace's own fields (its `spans` are empty), `span` for each
/// span (a parent does not necessarily come before its children), then `end`. Spans are checked
/// before they come (trace_check.hpp): ids are well formed and unique, parents exist.
class BOOST_SYMBOL_VISIBLE TraceWriter {
 public:
  virtual ~TraceWriter() = default;
  virtual void begin(const ExecutionTrace& header) = 0;
  virtual void span(const TraceSpan& span) = 0;
  /// Writes what is left. Returns notes for the user about spans the format could not show as
  /// they are (Chrome: spans that do not nest, moved to a track of their own); empty when none.
  /// Throw `Error` (error.hpp) if the trace cannot be written at all.
  virtual std::vector<std::string> end() = 0;
  /// The whole trace at once, for callers that hold it: begin, each span, end (a WholeTraceWriter
  /// writes it without collecting a copy). Returns end's notes.
  INTERSTICE_SDK_API virtual std::vector<std::string> write_trace(const ExecutionTrace& trace);
};

/// A writer for formats whose layout needs the whole trace (grouped, sorted, nested): it collects
/// the spans and calls `write` once, from `end`.
class BOOST_SYMBOL_VISIBLE WholeTraceWriter : public TraceWriter {
 public:
  INTERSTICE_SDK_API void begin(const ExecutionTrace& header) final;
  INTERSTICE_SDK_API void span(const TraceSpan& span) final;
  INTERSTICE_SDK_API std::vector<std::string> end() final;
  INTERSTICE_SDK_API std::vector<std::string> write_trace(const ExecutionTrace& trace) final;

 protected:
  /// The whole trace, spans in the order they came; returns notes as `end` does.
  virtual std::vector<std::string> write(const ExecutionTrace& trace) = 0;

 private:
  ExecutionTrace trace_;
};

/// Called with each trace read, in file order (a file may hold several: JSON Lines); the same
/// alias as trace_json.hpp's.
using TraceSink = std::function<void(ExecutionTrace&& trace)>;

class BOOST_SYMBOL_VISIBLE TraceFormat : public Plugin {
 public:
  static constexpr const char* kind = "trace-format";

  /// A writer of one trace to `out` (which outlives it). Output is bytes: open `out` binary.
  virtual std::unique_ptr<TraceWriter> open(std::ostream& out) const = 0;

  /// Reading is optional: a format that reads says so here and overrides `detect` and `read`.
  virtual bool can_read() const { return false; }
  /// How sure the format is that a file beginning with `head` (its first 64 KiB at most) is its
  /// own: 0 (not at all) to 100.
  virtual int detect(std::string_view /*head*/) const { return 0; }
  /// Reads every trace of `in` (named `file` in errors) into `sink`, each checked with
  /// `check_trace` first, in memory bounded by `kMaxTraceSpans`. Bad input throws `Error`
  /// (input) with the JSON pointer (or line) of the place. The default says the format cannot
  /// read (a usage error).
  INTERSTICE_SDK_API virtual void read(std::istream& in, const std::string& file, const TraceSink& sink) const;
};

}  // namespace interstice::sdk
