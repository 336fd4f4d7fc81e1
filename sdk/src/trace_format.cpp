// The out-of-line parts of the trace format kind: the collecting writer and the default reader
// (kept in the SDK library so their code never lives in a plugin that may be unloaded).
#include "interstice/sdk/trace_format.hpp"

#include "interstice/sdk/error.hpp"

namespace interstice::sdk {

std::vector<std::string> TraceWriter::write_trace(const ExecutionTrace& trace) {
  ExecutionTrace header;
  header.trace_id = trace.trace_id;
  header.root_name = trace.root_name;
  header.start_time_us = trace.start_time_us;
  header.end_time_us = trace.end_time_us;
  header.total_duration_us = trace.total_duration_us;
  begin(header);
  for (const TraceSpan& span : trace.spans) this->span(span);
  return end();
}

std::vector<std::string> WholeTraceWriter::write_trace(const ExecutionTrace& trace) { return write(trace); }

void WholeTraceWriter::begin(const ExecutionTrace& header) {
  trace_ = header;
  trace_.spans.clear();
}

void WholeTraceWriter::span(const TraceSpan& span) { trace_.spans.push_back(span); }

std::vector<std::string> WholeTraceWriter::end() {
  auto notes = write(trace_);
  trace_ = {};
  return notes;
}

void TraceFormat::read(std::istream&, const std::string&, const TraceSink&) const {
  throw Error::usage("this trace format writes traces but cannot read them");
}

}  // namespace interstice::sdk
