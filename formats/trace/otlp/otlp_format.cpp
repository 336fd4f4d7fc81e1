// The `otlp` trace format: OTLP/JSON, as the OpenTelemetry file exporter writes it (one
// TracesData per line), which an OpenTelemetry collector's otlpjsonfile receiver and Jaeger's
// upload accept. Reads it back too, one JSON document or JSON Lines, a trace per traceId.
#include "otlp_reader.hpp"
#include "otlp_writer.hpp"

namespace sdk = interstice::sdk;

namespace interstice::formats::otlp {

class OtlpFormat final : public sdk::TraceFormat {
 public:
  std::unique_ptr<sdk::TraceWriter> open(std::ostream& out) const override { return std::make_unique<OtlpWriter>(out); }
  bool can_read() const override { return true; }
  int detect(std::string_view head) const override {
    return head.find("\"resourceSpans\"") != std::string_view::npos ? 95 : 0;
  }
  void read(std::istream& in, const std::string& file, const sdk::TraceSink& sink) const override {
    read_otlp_traces(in, file, sink);
  }
};

}  // namespace interstice::formats::otlp

INTERSTICE_PLUGIN(interstice::formats::otlp::OtlpFormat, "otlp", INTERSTICE_PLUGIN_VERSION,
                  "OTLP/JSON (OpenTelemetry file exporter form) for collectors and Jaeger")
