// Driving a TraceWriter: begin, every span, end; its notes (spans it could not show as they are)
// become warnings and part of the report.
#include "trace_export.hpp"

#include "interstice/sdk/atomic_file.hpp"
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/wording.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

namespace json = boost::json;

namespace interstice::plugins::trace {

namespace {

constexpr std::size_t kNotesLogged = 10;

std::vector<std::string> write(const sdk::TraceFormat& format, const sdk::ExecutionTrace& trace, std::ostream& out) {
  return format.open(out)->write_trace(trace);
}

}  // namespace

sdk::Report export_trace(sdk::CommandContext& context, const TraceInput& input, const std::string& path,
                         const std::string& to, const std::string& out) {
  const sdk::TraceFormat& format = find_trace_format(context, to, false);
  std::vector<std::string> notes;
  if (out == "-") {
    notes = write(format, input.trace, std::cout);
    std::cout.flush();
    if (!std::cout) throw sdk::Error::input("could not write the trace to standard output");
  } else {
    std::error_code same_error;
    if (path != "-" && std::filesystem::equivalent(path, out, same_error))
      throw sdk::Error::usage("--out must not be the trace being read (" + out + ")");
    sdk::AtomicFile file(out);
    notes = write(format, input.trace, file.stream());
    file.commit();
  }
  for (std::size_t i = 0; i < notes.size() && i < kNotesLogged; ++i) context.log().warn("{}", notes[i]);
  if (notes.size() > kNotesLogged) context.log().warn("... and {} more notes (see the report's notes)", notes.size() - kNotesLogged);

  sdk::Report report;
  report.data = json::object{{"file_path", path},
                             {"format", input.format},
                             {"trace_id", input.trace.trace_id},
                             {"to", to},
                             {"output", out},
                             {"span_count", input.trace.spans.size()},
                             {"notes", json::array(notes.begin(), notes.end())}};
  if (out == "-") {
    report.presentation.listing = true;  // text shows nothing: standard output holds the trace
    return report;
  }
  report.presentation.summary = fmt::format("{}: wrote trace {} ({}) to {} as {}", path, input.trace.trace_id,
                                            sdk::plural(input.trace.spans.size(), "span"), out, to);
  if (!notes.empty()) report.presentation.summary += fmt::format(", with {}", sdk::plural(notes.size(), "note"));
  return report;
}

}  // namespace interstice::plugins::trace
