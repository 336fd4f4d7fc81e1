// Trace files, as `interstice trace` reads them: every trace format plugin that reads (native
// JSON and JSON Lines, Chrome's Trace Event Format, OTLP/JSON), loaded as the host loads them,
// over the same file. Properties: detection answers 0..100; reading either delivers traces or
// throws an input error naming the file, nothing else; every trace delivered keeps the trace
// rules (check_trace) and the span bound; the native writer and reader round-trip it exactly;
// `trace summary` summarises it and every trace format writes it (or refuses with an Error).
#include "builtin_plugins.hpp"
#include "harness.hpp"

#include "trace_summary.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/trace_check.hpp"
#include "interstice/sdk/trace_format.hpp"

#include <boost/json/serialize.hpp>

#include <fstream>
#include <sstream>

namespace interstice::fuzz::trace_file {

namespace {

bool same(const sdk::TraceSpan& a, const sdk::TraceSpan& b) {
  return a.span_id == b.span_id && a.parent_span_id == b.parent_span_id && a.name == b.name &&
         a.module_id == b.module_id && a.reducer_name == b.reducer_name && a.start_time_us == b.start_time_us &&
         a.duration_us == b.duration_us && a.status == b.status && a.attributes == b.attributes;
}

bool same(const sdk::ExecutionTrace& a, const sdk::ExecutionTrace& b) {
  return a.trace_id == b.trace_id && a.root_name == b.root_name && a.start_time_us == b.start_time_us &&
         a.end_time_us == b.end_time_us && a.total_duration_us == b.total_duration_us &&
         std::equal(a.spans.begin(), a.spans.end(), b.spans.begin(), b.spans.end(),
                    [](const auto& x, const auto& y) { return same(x, y); });
}

// Reads `path` with `format`; an input error naming the file ends it, anything else escapes.
std::vector<sdk::ExecutionTrace> read_all(const sdk::TraceFormat& format, const std::string& path, const std::string& id) {
  std::vector<sdk::ExecutionTrace> traces;
  std::ifstream in(path, std::ios::binary);
  try {
    format.read(in, path, [&](sdk::ExecutionTrace&& trace) { traces.push_back(std::move(trace)); });
  } catch (const sdk::Error& e) {
    FUZZ_CHECK(e.kind() == sdk::ErrorKind::input, id + ": not an input error: " + e.what());
    FUZZ_CHECK(e.location().file == path, id + ": the error does not name the file: " + e.what());
    return {};
  }
  return traces;
}

void check_one(const host::PluginRegistry& plugins, const sdk::ExecutionTrace& trace, const std::string& id) {
  FUZZ_CHECK(trace.spans.size() <= sdk::kMaxTraceSpans, id + ": more spans than the bound");
  try {
    sdk::check_trace(trace, [](std::size_t, std::string_view) { return sdk::Location{}; });
  } catch (const sdk::Error& e) {
    FUZZ_CHECK(false, id + " delivered a trace that breaks a rule: " + e.what());
  }

  const auto* native = plugins.find<sdk::TraceFormat>("native");
  FUZZ_CHECK(native, "no native trace format");
  std::ostringstream written;
  native->open(written)->write_trace(trace);
  std::istringstream again(written.str());
  std::vector<sdk::ExecutionTrace> back;
  try {
    native->read(again, "again.json", [&](sdk::ExecutionTrace&& t) { back.push_back(std::move(t)); });
  } catch (const sdk::Error& e) {
    FUZZ_CHECK(false, id + ": the native reader rejects what the native writer wrote: " + e.what() + "\n" + written.str());
  }
  FUZZ_CHECK(back.size() == 1 && same(back.front(), trace), id + ": the native round trip changed the trace:\n" + written.str());

  plugins::trace::summarize({trace, id}, "trace.json");
  for (const auto& info : plugins.list(sdk::TraceFormat::kind)) {
    std::ostringstream out;
    try {
      plugins.find<sdk::TraceFormat>(info.id)->open(out)->write_trace(trace);
    } catch (const sdk::Error&) {  // a format may refuse a trace it cannot show; never otherwise
    }
  }
}

void trace_target(Input input) {
  static ScratchFile file("trace.json");
  file.write(input);
  const std::string path = file.path().string();
  const auto& plugins = builtin_registry();
  const std::string_view head = as_text(input).substr(0, 64 * 1024);
  for (const auto& info : plugins.list(sdk::TraceFormat::kind)) {
    const auto* format = plugins.find<sdk::TraceFormat>(info.id);
    FUZZ_CHECK(format, "trace format " + info.id + " is listed but not loaded");
    if (!format->can_read()) continue;
    const int score = format->detect(head);
    FUZZ_CHECK(score >= 0 && score <= 100, info.id + ": detection score " + std::to_string(score));
    for (const auto& trace : read_all(*format, path, info.id)) check_one(plugins, trace, info.id);
  }
}

}  // namespace

}  // namespace interstice::fuzz::trace_file

INTERSTICE_FUZZ_TARGET(trace_file, interstice::fuzz::trace_file::trace_target);
