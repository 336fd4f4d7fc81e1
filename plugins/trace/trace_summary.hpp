// `trace summary`: what a trace spent its time on. The seed's fields (trace_id,
// total_duration_us, span_count, module_call_count, reducer_call_count, total_time_by_reducer),
// then per reducer and per span name: calls, total and self time, p50/p95/p99/max; and the
// critical path. Text shows tables sorted by total time.
#pragma once

#include "trace_input.hpp"

#include "interstice/sdk/report.hpp"

namespace interstice::plugins::trace {

sdk::Report summarize(const TraceInput& input, const std::string& path);

}  // namespace interstice::plugins::trace
