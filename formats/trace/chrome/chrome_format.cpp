// The `chrome` trace format: Chrome's Trace Event Format, which ui.perfetto.dev and
// chrome://tracing open. Writes a track group per module and a track per thread, an `X` event per
// span (spans that do not nest moved to overlap tracks, with a note); reads `X` and `B`/`E`
// events back, from this writer or any other.
#include "chrome_reader.hpp"
#include "chrome_writer.hpp"

namespace sdk = interstice::sdk;

namespace interstice::formats::chrome {

class ChromeFormat final : public sdk::TraceFormat {
 public:
  std::unique_ptr<sdk::TraceWriter> open(std::ostream& out) const override { return std::make_unique<ChromeWriter>(out); }
  bool can_read() const override { return true; }
  /// The JSON Object Format names its array "traceEvents"; the array format starts with events.
  int detect(std::string_view head) const override {
    auto start = head.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return 0;
    if (head[start] == '{' && head.find("\"traceEvents\"") != std::string_view::npos) return 90;
    if (head[start] == '[' && head.find("\"ph\"") != std::string_view::npos) return 70;
    return 0;
  }
  void read(std::istream& in, const std::string& file, const sdk::TraceSink& sink) const override {
    read_chrome_trace(in, file, sink);
  }
};

}  // namespace interstice::formats::chrome

INTERSTICE_PLUGIN(interstice::formats::chrome::ChromeFormat, "chrome", INTERSTICE_PLUGIN_VERSION,
                  "Chrome Trace Event Format, for ui.perfetto.dev: a track per module and thread")
