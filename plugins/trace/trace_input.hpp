// The trace a `trace` action works on: read from a file or standard input ("-") by the trace
// format named with --from, or else by the one whose detection is surest about the first 64 KiB;
// when the file holds several traces (JSON Lines, OTLP), the one --trace-id names.
#pragma once

#include "interstice/sdk/command_context.hpp"
#include "interstice/sdk/trace.hpp"
#include "interstice/sdk/trace_format.hpp"

#include <string>

namespace interstice::plugins::trace {

struct TraceInput {
  sdk::ExecutionTrace trace;
  std::string format;  ///< the id of the trace format that read it
};

/// Throws `Error` (usage) for an unknown --from or --trace-id, a file of several traces without
/// --trace-id, or a format nobody detects; (input) for a missing or bad file.
TraceInput read_trace_input(sdk::CommandContext& context, const std::string& path);

/// The loaded trace format `id`, or a usage error listing those that can `what` ("read", "write").
const sdk::TraceFormat& find_trace_format(const sdk::CommandContext& context, const std::string& id, bool reading);

}  // namespace interstice::plugins::trace
