// An execution trace: what the tracer records (`interstice --trace FILE`), what the Interstice
// runtime may emit, and what `interstice trace` analyses and converts. The names are the seed's.
// Its native file form is this model as JSON (docs/trace-format.md, with a JSON Schema).
#pragma once

#include "interstice/sdk/abi.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk {

enum class SpanStatus : std::uint8_t { Ok, Error, Running };

INTERSTICE_SDK_API std::string_view to_string(SpanStatus status);  ///< "Ok", "Error", "Running"
INTERSTICE_SDK_API std::optional<SpanStatus> parse_span_status(std::string_view text);

/// One timed piece of work. Ids are lower-case hex: a span id 16 digits (8 bytes), a trace id
/// 32 (16 bytes), as OpenTelemetry spells them.
struct TraceSpan {
  std::string span_id;
  std::optional<std::string> parent_span_id;  ///< none for a root span
  std::string name;                           ///< e.g. "decode", "reducer:process_transaction"
  std::string module_id;                      ///< the module it ran for ("" when none)
  std::string reducer_name;                   ///< the reducer it ran ("" when none)
  std::int64_t start_time_us = 0;             ///< µs since the Unix epoch
  std::int64_t duration_us = 0;               ///< ≥ 0; for a Running span, so far
  SpanStatus status = SpanStatus::Ok;
  boost::json::object attributes;             ///< e.g. {"thread": 2, "records": 4096}
};

struct ExecutionTrace {
  std::string trace_id;
  std::string root_name;  ///< what was traced, e.g. "interstice log-inspect"
  std::int64_t start_time_us = 0;
  std::int64_t end_time_us = 0;
  std::int64_t total_duration_us = 0;  ///< end_time_us - start_time_us
  std::vector<TraceSpan> spans;        ///< parents before their children is not required
};

}  // namespace interstice::sdk
