// Reading OTLP/JSON traces (one TracesData document, or the file exporter's JSON Lines of them)
// as execution traces, one per traceId; errors name the JSON pointer of the span at fault.
#pragma once

#include "interstice/sdk/trace_format.hpp"

namespace interstice::formats::otlp {

void read_otlp_traces(std::istream& in, const std::string& file, const sdk::TraceSink& sink);

}  // namespace interstice::formats::otlp
