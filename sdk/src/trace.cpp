// The names of span statuses, as the native trace format writes them.
#include "interstice/sdk/trace.hpp"

namespace interstice::sdk {

std::string_view to_string(SpanStatus status) {
  switch (status) {
    case SpanStatus::Ok: return "Ok";
    case SpanStatus::Error: return "Error";
    case SpanStatus::Running: return "Running";
  }
  return "Ok";
}

std::optional<SpanStatus> parse_span_status(std::string_view text) {
  for (SpanStatus status : {SpanStatus::Ok, SpanStatus::Error, SpanStatus::Running})
    if (text == to_string(status)) return status;
  return std::nullopt;
}

}  // namespace interstice::sdk
