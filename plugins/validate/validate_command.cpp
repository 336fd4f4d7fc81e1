// `interstice validate <PATH> [FORMAT]`: lints a module schema and reports every problem, each
// with a stable rule id, a severity and a JSON pointer.
// `interstice validate --log LOG --schema SCHEMA.json... [FORMAT]`: checks that every row of a
// transaction log fits its module's schema: how a user learns whether an upgraded schema can
// still replay an old log. Exit 0 valid (warnings allowed), 1 invalid, 2 unreadable.
#include "log_check.hpp"
#include "log_check_report.hpp"
#include "schema_lint.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/output_format.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/schema_json.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace po = boost::program_options;

namespace interstice::validate {
namespace {

// PATH and --log are two modes; a positional after --log is most likely a FORMAT that landed in
// PATH's slot (PATH is optional, so it comes first), and the message says how to write it.
void check_mode_arguments(const sdk::CommandContext& context, const std::string& usage) {
  const auto path = context.get<std::string>("path");
  if (!context.has("log")) {
    if (!path)
      throw sdk::Error::usage(fmt::format(
          "validate: missing argument <PATH>, or --log LOG --schema SCHEMA.json (usage: interstice validate [options] {})",
          usage));
    for (const char* option : {"schema", "max-findings-per-rule", "ignore"})
      if (context.has(option)) throw sdk::Error::usage(fmt::format("validate: --{} is only used with --log", option));
    if (context.get<bool>("keep-going").value_or(false))
      throw sdk::Error::usage("validate: --keep-going is only used with --log");
    return;
  }
  if (path) {
    bool looks_like_format = context.plugins().find(sdk::OutputFormat::kind, *path) != nullptr;
    throw sdk::Error::usage(
        looks_like_format
            ? fmt::format("validate: with --log, give the output format as --format {} ('{}' was read as PATH)", *path, *path)
            : fmt::format("validate: give either PATH (a schema to lint) or --log, not both ('{}'); "
                          "the log's schemas go in --schema",
                          *path));
  }
  if (context.all("schema").empty())
    throw sdk::Error::usage("validate: --log needs at least one --schema SCHEMA.json (the schemas its rows must fit)");
  for (const auto& rule : context.all("ignore"))
    if (std::find(row_rules().begin(), row_rules().end(), rule) == row_rules().end())
      throw sdk::Error::usage(
          fmt::format("validate: --ignore {}: no such rule; rules are {}", rule, fmt::join(row_rules(), ", ")));
}

sdk::Report check_log_file(sdk::CommandContext& context) {
  const auto log_path = context.require<std::string>("log");
  LogCheckFacts facts;
  facts.log_path = log_path;
  facts.schema_paths = context.all("schema");
  const auto schemas = sdk::load_module_schemas(facts.schema_paths);
  for (const auto& schema : schemas) facts.module_names.push_back(schema.name);

  sdk::LogOpenOptions open_options;
  open_options.format = context.get<std::string>("log-format").value_or("auto");
  open_options.schemas = &schemas;
  auto log = sdk::open_log(context.plugins(), log_path, open_options, context.log());
  facts.log = &log;

  LogCheckOptions options;
  options.findings_per_rule = context.get<std::size_t>("max-findings-per-rule").value_or(options.findings_per_rule);
  options.keep_going = context.get<bool>("keep-going").value_or(false);
  options.ignored_rules = context.all("ignore");
  facts.findings_per_rule = options.findings_per_rule;
  auto progress = context.progress("validating " + log_path, log.input->size());
  auto result = check_log(*log.reader, schemas, options, progress.get());
  return log_check_report(result, facts);
}

class ValidateCommand final : public sdk::Command {
 public:
  void declare(sdk::CommandSyntax& syntax) const override {
    syntax.optional_positional("path", "PATH", "module schema JSON file to check (not with --log)").trailing_format();
    syntax.options()("log", po::value<std::string>()->value_name("LOG"),
                     "check every row of this transaction log against the --schema files instead")(
        "schema", po::value<std::vector<std::string>>()->composing()->value_name("SCHEMA.json"),
        "with --log: a module schema, or a JSON array of them, the log's rows must fit (repeatable)")(
        "keep-going", po::bool_switch(), "with --log: after a damaged record, resynchronise and keep checking")(
        "max-findings-per-rule", po::value<std::size_t>()->value_name("N"),
        "with --log: list at most N findings per rule, counting the rest (default 100; 0 lists all)")(
        "ignore", po::value<std::vector<std::string>>()->composing()->value_name("RULE"),
        "with --log: drop findings of this rule, e.g. LOG_UNKNOWN_MODULE to check only the given modules "
        "(repeatable; they are still counted in ignored_by_rule)");
    sdk::add_log_format_option(syntax);
  }

  sdk::Report run(sdk::CommandContext& context) override {
    sdk::CommandSyntax syntax;
    declare(syntax);
    check_mode_arguments(context, syntax.usage());
    if (context.has("log")) return check_log_file(context);
    return lint_schema_file(*context.get<std::string>("path"));
  }
};

}  // namespace
}  // namespace interstice::validate

INTERSTICE_PLUGIN(interstice::validate::ValidateCommand, "validate", INTERSTICE_PLUGIN_VERSION,
                  "Check a module schema against every rule and report each problem with a rule id and JSON pointer")
