// `trace export TRACE --to ID --out FILE`: the trace written by another trace format plugin, into
// a temp file renamed over FILE only when the writer finished (as log-export does), or to
// standard output with `--out -` (then the text report shows nothing, so a pipe gets only the trace).
#pragma once

#include "trace_input.hpp"

#include "interstice/sdk/report.hpp"

namespace interstice::plugins::trace {

sdk::Report export_trace(sdk::CommandContext& context, const TraceInput& input, const std::string& path,
                         const std::string& to, const std::string& out);

}  // namespace interstice::plugins::trace
