// The `svg` trace format: a self-contained interactive flame graph (one SVG file with its style
// and script inside, no network) that any browser shows: a frame per distinct stack of span
// names, as wide as the time spent in it, the trace at the bottom; hover for names and times,
// click to zoom, search by regular expression. Write only.
#include "flame_tree.hpp"
#include "svg_script.hpp"

#include "interstice/sdk/trace_format.hpp"
#include "interstice/sdk/util/xml.hpp"

#include <fmt/format.h>

#include <string>

namespace sdk = interstice::sdk;

namespace interstice::formats::svg {

namespace {

constexpr double kWidth = 1200, kPad = 10, kFrameHeight = 16, kTop = 50, kBottom = 40;
constexpr double kGraphWidth = kWidth - 2 * kPad;
constexpr double kMinFrameWidth = 0.1;  // narrower frames are left out, as flamegraph.pl does

std::string xml(std::string_view text) { return sdk::xml_escape(text, true); }

// flamegraph.pl's "hot" palette, picked by the name so a frame keeps its colour between graphs.
std::string colour(std::string_view name) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : name) hash = (hash ^ c) * 16777619u;
  return fmt::format("rgb({},{},{})", 205 + hash % 50, (hash >> 8) % 230, (hash >> 16) % 55);
}

std::string micros(std::int64_t us) { return us >= 10000 ? fmt::format("{:.1f} ms", us / 1000.0) : fmt::format("{} µs", us); }

class SvgWriter final : public sdk::WholeTraceWriter {
 public:
  explicit SvgWriter(std::ostream& out) : out_(out) {}

 private:
  std::vector<std::string> write(const sdk::ExecutionTrace& trace) override {
    sdk::TraceTree tree(trace);
    auto frames = flame_frames(tree);
    std::size_t depth = 0;
    for (const auto& frame : frames) depth = std::max(depth, frame.depth);
    const double height = kTop + (depth + 1) * kFrameHeight + kBottom;
    const std::int64_t total = frames[0].total_us;
    std::string text = fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
        "data-graph-width=\"{2}\" data-pad=\"{3}\">\n"
        "<style>{4}</style>\n<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#f8f8f0\"/>\n"
        "<text id=\"title\" x=\"{5}\" y=\"24\">{6}</text>\n"
        "<text id=\"subtitle\" x=\"{3}\" y=\"42\">trace {7}: {8} in spans (threads add up), {9} from start to end</text>\n"
        "<text id=\"unzoom\" class=\"button\" x=\"{3}\" y=\"{10}\" style=\"display:none\">Reset zoom</text>\n"
        "<text id=\"search\" class=\"button\" x=\"{11}\" y=\"{10}\" text-anchor=\"end\">Search</text>\n"
        "<text id=\"matched\" x=\"{11}\" y=\"{12}\" text-anchor=\"end\"> </text>\n"
        "<text id=\"details\" x=\"{3}\" y=\"{12}\"> </text>\n",
        kWidth, height, kGraphWidth, kPad, kStyle, kWidth / 2, xml("Flame graph: " + trace.root_name), xml(trace.trace_id),
        micros(total), micros(trace.total_duration_us), 24, kWidth - kPad, height - 14);
    for (const Frame& frame : frames) {
      double width = total > 0 ? frame.total_us * kGraphWidth / total : (frame.depth == 0 ? kGraphWidth : 0);
      if (width < kMinFrameWidth && frame.depth > 0) continue;
      double x = kPad + (total > 0 ? frame.left_us * kGraphWidth / total : 0);
      double y = kTop + (depth - frame.depth) * kFrameHeight;
      std::string fill = colour(frame.name);
      std::size_t fit = width < 6 ? 0 : static_cast<std::size_t>((width - 6) / 7);
      std::string shown = fit < 3 ? "" : frame.name.size() <= fit ? frame.name : frame.name.substr(0, fit - 2) + "..";
      double share = total > 0 ? 100.0 * frame.total_us / total : 100.0;
      text += fmt::format(
          "<g class=\"f\" data-name=\"{0}\" data-l=\"{1}\" data-v=\"{2}\" data-d=\"{3}\"><title>{0} ({4}, {5:.2f}%)</title>"
          "<rect x=\"{6:.2f}\" y=\"{7}\" width=\"{8:.2f}\" height=\"{9}\" rx=\"2\" fill=\"{10}\" data-fill=\"{10}\"/>"
          "<text x=\"{11:.2f}\" y=\"{12}\">{13}</text></g>\n",
          xml(frame.name), frame.left_us, frame.total_us, frame.depth, micros(frame.total_us), share, x, y, width,
          kFrameHeight - 1, fill, x + 3, y + 11.5, xml(shown));
      if (text.size() > (1u << 20)) {
        out_ << text;
        text.clear();
      }
    }
    text += fmt::format("<script type=\"text/ecmascript\"><![CDATA[{}]]></script>\n</svg>\n", kScript);
    out_ << text;
    return {};
  }
  std::ostream& out_;
};

}  // namespace

class SvgFormat final : public sdk::TraceFormat {
 public:
  std::unique_ptr<sdk::TraceWriter> open(std::ostream& out) const override { return std::make_unique<SvgWriter>(out); }
};

}  // namespace interstice::formats::svg

INTERSTICE_PLUGIN(interstice::formats::svg::SvgFormat, "svg", INTERSTICE_PLUGIN_VERSION,
                  "A self-contained interactive flame graph (SVG): zoom, search, no network")
