// The `native` trace format: Interstice's own trace JSON (docs/trace-format.md), written span by
// span as it streams and read back, one trace per document or JSON Lines of them. It is the SDK's
// writer and reader (trace_json.hpp) as a plugin, so `trace export --to native`, `--trace-format`
// and detection treat it like every other trace format.
#include "interstice/sdk/trace_format.hpp"
#include "interstice/sdk/trace_json.hpp"

namespace sdk = interstice::sdk;

namespace interstice::formats::native {

class NativeWriter final : public sdk::TraceWriter {
 public:
  explicit NativeWriter(std::ostream& out) : out_(out) {}
  void begin(const sdk::ExecutionTrace& header) override { sdk::write_trace_json_begin(out_, header); }
  void span(const sdk::TraceSpan& span) override { sdk::write_trace_json_span(out_, span, spans_++ == 0); }
  std::vector<std::string> end() override {
    sdk::write_trace_json_end(out_, spans_ > 0);
    return {};
  }

 private:
  std::ostream& out_;
  std::uint64_t spans_ = 0;
};

class NativeFormat final : public sdk::TraceFormat {
 public:
  std::unique_ptr<sdk::TraceWriter> open(std::ostream& out) const override { return std::make_unique<NativeWriter>(out); }
  bool can_read() const override { return true; }
  /// An object with the model's own member names, and not another format's container (a Chrome
  /// trace written by `chrome` carries our names in its args and otherData).
  int detect(std::string_view head) const override {
    auto start = head.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos || head[start] != '{') return 0;
    if (head.find("\"traceEvents\"") != std::string_view::npos || head.find("\"resourceSpans\"") != std::string_view::npos)
      return 0;
    bool ids = head.find("\"trace_id\"") != std::string_view::npos && head.find("\"span_id\"") != std::string_view::npos;
    bool own = head.find("\"root_name\"") != std::string_view::npos || head.find("\"total_duration_us\"") != std::string_view::npos;
    return ids && own ? 90 : own ? 60 : 0;
  }
  void read(std::istream& in, const std::string& file, const sdk::TraceSink& sink) const override {
    sdk::read_trace_json(in, file, sink);
  }
};

}  // namespace interstice::formats::native

INTERSTICE_PLUGIN(interstice::formats::native::NativeFormat, "native", INTERSTICE_PLUGIN_VERSION,
                  "Interstice's own trace JSON (docs/trace-format.md): one trace, or JSON Lines of traces")
