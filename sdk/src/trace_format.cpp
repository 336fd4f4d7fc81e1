// The out-of-line parts of the trace format kind: the collecting writer and the default reader
// (kept in the SDK library so their code never lives in a plugin that may be unloaded).
#include "interstice/sdk/trace_format.hpp"

#include "interstice/sdk/error.hpp"

namespace interstice::sdk {

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
