// The native trace file format: the JSON of `ExecutionTrace` (trace.hpp), one trace per file or
// JSON Lines of traces, described field by field in docs/trace-format.md with a JSON Schema
// (docs/trace-format.schema.json) so the Interstice runtime or anyone else can emit it. The
// host's `interstice --trace FILE` writes it; `interstice trace` reads it.
#pragma once

#include "interstice/sdk/trace.hpp"
#include "interstice/sdk/trace_check.hpp"

#include <filesystem>
#include <functional>
#include <istream>
#include <ostream>
#include <string>

namespace interstice::sdk {

/// Writes `trace` as one JSON document: its members in the model's order, then one span per
/// line, and a final newline.
INTERSTICE_SDK_API void write_trace_json(std::ostream& out, const ExecutionTrace& trace);

/// Writes `trace` as one line of JSON Lines (compact, with its newline), to append to a file
/// that gathers traces.
INTERSTICE_SDK_API void write_trace_json_line(std::ostream& out, const ExecutionTrace& trace);

/// `write_trace_json` in pieces, for writers that stream spans as they come: the trace's own
/// members up to the spans (`header.spans` is not read), each span (`first` for the first), then
/// the end of the document (`any_span`: whether a span was written).
INTERSTICE_SDK_API void write_trace_json_begin(std::ostream& out, const ExecutionTrace& header);
INTERSTICE_SDK_API void write_trace_json_span(std::ostream& out, const TraceSpan& span, bool first);
INTERSTICE_SDK_API void write_trace_json_end(std::ostream& out, bool any_span);

/// Called with each trace read, in file order.
using TraceSink = std::function<void(ExecutionTrace&& trace)>;

/// Reads every trace of a native trace input named `file` (one JSON document, or JSON Lines of
/// them), streaming: spans are read one at a time, at most `max_spans` per trace, so memory stays
/// bounded whatever the file holds. Each trace is checked (`check_trace`) before `sink` gets it.
/// Malformed JSON, a wrong type, a missing member or a broken rule throws `Error` (input) with
/// the JSON pointer of the place, e.g. "t.json: at /spans/3/parent_span_id: parent span
/// 00000000000000aa does not exist in this trace"; a trace after the first of a JSON Lines file
/// is named as a record ("t.jsonl: record 2, at /spans/0/name: ...").
INTERSTICE_SDK_API void read_trace_json(std::istream& in, const std::string& file, const TraceSink& sink,
                                        std::uint64_t max_spans = kMaxTraceSpans);

/// The one trace of a native trace file; a file holding no trace or several is an `Error`.
INTERSTICE_SDK_API ExecutionTrace read_trace_json_file(const std::filesystem::path& path);

}  // namespace interstice::sdk
