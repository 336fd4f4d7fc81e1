// Global options: declared once, parsed with program_options, shared with every command's parse.
#include "global_options.hpp"
#include "console.hpp"
#include "interstice/sdk/util/suggest.hpp"

#include "interstice/sdk/error.hpp"

#include <boost/program_options/parsers.hpp>
#include <boost/program_options/variables_map.hpp>

#include <cstdlib>

namespace po = boost::program_options;

namespace interstice::host {

int command_line_style() {
  return po::command_line_style::unix_style & ~po::command_line_style::allow_guessing;
}

po::options_description output_options() {
  po::options_description options("Output options");
  options.add_options()
      ("format,f", po::value<std::string>()->value_name("NAME"), "output format: text (default), json, yaml, ...")
      ("output,o", po::value<std::string>()->value_name("FILE"), "write the result to FILE (atomically) instead of stdout")
      ("color", po::value<std::string>()->value_name("WHEN"), "colour text output: auto (default), always, never")
      ("tz", po::value<std::string>()->value_name("ZONE"), "times in text output: utc (default) or local (the TZ variable's zone)")
      ("log-level", po::value<std::string>()->value_name("LEVEL"), "diagnostics shown on stderr: error, warning (default), info, debug, trace, off (or INTERSTICE_LOG)")
      ("logging-format", po::value<std::string>()->value_name("STYLE"), "diagnostics as text (default), json (JSON Lines, OpenTelemetry names) or logfmt")
      ("quiet,q", "only errors on stderr: no warnings, no progress");
  return options;
}

po::options_description global_options() {
  po::options_description options("Global options");
  options.add_options()
      ("help,h", "show this help")
      ("version", "print the version and the plugin SDK ABI")
      ("plugin-dir", po::value<std::vector<std::string>>()->value_name("DIR"), "also load plugins from DIR (repeatable; searched first)")
      ("no-user-plugins", "skip INTERSTICE_PLUGIN_PATH and the user plugin directory (also INTERSTICE_NO_USER_PLUGINS=1)")
      ("trace", po::value<std::string>()->value_name("FILE"), "record this run's execution trace (plugin loading, detection, decoding, formatting, writing) to FILE; read it with `interstice trace`")
      ("trace-format", po::value<std::string>()->value_name("ID"), "the trace format for --trace: native (default), chrome, otlp, folded, svg or a plugin's");
  options.add(output_options());
  return options;
}

SplitArguments split_arguments(const std::vector<std::string>& args, const po::options_description& global) {
  SplitArguments split;
  std::size_t i = 0;
  while (i < args.size()) {
    const std::string& token = args[i];
    if (token == "--") {
      ++i;
      break;
    }
    if (token.size() < 2 || token[0] != '-') break;
    split.global.push_back(token);
    ++i;
    if (token.find('=') != std::string::npos) continue;
    bool is_long = token.rfind("--", 0) == 0;
    if (!is_long && token.size() > 2) continue;  // "-fjson"
    std::string name = is_long ? token.substr(2) : token.substr(1);
    const po::option_description* option = global.find_nothrow(name, false, false, false);
    if (!option && !is_long) {
      for (const auto& candidate : global.options())
        if (candidate->canonical_display_name(po::command_line_style::allow_dash_for_short) == token) option = candidate.get();
    }
    if (option && option->semantic()->max_tokens() > 0 && i < args.size()) split.global.push_back(args[i++]);
  }
  if (i < args.size()) {
    split.command = args[i++];
    split.command_args.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  }
  return split;
}

namespace {

// Boost.ProgramOptions (1.81) builds an error's what() by replacing each "%name%" placeholder of
// its template until none is left, so an argument that itself holds one never stops being
// replaced: `interstice log-query x.log -%canonical_option%` hung at 100% CPU (found by
// fuzz/command_options). A copy of the error with every '%' of the user's text written as the
// fullwidth '％' (U+FF05) leaves only the template's own placeholders to replace.
class PlaceholderSafeError final : public po::error_with_option_name {
 public:
  explicit PlaceholderSafeError(const po::error_with_option_name& e) : po::error_with_option_name(e) {
    for (auto& [name, value] : m_substitutions)
      for (auto at = value.find('%'); at != std::string::npos; at = value.find('%', at + 3)) value.replace(at, 1, "\xEF\xBC\x85");
  }
};

std::string usage_error_text(const std::exception& e) {
  if (const auto* named = dynamic_cast<const po::error_with_option_name*>(&e)) return PlaceholderSafeError(*named).what();
  return e.what();
}

}  // namespace

void throw_usage_error(const std::exception& e, const std::string& context,
                       const std::vector<const po::options_description*>& known) {
  std::string message = usage_error_text(e);
  if (const auto* unknown = dynamic_cast<const po::unknown_option*>(&e)) {
    std::vector<std::string> names;
    for (const auto* description : known)
      for (const auto& option : description->options()) names.push_back("--" + option->long_name());
    message = "unknown option '" + unknown->get_option_name() + "'" + sdk::did_you_mean(unknown->get_option_name(), names);
  }
  throw sdk::Error::usage(context.empty() ? message : context + ": " + message);
}

GlobalOptions parse_global_options(const std::vector<std::string>& args, const po::options_description& global) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(global).style(command_line_style()).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw_usage_error(e, "", {&global});
  }
  GlobalOptions options;
  options.help = vm.count("help") > 0;
  options.version = vm.count("version") > 0;
  options.no_user_plugins = vm.count("no-user-plugins") > 0;
  if (vm.count("plugin-dir")) options.plugin_dirs = vm["plugin-dir"].as<std::vector<std::string>>();
  if (vm.count("trace")) options.trace_file = vm["trace"].as<std::string>();
  if (vm.count("trace-format")) {
    if (!options.trace_file) throw sdk::Error::usage("--trace-format needs --trace FILE");
    options.trace_format = vm["trace-format"].as<std::string>();
  }
  apply_output_overrides(options, vm);
  return options;
}

