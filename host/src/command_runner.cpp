// The one generic path every command takes, built-in or plugin; nothing here knows any command by
// name. Per run: parse the command line, settle the output options, open the output format's
// writer, run the command (which streams into the writer or returns a whole Report), finish the
// output, and turn errors into one line and an exit code.
#include "command_runner.hpp"
#include "version_command.hpp"
#include "command_line.hpp"
#include "console.hpp"
#include "error_exit.hpp"
#include "help_text.hpp"
#include "host_context.hpp"
#include "plugin_call.hpp"
#include "interstice/sdk/util/suggest.hpp"

#include "interstice/sdk/atomic_file.hpp"
#include "interstice/sdk/document_format.hpp"
#include "interstice/sdk/output_format.hpp"
#include "interstice/sdk/tracer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <boost/program_options/variables_map.hpp>

namespace po = boost::program_options;


namespace interstice::host {

namespace {

const sdk::OutputFormat& find_format(const PluginRegistry& registry, const std::string& id) {
  if (const auto* format = registry.find<sdk::OutputFormat>(id)) return *format;
  auto ids = registry.ids(sdk::OutputFormat::kind);
  throw sdk::Error::usage(
      fmt::format("unknown output format '{}'{}; available: {}", id, sdk::did_you_mean(id, ids), fmt::join(ids, ", ")));
}

/// Render::no: a format whose writer keeps the assembled document instead of writing it.
class CollectedReport final : public sdk::DocumentFormat {
 public:
  void render(const sdk::Report& report, std::ostream&, const sdk::RenderOptions&) const override { report_ = report; }
  sdk::Report take() { return std::move(report_); }

 private:
  mutable sdk::Report report_;
};

// An output option given before the command name (`interstice -f json log-export ...`) is seen
// by the command as if given after it, so `context.has("format")` means "a format was asked for"
// wherever it was written.
void see_global_output_options(po::variables_map& vm, const GlobalOptions& before) {
  auto add = [&](const char* name, boost::any value) {
    if (!vm.count(name)) vm.insert({name, po::variable_value(std::move(value), false)});
  };
  if (before.format) add("format", *before.format);
  if (before.output) add("output", *before.output);
  if (before.quiet) add("quiet", std::string());
}

}  // namespace

CommandRunner::CommandRunner(const PluginRegistry& registry) : registry_(registry), table_(registry) {}

std::string CommandRunner::global_help() const { return host::global_help(table_, registry_); }

RunResult CommandRunner::run(const std::vector<std::string>& args, const RunStreams& streams,
                             const GlobalOptions& before) const {
  return guarded(args, streams, before, Render::yes);
}

RunResult CommandRunner::report(const std::vector<std::string>& args, const RunStreams& streams,
                                const GlobalOptions& before) const {
  return guarded(args, streams, before, Render::no);
}

RunResult CommandRunner::guarded(const std::vector<std::string>& args, const RunStreams& streams,
                                 const GlobalOptions& before, Render render) const {
  RunResult failed;
  LogStyle style = before.log_style;  // the command's own --logging-format once it is parsed
  try {
    return execute(args, streams, before, render, style);
  } catch (const sdk::Error& e) {
    failed.exit_code = report_error(e, streams.out, streams.err, style, &failed.error);
    failed.error_kind = e.kind();
  } catch (const std::exception& e) {
    failed.exit_code = report_internal_error(e, streams.err, style, &failed.error);
    failed.error_kind = sdk::ErrorKind::internal;
  }
  return failed;
}

RunResult CommandRunner::execute(const std::vector<std::string>& args, const RunStreams& streams,
                                 const GlobalOptions& before, Render render, LogStyle& style) const {
  if (args.empty()) throw sdk::Error::usage("no command given; run 'interstice --help' for the list");
  const CommandEntry& entry = table_.find(args.front());
  RunResult result;
  if (before.help) {
    streams.out << command_help(entry);
    return result;
  }

  sdk::CommandSyntax syntax;
  entry.command().declare(syntax);
  CommandLine line = parse_command_line(entry, syntax, {args.begin() + 1, args.end()}, [&](const std::string& word) {
    return registry_.find<sdk::OutputFormat>(word) != nullptr;
  });
  if (line.wants_help) {
    streams.out << command_help(entry);
    return result;
  }
  if (line.wants_version) {
    streams.out << version_line();
    return result;
  }
  OutputSettings settings = before;
  apply_output_overrides(settings, line.options);
  see_global_output_options(line.options, before);
  style = settings.log_style;
  StreamLogger log(streams.err, settings.log_level, settings.log_style);

  const std::string format_id = settings.format.value_or("text");
  const sdk::OutputFormat& format = find_format(registry_, format_id);

  std::optional<sdk::AtomicFile> file;
  if (settings.output && render == Render::yes) {
    refuse_output_over_input(line.options, *settings.output);
    file.emplace(*settings.output);
  }
  // The result's stream. A command that writes its own data to stdout (`--out -`) sends its
  // report to stderr instead, so the data stays alone on stdout.
  std::ostream out((file ? file->stream() : streams.out).rdbuf());
  const auto stdout_takers = sdk::standard_output_taken();
  const bool color = use_color(settings.color, settings.output.has_value(), streams.out_shows_color);
  sdk::RenderOptions options;
  options.color = color;
  options.command = entry.name;
  options.local_time = settings.local_time;
  // Opened before the command runs, so a streaming command's items are written as they come.
  // Without rendering, the same calls are collected into the Report the caller gets back.
  CollectedReport collected;
  std::unique_ptr<sdk::ResultWriter> writer;
  if (!entry.writes_own_output)
    writer = render == Render::yes ? guard_format(format_id, [&] { return format.open(out, options); })
                                   : collected.open(out, options);
  HostContext context(line.options, out, log, registry_, writer.get(), format_id, color,
                      streams.err_shows_progress && !settings.quiet ? &streams.err : nullptr);

  sdk::Report report;
  {
    sdk::ScopedSpan span(sdk::Tracer::active(), "run");
    span.attribute("command", entry.name);
    report = guard_plugin_call(fmt::format("command '{}'", entry.name), [&] { return entry.command().run(context); });
  }
  if (!file && sdk::standard_output_taken() != stdout_takers) {
    out.flush();
    out.rdbuf(streams.err.rdbuf());
  }
  if (writer) {
    sdk::ScopedSpan span(sdk::Tracer::active(), "format result");
    span.attribute("format", format_id);
    sdk::Report summary;
    if (context.streamed()) {
      summary = report;  // `run` returned the fields known after the items
    } else {
      guard_format(format_id, [&] { writer->begin(report); });
      summary.outcome = report.outcome;
    }
    guard_format(format_id, [&] { writer->end(summary); });
    if (render == Render::no) report = collected.take();
  }
  if (file) {
    out.flush();
    if (!out) file->stream().setstate(std::ios::badbit);
    file->commit();
  } else {
    out.flush();
    if (!out) throw sdk::Error::input("could not write the result to standard output");
  }
  result.exit_code = static_cast<int>(report.outcome);
  result.report = std::move(report);
  return result;
}

}  // namespace interstice::host
