// Writing an execution trace as a Chrome Trace Event Format file that opens in ui.perfetto.dev:
// a track group (process) per module, a track (thread) per thread the spans ran on, an `X`
// event per span. Perfetto shows `X` events only when those on one track nest perfectly, so a
// span that overlaps another without nesting goes to an overlap track of its own, and a note says so.
#pragma once

#include "interstice/sdk/trace_format.hpp"

namespace interstice::formats::chrome {

class ChromeWriter final : public sdk::WholeTraceWriter {
 public:
  explicit ChromeWriter(std::ostream& out) : out_(out) {}

 private:
  std::vector<std::string> write(const sdk::ExecutionTrace& trace) override;
  std::ostream& out_;
};

}  // namespace interstice::formats::chrome
