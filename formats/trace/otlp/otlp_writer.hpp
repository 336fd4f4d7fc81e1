// Writing an execution trace as OTLP/JSON (one `TracesData` on one line, the OpenTelemetry file
// exporter's JSON Lines form) that an OpenTelemetry collector and Jaeger's upload accept: a
// resource per module (`service.name`), hex ids, integer kind and status codes, 64-bit numbers
// as decimal strings; what OTLP has no field for goes in `interstice.*` attributes.
#pragma once

#include "interstice/sdk/trace_format.hpp"

namespace interstice::formats::otlp {

/// The attribute names that carry the model's own fields through OTLP.
inline constexpr const char* kModuleAttribute = "interstice.module_id";
inline constexpr const char* kReducerAttribute = "interstice.reducer_name";
inline constexpr const char* kStatusAttribute = "interstice.status";  ///< "Running" (OTLP has no such status)
inline constexpr const char* kRootNameAttribute = "interstice.trace.root_name";
inline constexpr const char* kStartAttribute = "interstice.trace.start_time_us";
inline constexpr const char* kEndAttribute = "interstice.trace.end_time_us";

class OtlpWriter final : public sdk::WholeTraceWriter {
 public:
  explicit OtlpWriter(std::ostream& out) : out_(out) {}

 private:
  std::vector<std::string> write(const sdk::ExecutionTrace& trace) override;
  std::ostream& out_;
};

}  // namespace interstice::formats::otlp
