// What the trace format tests share: writing a trace through a trace format plugin as `trace
// export` does (begin, each span, end), reading text back through one, and catching the error a
// bad input gives.
#pragma once

#include "plugin_harness.hpp"
#include "trace_samples.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/trace_format.hpp"

#include <sstream>
#include <string>
#include <vector>

namespace sdk = interstice::sdk;

namespace interstice::test::traces {

struct Written {
  std::string text;
  std::vector<std::string> notes;
};

inline Written write_trace(const sdk::TraceFormat& format, const sdk::ExecutionTrace& trace) {
  std::ostringstream out;
  auto writer = format.open(out);
  sdk::ExecutionTrace header = trace;
  header.spans.clear();
  writer->begin(header);
  for (const auto& span : trace.spans) writer->span(span);
  auto notes = writer->end();
  return {out.str(), std::move(notes)};
}

inline std::vector<sdk::ExecutionTrace> read_traces(const sdk::TraceFormat& format, const std::string& text) {
  std::istringstream in(text);
  std::vector<sdk::ExecutionTrace> traces;
  format.read(in, "t.json", [&](sdk::ExecutionTrace&& trace) { traces.push_back(std::move(trace)); });
  return traces;
}

/// The one-line message reading `text` gives; fails the test when it reads fine.
inline std::string read_error(const sdk::TraceFormat& format, const std::string& text) {
  try {
    read_traces(format, text);
  } catch (const sdk::Error& e) {
    BOOST_TEST((e.kind() == sdk::ErrorKind::input));
    return e.what();
  }
  BOOST_FAIL("no error reading: " + text.substr(0, 200));
  return {};
}

}  // namespace interstice::test::traces
