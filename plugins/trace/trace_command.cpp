// `interstice trace summary TRACE_FILE [FORMAT]` and `interstice trace export TRACE_FILE --to ID
// --out FILE`: analyse an execution trace (statistics per reducer and span name, the critical
// path) or convert it to another trace format. Traces are read by whichever trace format plugin
// detects them (native JSON, Chrome JSON, OTLP/JSON, ...), so the command knows none by name.
#include "trace_export.hpp"
#include "trace_input.hpp"
#include "trace_summary.hpp"

#include "interstice/sdk/command.hpp"

namespace po = boost::program_options;

namespace interstice::plugins::trace {

class TraceCommand final : public sdk::Command {
 public:
  void declare(sdk::CommandSyntax& syntax) const override {
    syntax.positional("action", "ACTION", "summary (statistics and the critical path) or export (another trace format)")
        .positional("path", "TRACE_FILE", "native trace JSON (or JSON Lines), Chrome JSON or OTLP/JSON; - for standard input")
        .trailing_format();
    syntax.options()("to", po::value<std::string>()->value_name("ID"),
                     "export: the trace format to write: native, chrome, otlp, folded, svg, or a plugin's id")(
        "out", po::value<std::string>()->value_name("FILE"), "export: the file to write (replaced atomically); - for standard output")(
        "from", po::value<std::string>()->value_name("ID"), "the trace format of TRACE_FILE (default: detected)")(
        "trace-id", po::value<std::string>()->value_name("ID"), "the trace to use when the file holds several");
  }

  sdk::Report run(sdk::CommandContext& context) override {
    const auto action = context.require<std::string>("action");
    const auto path = context.require<std::string>("path");
    auto to = context.get<std::string>("to");
    auto out = context.get<std::string>("out");
    if (action == "summary") {
      if (to || out) throw sdk::Error::usage("--to and --out are for 'trace export'");
      return summarize(read_trace_input(context, path), path);
    }
    if (action == "export") {
      if (!to || !out) throw sdk::Error::usage("trace export needs --to ID and --out FILE (--out - for standard output)");
      find_trace_format(context, *to, false);  // an unknown --to fails before the trace is read
      return export_trace(context, read_trace_input(context, path), path, *to, *out);
    }
    throw sdk::Error::usage("unknown action '" + action + "' (summary or export)");
  }
};

}  // namespace interstice::plugins::trace

INTERSTICE_PLUGIN(interstice::plugins::trace::TraceCommand, "trace", INTERSTICE_PLUGIN_VERSION,
                  "Summarise an execution trace (per reducer, critical path) or export it (chrome, otlp, folded, svg)")
