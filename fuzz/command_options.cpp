// Every command's option parsing, as the host does it before a command runs (command_runner.cpp):
// argv split into global options and the command, the global options parsed, the command found
// ("did you mean"), its declared syntax plus the common options parsed, the output options
// settled, the output format looked up, `-o` checked against the command's files, help text
// built, and the record filter read for the commands that declare it. Input: the arguments after
// `interstice`, separated by NUL bytes. Every rejection must be a usage error.
//
// The commands' own `run` is not called: it opens and writes the files the arguments name
// (`--out`, `--repair`, `-o`), which a fuzzer must not be let loose on. The few checks `run`
// makes on option values before reading (schema-diff --fail-on/--ignore, validate's --log
// combinations, log-export --to) are plain comparisons against fixed lists.
#include "builtin_plugins.hpp"
#include "harness.hpp"
#include "options_context.hpp"

#include "command_line.hpp"
#include "command_table.hpp"
#include "global_options.hpp"
#include "help_text.hpp"

#include "interstice/sdk/detail/syntax_parts.hpp"
#include "interstice/sdk/output_format.hpp"
#include "interstice/sdk/record_filter.hpp"

namespace interstice::fuzz::options {

namespace {

void parse(const host::CommandTable& table, const std::vector<std::string>& args) {
  static const auto global = host::global_options();
  const auto split = host::split_arguments(args, global);
  const auto before = host::parse_global_options(split.global, global);
  if (!split.command) return;
  const auto& entry = table.find(*split.command);
  if (before.help) {
    host::command_help(entry);
    return;
  }
  sdk::CommandSyntax syntax;
  entry.command().declare(syntax);
  const auto line = host::parse_command_line(entry, syntax, split.command_args);
  if (line.wants_help) {
    host::command_help(entry);
    return;
  }
  host::OutputSettings settings = before;
  host::apply_output_overrides(settings, line.options);
  const auto format = settings.format.value_or("text");
  if (!builtin_registry().find<sdk::OutputFormat>(format)) return;  // the runner's "unknown output format"
  if (settings.output) host::refuse_output_over_input(line.options, *settings.output);
  if (syntax.parts().named.find_nothrow("since", false)) {
    OptionsContext context(line.options);
    sdk::RecordFilter::from(context);
  }
}

void options_target(Input input) {
  static const host::CommandTable table(builtin_registry());
  try {
    parse(table, split_at_nul(input, 32));
  } catch (const sdk::Error& e) {
    FUZZ_CHECK(e.kind() == sdk::ErrorKind::usage, std::string("a bad command line is not a usage error: ") + e.what());
    FUZZ_CHECK(!e.message().empty(), "a usage error without a message");
  }
}

}  // namespace

}  // namespace interstice::fuzz::options

INTERSTICE_FUZZ_TARGET(command_options, interstice::fuzz::options::options_target);
