// The `folded` trace format: folded stacks, one line per distinct stack, `root;span;child <µs>`,
// the input of flamegraph.pl, inferno-flamegraph and speedscope. Each line's number is the self
// time of the spans with that stack, so a flame graph's widths are the spans' durations. Write
// only: a folded file has no times or ids left to read a trace back from.
#include "interstice/sdk/trace_format.hpp"
#include "interstice/sdk/util/trace_tree.hpp"

#include <string>

namespace sdk = interstice::sdk;

namespace interstice::formats::folded {

class FoldedWriter final : public sdk::WholeTraceWriter {
 public:
  explicit FoldedWriter(std::ostream& out) : out_(out) {}

 private:
  std::vector<std::string> write(const sdk::ExecutionTrace& trace) override {
    sdk::TraceTree tree(trace);
    std::string text;
    for (const auto& [stack, us] : sdk::folded_stacks(tree)) {
      text += stack;
      text += ' ';
      text += std::to_string(us);
      text += '\n';
      if (text.size() > (1u << 20)) {
        out_ << text;
        text.clear();
      }
    }
    out_ << text;
    return {};
  }
  std::ostream& out_;
};

class FoldedFormat final : public sdk::TraceFormat {
 public:
  std::unique_ptr<sdk::TraceWriter> open(std::ostream& out) const override { return std::make_unique<FoldedWriter>(out); }
};

}  // namespace interstice::formats::folded

INTERSTICE_PLUGIN(interstice::formats::folded::FoldedFormat, "folded", INTERSTICE_PLUGIN_VERSION,
                  "Folded stacks (self µs) for flamegraph.pl, inferno and speedscope")