void apply_output_overrides(OutputSettings& settings, const po::variables_map& vm) {
  if (vm.count("format")) settings.format = vm["format"].as<std::string>();
  if (vm.count("output")) settings.output = vm["output"].as<std::string>();
  if (vm.count("color")) settings.color = vm["color"].as<std::string>();
  if (settings.color != "auto" && settings.color != "always" && settings.color != "never")
    throw sdk::Error::usage("--color must be auto, always or never, not '" + settings.color + "'");
  if (vm.count("tz")) {
    const auto& zone = vm["tz"].as<std::string>();
    if (zone != "utc" && zone != "UTC" && zone != "local")
      throw sdk::Error::usage("--tz must be utc or local, not '" + zone + "'");
    settings.local_time = zone == "local";
  }
  if (vm.count("log-level")) {
    const auto& text = vm["log-level"].as<std::string>();
    auto level = parse_log_level(text);
    if (!level) throw sdk::Error::usage("unknown --log-level '" + text + "' (use error, warning, info, debug, trace or off)");
    settings.log_level = *level;
  }
  if (vm.count("logging-format")) {
    const auto& text = vm["logging-format"].as<std::string>();
    auto style = parse_log_style(text);
    if (!style) throw sdk::Error::usage("unknown --logging-format '" + text + "' (use text, json or logfmt)");
    settings.log_style = *style;
  }
  if (vm.count("quiet")) {
    settings.quiet = true;
    if (!vm.count("log-level")) settings.log_level = sdk::LogLevel::error;
  }
}

sdk::LogLevel default_log_level() {
  const char* text = std::getenv("INTERSTICE_LOG");
  if (!text || !*text) return sdk::LogLevel::warning;
  return parse_log_level(text).value_or(sdk::LogLevel::warning);
}

}  // namespace interstice::host
