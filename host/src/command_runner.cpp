// The one generic path every command takes; nothing here knows any command by name.
#include "command_runner.hpp"
#include "suggest.hpp"

#include "interstice/sdk/atomic_file.hpp"
#include "interstice/sdk/output_format.hpp"

#include <boost/program_options/parsers.hpp>
#include <boost/program_options/variables_map.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <sstream>

namespace po = boost::program_options;

namespace interstice::host {

namespace {

class HostContext final : public sdk::CommandContext {
 public:
  HostContext(const po::variables_map& vm, std::ostream& out, sdk::Logger& log, const PluginRegistry& registry,
              std::string format, bool color)
      : vm_(vm), out_(out), log_(log), registry_(registry), format_(std::move(format)), color_(color) {}
  const po::variables_map& options() const override { return vm_; }
  std::ostream& out() override { return out_; }
  sdk::Logger& log() override { return log_; }
  const std::string& output_format() const override { return format_; }
  bool color() const override { return color_; }
  const sdk::PluginCatalog& plugins() const override { return registry_; }
  std::unique_ptr<sdk::Progress> progress(std::string label, std::uint64_t total) override {
    return make_progress(std::move(label), total);
  }

 private:
  const po::variables_map& vm_;
  std::ostream& out_;
  sdk::Logger& log_;
  const PluginRegistry& registry_;
  std::string format_;
  bool color_;
};

// The command's own options plus the output options and --help it did not declare itself.
po::options_description command_line_options(const sdk::CommandSyntax& syntax) {
  po::options_description all;
  all.add(syntax.named()).add(syntax.positional_options());
  po::options_description common = output_options();
  common.add_options()("help,h", "show this command's help");
  for (const auto& option : common.options())
    if (!all.find_nothrow(option->long_name(), false)) all.add(option);
  return all;
}

// `--output` replaces its target by rename, so it must never name one of the command's inputs
// (`log-query LOG -o LOG` would destroy the log). Every string argument that names an existing
// file counts as an input.
void refuse_output_over_input(const po::variables_map& vm, const std::string& output) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(output, error)) return;  // new files, devices: nothing to lose
  auto check = [&](const std::string& value) {
    if (std::filesystem::equivalent(value, output, error))
      throw sdk::Error::usage(fmt::format("--output {} would overwrite the input file {}", output, value));
  };
  for (const auto& [name, entry] : vm) {
    if (entry.empty() || name == "output") continue;
    if (const auto* text = boost::any_cast<std::string>(&entry.value())) check(*text);
    if (const auto* list = boost::any_cast<std::vector<std::string>>(&entry.value()))
      for (const auto& text : *list) check(text);
  }
}

po::options_description visible_common_options(const sdk::CommandSyntax& syntax) {
  po::options_description visible("Common options");
  po::options_description common = output_options();
  common.add_options()("help,h", "show this command's help");
  for (const auto& option : common.options())
    if (!syntax.named().find_nothrow(option->long_name(), false)) visible.add(option);
  return visible;
}

po::variables_map parse_command_line(const CommandEntry& entry, const sdk::CommandSyntax& syntax,
                                     const std::vector<std::string>& args, bool& wants_help) {
  po::options_description all = command_line_options(syntax);
  po::variables_map vm;
  const std::string& context = entry.name;
  try {
    po::store(po::command_line_parser(args).options(all).positional(syntax.positional_order()).run(), vm);
    wants_help = vm.count("help") > 0;
    if (wants_help) return vm;
    po::notify(vm);
  } catch (const po::required_option& e) {
    std::string missing = e.get_option_name();
    for (const auto& p : syntax.positionals())
      if ("--" + p.name == missing) missing = "<" + p.value_name + ">";
    throw sdk::Error::usage(fmt::format("{}: missing argument {} (usage: interstice {} {})", context, missing, entry.name,
                                        syntax.usage()));
  } catch (const po::too_many_positional_options_error&) {
    throw sdk::Error::usage(fmt::format("{}: too many arguments (usage: interstice {} {})", context, entry.name, syntax.usage()));
  } catch (const po::error& e) {
    throw_usage_error(e, context, {&all});
  }
  return vm;
}

}  // namespace

std::string command_help(const CommandEntry& entry) {
  sdk::CommandSyntax syntax;
  entry.command->declare(syntax);
  std::ostringstream text;
  text << fmt::format("Usage: interstice {} [options] {}\n\n{}\n", entry.name, syntax.usage(), entry.description);
  if (!syntax.positionals().empty()) {
    text << "\nArguments:\n";
    std::size_t width = 0;
    for (const auto& p : syntax.positionals()) width = std::max(width, p.value_name.size());
    for (const auto& p : syntax.positionals())
      text << fmt::format("  {:<{}}  {}\n", p.value_name, width, p.help);
  }
  if (!syntax.named().options().empty()) text << '\n' << syntax.named();
  text << '\n' << visible_common_options(syntax);
  return text.str();
}

int run_command(const CommandEntry& entry, const std::vector<std::string>& args, GlobalOptions globals,
                const PluginRegistry& registry, StderrLogger& log) {
  sdk::CommandSyntax syntax;
  entry.command->declare(syntax);
  bool wants_help = false;
  po::variables_map vm = parse_command_line(entry, syntax, args, wants_help);
  if (wants_help) {
    std::cout << command_help(entry);
    return 0;
  }
  apply_output_overrides(globals, vm);
  log.set_threshold(globals.log_level);

  std::string format_id = globals.format.value_or("text");
  const auto* format = registry.find<sdk::OutputFormat>(format_id);
  if (!format) {
    auto ids = registry.ids(sdk::OutputFormat::kind);
    throw sdk::Error::usage(fmt::format("unknown output format '{}'{}; available: {}", format_id,
                                        did_you_mean(format_id, ids), fmt::join(ids, ", ")));
  }

  std::optional<sdk::AtomicFile> file;
  if (globals.output) {
    refuse_output_over_input(vm, *globals.output);
    file.emplace(*globals.output);
  }
  std::ostream& out = file ? file->stream() : std::cout;

  const bool color = use_color(globals.color, file.has_value());
  HostContext context(vm, out, log, registry, format_id, color);
  sdk::Report report;
  try {
    report = entry.command->run(context);
  } catch (const sdk::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw sdk::Error::internal(fmt::format("command '{}' failed: {}", entry.name, e.what()));
  } catch (...) {
    throw sdk::Error::internal(fmt::format("command '{}' failed with a non-standard exception", entry.name));
  }

  sdk::RenderOptions render;
  render.color = color;
  render.command = entry.name;
  try {
    if (!report.written) format->render(report, out, render);
  } catch (const sdk::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw sdk::Error::internal(fmt::format("output format '{}' failed: {}", format_id, e.what()));
  }
  if (file) {
    file->commit();
  } else {
    std::cout.flush();
    if (!std::cout) throw sdk::Error::input("could not write the result to standard output");
  }
  return static_cast<int>(report.outcome);
}

}  // namespace interstice::host
