// The in-process command pipeline (command_bridge.hpp): parse, run, render with `json`.
#include "command_bridge.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/detail/syntax_parts.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/output_format.hpp"
#include "interstice/sdk/progress.hpp"

#include <boost/program_options/parsers.hpp>
#include <boost/program_options/variables_map.hpp>
#include <fmt/format.h>

#include <malloc.h>

#include <sstream>

namespace po = boost::program_options;

namespace interstice::serve {
namespace {

/// A progress bar nobody sees: a server has no terminal to draw on.
class NoProgress final : public sdk::Progress {
 public:
  void update(std::uint64_t) override {}
  void finish() override {}
};

class BridgeContext final : public sdk::CommandContext {
 public:
  BridgeContext(const po::variables_map& vm, std::ostream& out, sdk::Logger& log, const sdk::PluginCatalog& plugins,
                sdk::ResultWriter& writer)
      : vm_(vm), out_(out), log_(log), plugins_(plugins), writer_(writer) {}
  const po::variables_map& options() const override { return vm_; }
  std::ostream& out() override { return out_; }
  sdk::Logger& log() override { return log_; }
  bool color() const override { return false; }
  const sdk::PluginCatalog& plugins() const override { return plugins_; }
  std::unique_ptr<sdk::Progress> progress(std::string, std::uint64_t) override { return std::make_unique<NoProgress>(); }
  void begin(const sdk::Report& header) override {
    begun_ = true;
    writer_.begin(header);
  }
  void item(const boost::json::value& item) override { writer_.item(item); }
  void item_json(std::string_view text) override { writer_.item_json(text); }
  bool streamed() const { return begun_; }

 private:
  const po::variables_map& vm_;
  std::ostream& out_;
  sdk::Logger& log_;
  const sdk::PluginCatalog& plugins_;
  sdk::ResultWriter& writer_;
  bool begun_ = false;
};

po::variables_map parse(const sdk::CommandSyntax& syntax, const std::vector<std::string>& args) {
  po::options_description all;
  all.add(syntax.parts().named).add(syntax.parts().hidden);
  if (!all.find_nothrow("format", false))
    all.add_options()("format,f", po::value<std::string>(), "output format");
  po::variables_map vm;
  po::store(po::command_line_parser(args)
                .options(all)
                .positional(syntax.parts().order)
                .style(po::command_line_style::unix_style & ~po::command_line_style::allow_guessing)
                .run(),
            vm);
  po::notify(vm);
  // The bridge always renders JSON, and says so as the host does for an explicit --format: a
  // command that stays quiet by default (log-export) then returns its report.
  if (!vm.count("format")) vm.insert({"format", po::variable_value(boost::any(std::string("json")), false)});
  return vm;
}

}  // namespace

CommandOutput run_command_json(const sdk::PluginCatalog& plugins, sdk::Logger& log, const std::vector<std::string>& args) {
  CommandOutput result;
  try {
    auto* command = args.empty() ? nullptr : plugins.find<sdk::Command>(args.front());
    const auto* format = plugins.find<sdk::OutputFormat>("json");
    if (!command || !format) throw sdk::Error::internal("the command or the json output format is not loaded");
    sdk::CommandSyntax syntax;
    command->declare(syntax);
    po::variables_map vm;
    try {
      vm = parse(syntax, {args.begin() + 1, args.end()});
    } catch (const po::error& e) {
      throw sdk::Error::usage(fmt::format("{}: {}", args.front(), e.what()));
    }
    std::ostringstream out;
    sdk::RenderOptions options;
    options.command = args.front();
    auto writer = format->open(out, options);
    BridgeContext context(vm, out, log, plugins, *writer);
    sdk::Report report = command->run(context);
    sdk::Report summary;
    if (context.streamed()) {
      summary = report;
    } else {
      writer->begin(report);
      summary.outcome = report.outcome;
    }
    writer->end(summary);
    result.exit_code = static_cast<int>(report.outcome);
    result.json = std::move(out).str();
  } catch (const sdk::Error& e) {
    result.exit_code = e.exit_code();
    result.usage_error = e.kind() == sdk::ErrorKind::usage;
    const std::string where = e.location().describe();
    result.error = where.empty() ? e.message() : where + ": " + e.message();
  } catch (const std::exception& e) {
    result.exit_code = 2;
    result.error = std::string("internal error: ") + e.what();
  }
  // A state view replays up to millions of rows and frees them all when the command returns;
  // glibc keeps freed memory in the arenas (one per request thread) unless asked to return it,
  // so a server that answered a few big requests would keep their peak for good.
  malloc_trim(0);
  return result;
}

// Measured with bench/serve-state-memory.py on a 1 GB log (game.players, 80k live rows): peak
// RSS 142 MB with glibc's defaults, 101 MB with these. Blocks of 64 KiB and more (a state view's
// answer, the replay's tables) get mappings of their own, returned to the system when freed, not
// arena space that one thread's peak keeps; two arenas, not one per request thread; and freed
// arena tops go back above 128 KiB.
void use_server_memory_policy() {
  mallopt(M_MMAP_THRESHOLD, 64 * 1024);
  mallopt(M_TRIM_THRESHOLD, 128 * 1024);
  mallopt(M_ARENA_MAX, 2);
}

}  // namespace interstice::serve
