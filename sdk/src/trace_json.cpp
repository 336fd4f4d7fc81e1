// The native trace format: writing ExecutionTrace as JSON (a document, or a JSON Lines line) and
// reading it back in bounded memory (JsonStream streams the spans), every problem named by its
// JSON pointer.
#include "interstice/sdk/trace_json.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/util/json_fields.hpp"
#include "interstice/sdk/util/json_stream.hpp"
#include "interstice/sdk/util/open_error.hpp"

#include <cerrno>
#include <fmt/format.h>

#include <fstream>

namespace json = boost::json;

namespace interstice::sdk {

namespace {

// The text between the parts of a trace: a pretty document (one span per line) or one line.
struct Layout {
  const char* open;         // after "{"
  const char* between;      // between the trace's own members
  const char* colon;        // after a key
  const char* spans_open;   // after "spans":[
  const char* span_before;  // before a span that is not the first
  const char* close;        // after the last span
};
constexpr Layout kDocument{"\n  ", ",\n  ", ": ", "\n    ", ",\n    ", "\n  ]\n}\n"};
constexpr Layout kLine{"", ",", ":", "", ",", "]}\n"};

void member(std::ostream& out, const Layout& layout, const char* key, bool first) {
  if (!first) out << layout.between;
  write_json_string(out, key);
  out << layout.colon;
}

void write_begin(std::ostream& out, const ExecutionTrace& trace, const Layout& layout) {
  out << '{' << layout.open;
  member(out, layout, "trace_id", true);
  write_json_string(out, trace.trace_id);
  member(out, layout, "root_name", false);
  write_json_string(out, trace.root_name);
  member(out, layout, "start_time_us", false);
  out << trace.start_time_us;
  member(out, layout, "end_time_us", false);
  out << trace.end_time_us;
  member(out, layout, "total_duration_us", false);
  out << trace.total_duration_us;
  member(out, layout, "spans", false);
  out << '[';
}

// A span is always compact: one line each in both layouts.
void write_span(std::ostream& out, const TraceSpan& span, bool first, const Layout& layout) {
  out << (first ? layout.spans_open : layout.span_before) << "{\"span_id\":";
  write_json_string(out, span.span_id);
  out << ",\"parent_span_id\":";
  if (span.parent_span_id) write_json_string(out, *span.parent_span_id);
  else out << "null";
  out << ",\"name\":";
  write_json_string(out, span.name);
  out << ",\"module_id\":";
  write_json_string(out, span.module_id);
  out << ",\"reducer_name\":";
  write_json_string(out, span.reducer_name);
  out << ",\"start_time_us\":" << span.start_time_us << ",\"duration_us\":" << span.duration_us << ",\"status\":";
  write_json_string(out, to_string(span.status));
  out << ",\"attributes\":";
  write_json(out, span.attributes, 0);
  out << '}';
}

void write_end(std::ostream& out, bool any_span, const Layout& layout) {
  // An empty spans array closes on the same line: `"spans": []`.
  out << (any_span ? layout.close : &layout.close[std::string_view(layout.close).find(']')]);
}

TraceSpan span_from_json(const json::value& value, const std::string& pointer, const JsonLocator& locate) {
  JsonFields fields(value, pointer, locate);
  TraceSpan span;
  span.span_id = fields.string("span_id");
  span.parent_span_id = fields.optional_string("parent_span_id");
  span.name = fields.string("name");
  span.module_id = fields.optional_string("module_id").value_or("");
  span.reducer_name = fields.optional_string("reducer_name").value_or("");
  span.start_time_us = fields.integer("start_time_us");
  span.duration_us = fields.integer("duration_us");
  if (auto status = fields.optional_string("status")) {
    auto parsed = parse_span_status(*status);
    if (!parsed) fields.fail("status", fmt::format("unknown status \"{}\" (Ok, Error or Running)", *status));
    span.status = *parsed;
  }
  if (const json::object* attributes = fields.optional_object("attributes")) span.attributes = *attributes;
  return span;
}

void read_header(const json::value& document, ExecutionTrace& trace, const JsonLocator& locate) {
  JsonFields fields(document, "", locate);
  trace.trace_id = fields.string("trace_id");
  trace.root_name = fields.string("root_name");
  trace.start_time_us = fields.integer("start_time_us");
  trace.end_time_us = fields.integer("end_time_us");
  trace.total_duration_us = fields.integer("total_duration_us");
  if (!fields.optional_array("spans")) fields.at("spans");  // missing: the error names it
}

}  // namespace

void write_trace_json_begin(std::ostream& out, const ExecutionTrace& header) { write_begin(out, header, kDocument); }
void write_trace_json_span(std::ostream& out, const TraceSpan& span, bool first) { write_span(out, span, first, kDocument); }
void write_trace_json_end(std::ostream& out, bool any_span) { write_end(out, any_span, kDocument); }

void write_trace_json(std::ostream& out, const ExecutionTrace& trace) {
  write_begin(out, trace, kDocument);
  for (std::size_t i = 0; i < trace.spans.size(); ++i) write_span(out, trace.spans[i], i == 0, kDocument);
  write_end(out, !trace.spans.empty(), kDocument);
}

void write_trace_json_line(std::ostream& out, const ExecutionTrace& trace) {
  write_begin(out, trace, kLine);
  for (std::size_t i = 0; i < trace.spans.size(); ++i) write_span(out, trace.spans[i], i == 0, kLine);
  write_end(out, !trace.spans.empty(), kLine);
}

void read_trace_json(std::istream& in, const std::string& file, const TraceSink& sink, std::uint64_t max_spans) {
  JsonStreamLimits limits;
  limits.max_elements = max_spans;
  limits.element_noun = "spans";
  JsonStream stream(in, file, {"/spans"}, limits);
  JsonLocator locate = [&stream](std::string pointer) { return stream.location(std::move(pointer)); };
  while (true) {
    ExecutionTrace trace;
    auto document = stream.next([&](const std::string& pointer, json::value&& element) {
      trace.spans.push_back(span_from_json(element, pointer, locate));
    });
    if (!document) return;
    read_header(*document, trace, locate);
    check_trace(
        trace,
        [&](std::size_t span, std::string_view field) {
          std::string pointer = span == kTraceItself ? "" : json_pointer_append("/spans", span);
          return locate(field.empty() ? pointer : json_pointer_append(pointer, field));
        },
        max_spans);
    sink(std::move(trace));
  }
}

ExecutionTrace read_trace_json_file(const std::filesystem::path& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw Error::input("is a directory, not a trace file", Location::in_file(path.string()));
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::input(cannot_open_message(errno), Location::in_file(path.string()));
  std::optional<ExecutionTrace> only;
  std::uint64_t count = 0;
  read_trace_json(in, path.string(), [&](ExecutionTrace&& trace) {
    if (++count == 1) only = std::move(trace);
  });
  if (count != 1)
    throw Error::input(count == 0 ? "holds no trace" : fmt::format("holds {} traces, not one", count),
                       Location::in_file(path.string()));
  return std::move(*only);
}

}  // namespace interstice::sdk
