// See trace_recording.hpp.
#include "trace_recording.hpp"

#include "interstice/sdk/util/suggest.hpp"

#include "interstice/sdk/atomic_file.hpp"
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/trace_format.hpp"

#include <utility>

namespace interstice::host {

TraceRecording::TraceRecording(std::string file, std::string format_id, std::string root_name)
    : file_(std::move(file)), format_id_(std::move(format_id)), tracer_(std::move(root_name)) {
  if (file_.empty() || file_ == "-")
    throw sdk::Error::usage("--trace needs a file name (standard output holds the command's result)");
  sdk::Tracer::set_active(&tracer_);
}

TraceRecording::~TraceRecording() { sdk::Tracer::set_active(nullptr); }

void TraceRecording::check_format(const sdk::PluginCatalog& plugins) const {
  if (plugins.find<sdk::TraceFormat>(format_id_)) return;
  std::vector<std::string> known;
  std::string listed;
  for (const auto& info : plugins.list(sdk::TraceFormat::kind)) {
    known.push_back(info.id);
    listed += (listed.empty() ? "" : ", ") + info.id;
  }
  throw sdk::Error::usage("unknown --trace-format '" + format_id_ + "'" + sdk::did_you_mean(format_id_, known) +
                          (listed.empty() ? " (no trace-format plugin is loaded)" : " (known: " + listed + ")"));
}

void TraceRecording::write(const sdk::PluginCatalog& plugins, bool failed, sdk::Logger& log) {
  auto* format = plugins.find<sdk::TraceFormat>(format_id_);
  if (!format) check_format(plugins);  // throws
  sdk::ExecutionTrace trace = tracer_.snapshot();
  if (failed) trace.spans.front().status = sdk::SpanStatus::Error;
  sdk::AtomicFile out(file_);
  const auto notes = format->open(out.stream())->write_trace(trace);
  out.commit_unsynced();  // a diagnostic: atomic, but not worth a disk flush
  for (const auto& note : notes) log.warn("--trace {}: {}", file_, note);
  log.debug("wrote the trace of this run ({} spans) to {} as {}", trace.spans.size(), file_, format_id_);
}

}  // namespace interstice::host
