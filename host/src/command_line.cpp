// The command-line half of running a command: program_options against the command's declared
// syntax plus the host's common options, with one-line usage errors.
#include "command_line.hpp"
#include "global_options.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/detail/syntax_parts.hpp"

#include <boost/program_options/parsers.hpp>
#include <fmt/format.h>

#include <filesystem>

namespace po = boost::program_options;

namespace interstice::host {

namespace {

po::options_description common_options() {
  po::options_description common = output_options();
  common.add_options()("help,h", "show this command's help");
  return common;
}

}  // namespace

po::options_description command_line_options(const sdk::CommandSyntax& syntax) {
  po::options_description all;
  all.add(syntax.parts().named).add(syntax.parts().hidden);
  const po::options_description common = common_options();
  for (const auto& option : common.options())
    if (!all.find_nothrow(option->long_name(), false)) all.add(option);
  // `--version` works anywhere, as `--help` does (`interstice log-inspect --version`); not listed
  // in each command's help, since it says nothing about the command.
  if (!all.find_nothrow("version", false)) all.add_options()("version", "print the version and the plugin SDK ABI");
  return all;
}

po::options_description visible_common_options(const sdk::CommandSyntax& syntax) {
  po::options_description visible("Common options");
  const po::options_description common = common_options();
  for (const auto& option : common.options())
    if (!syntax.parts().named.find_nothrow(option->long_name(), false)) visible.add(option);
  return visible;
}

namespace {

// `<PATH>... [FORMAT]`: program_options gives every positional to PATH, so the last one becomes
// the FORMAT when it names no file and reads as a format's name: a loaded output format
// (`log-inspect a.log b.log json`), or a bare word, so `schema x.json xml` still says "unknown
// output format 'xml' (did you mean 'yaml'?)" rather than that no file xml exists. With
// `--format` given too, a loaded format's name there is the error a command without `...` gives
// (`schema-diff a b json --format yaml`), not a file that cannot be opened.
void take_trailing_format(const sdk::CommandSyntax& syntax, po::variables_map& vm, const IsFormat& is_format) {
  const auto& positionals = syntax.parts().positionals;
  if (!is_format || positionals.size() < 2 || positionals.back().name != sdk::kFormatPositional) return;
  const auto& repeated = positionals[positionals.size() - 2];
  if (!repeated.repeatable || !vm.count(repeated.name)) return;
  auto& values = boost::any_cast<std::vector<std::string>&>(vm.at(repeated.name).value());
  std::error_code error;
  const std::string& last = values.size() < 2 ? std::string() : values.back();
  if (vm.count(sdk::kFormatPositional)) {
    if (!last.empty() && is_format(last) && !std::filesystem::exists(last, error)) {
      // Worded by program_options, as for any other repeated option (parse_command_line's catch).
      po::multiple_occurrences repeated_format;
      repeated_format.set_option_name(sdk::kFormatPositional);
      repeated_format.set_prefix(po::command_line_style::allow_long);
      throw repeated_format;
    }
    return;
  }
  const bool bare_word = !last.empty() && last != "-" && last.find_first_of("/.*?[") == std::string::npos;
  if (last.empty() || !(is_format(last) || bare_word) || std::filesystem::exists(last, error)) return;
  vm.insert({sdk::kFormatPositional, po::variable_value(boost::any(values.back()), false)});
  values.pop_back();
}

/// `determinism a.log b.log`: the second path lands in the FORMAT positional, which would then
/// be "unknown output format 'b.log'". A FORMAT that is no loaded format but names a file is one
/// argument too many, and the message says so (with the usage, which shows where FORMAT goes).
void refuse_file_as_format(const CommandEntry& entry, const sdk::CommandSyntax& syntax, const po::variables_map& vm,
                           const IsFormat& is_format) {
  if (!is_format || !vm.count(sdk::kFormatPositional)) return;
  const auto* value = boost::any_cast<std::string>(&vm.at(sdk::kFormatPositional).value());
  std::error_code error;
  if (!value || value->empty() || is_format(*value) || !std::filesystem::exists(*value, error)) return;
  throw sdk::Error::usage(fmt::format("{}: too many arguments: '{}' is a file, not an output format (usage: interstice {} {})",
                                      entry.name, *value, entry.name, syntax.usage()));
}

}  // namespace

CommandLine parse_command_line(const CommandEntry& entry, const sdk::CommandSyntax& syntax,
                               const std::vector<std::string>& args, const IsFormat& is_format) {
  po::options_description all = command_line_options(syntax);
  CommandLine parsed;
  const std::string& context = entry.name;
  try {
    po::store(po::command_line_parser(args)
                  .options(all)
                  .positional(syntax.parts().order)
                  .style(command_line_style())
                  .run(),
              parsed.options);
    take_trailing_format(syntax, parsed.options, is_format);
    refuse_file_as_format(entry, syntax, parsed.options, is_format);
    parsed.wants_help = parsed.options.count("help") > 0;
    parsed.wants_version = !parsed.wants_help && parsed.options.count("version") > 0 &&
                           !syntax.parts().named.find_nothrow("version", false);
    if (parsed.wants_help || parsed.wants_version) return parsed;
    po::notify(parsed.options);
  } catch (const po::required_option& e) {
    std::string missing = e.get_option_name();
    for (const auto& p : syntax.parts().positionals)
      if ("--" + p.name == missing) missing = "<" + p.value_name + ">";
    throw sdk::Error::usage(fmt::format("{}: missing argument {} (usage: interstice {} {})", context, missing, entry.name,
                                        syntax.usage()));
  } catch (const po::too_many_positional_options_error&) {
    throw sdk::Error::usage(fmt::format("{}: too many arguments (usage: interstice {} {})", context, entry.name, syntax.usage()));
  } catch (const po::error& e) {
    throw_usage_error(e, context, {&all});
  }
  return parsed;
}

namespace {

// Whether two names reach the same file, whether or not it exists yet (symlinks followed).
bool same_file(const std::string& a, const std::string& b) {
  std::error_code error;
  if (std::filesystem::equivalent(a, b, error)) return true;
  const auto real_a = std::filesystem::weakly_canonical(a, error);
  if (error) return false;
  const auto real_b = std::filesystem::weakly_canonical(b, error);
  return !error && real_a == real_b;
}

}  // namespace

// Every string argument that names the output file is an input or another output: `log-query
// LOG -o LOG` would destroy the log, `log-export --out X -o X` the export, replaced by the report.
void refuse_output_over_input(const po::variables_map& vm, const std::string& output) {
  if (output == "-") return;
  auto check = [&](const std::string& name, const std::string& value) {
    if (!value.empty() && value != "-" && same_file(value, output))
      throw sdk::Error::usage(fmt::format("--output {} would overwrite the input or output file {} (the command's '{}' "
                                          "argument)", output, value, name));
  };
  for (const auto& [name, entry] : vm) {
    if (entry.empty() || name == "output") continue;
    if (const auto* text = boost::any_cast<std::string>(&entry.value())) check(name, *text);
    if (const auto* list = boost::any_cast<std::vector<std::string>>(&entry.value()))
      for (const auto& text : *list) check(name, text);
  }
}

}  // namespace interstice::host
