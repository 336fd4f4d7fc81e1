// `interstice validate <PATH>... [FORMAT]`: lints module schemas (a file may hold an array of them)
// and reports every problem, each with a stable rule id, a severity and a JSON pointer.
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
#include "interstice/sdk/wording.hpp"
#include "interstice/sdk/util/several_inputs.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace po = boost::program_options;

namespace interstice::validate {
namespace {

// PATH and --log are two modes; a positional after --log is most likely a FORMAT that landed in
// PATH's slot (PATH is optional, so it comes first), and the message says how to write it.
void check_mode_arguments(const sdk::CommandContext& context, const std::string& usage) {
  const auto paths = context.all("path");
  if (!context.has("log")) {
    if (paths.empty())
      throw sdk::Error::usage(fmt::format(
          "validate: missing argument <PATH>, or --log LOG --schema SCHEMA.json (usage: interstice validate [options] {})",
          usage));
    for (const char* option : {"schema", "max-findings-per-rule", "ignore"})
      if (context.has(option)) throw sdk::Error::usage(fmt::format("validate: --{} is only used with --log", option));
    if (context.get<bool>("keep-going").value_or(false))
      throw sdk::Error::usage("validate: --keep-going is only used with --log");
    return;
  }
  if (!paths.empty()) {
    const auto& path = paths.front();
    bool looks_like_format = context.plugins().find(sdk::OutputFormat::kind, path) != nullptr;
    throw sdk::Error::usage(
        looks_like_format
            ? fmt::format("validate: with --log, give the output format as --format {} ('{}' was read as PATH)", path, path)
            : fmt::format("validate: give either PATH (a schema to lint) or --log, not both ('{}'); "
                          "the log's schemas go in --schema",
                          path));
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

// Each file's lint; missing_dependencies is judged against every schema given, so `validate
// app.json warehouse.json` finds app's subscriptions to warehouse satisfied. One file: its result
// as it always was; several: one result each under "files" plus totals.
sdk::Report lint_schema_files(const std::vector<std::string>& paths) {
  std::vector<SchemaLint> lints;
  std::vector<std::string> provided;
  for (const auto& path : paths) {
    lints.push_back(lint_schema_file(path));
    provided.insert(provided.end(), lints.back().declared.begin(), lints.back().declared.end());
  }
  for (auto& lint : lints) add_dependencies(lint, provided);
  if (lints.size() == 1) return std::move(lints.front().report);
  std::vector<sdk::Report> reports;
  std::uint64_t errors = 0, warnings = 0, invalid_files = 0;
  bool loadable = true;
  for (auto& lint : lints) {
    const auto& data = lint.report.data.as_object();
    errors += data.at("error_count").to_number<std::uint64_t>();
    warnings += data.at("warning_count").to_number<std::uint64_t>();
    invalid_files += !data.at("is_valid").as_bool();
    loadable = loadable && data.at("is_loadable").as_bool();
    reports.push_back(std::move(lint.report));
  }
  boost::json::object totals{{"is_valid", invalid_files == 0}, {"is_loadable", loadable},
                             {"error_count", errors},          {"warning_count", warnings}};
  const auto line = fmt::format("{}: {} invalid, {}, {}", sdk::plural(paths.size(), "file"), invalid_files,
                                sdk::plural(errors, "error"), sdk::plural(warnings, "warning"));
  return sdk::combine_reports(std::move(reports), "files", std::move(totals), line);
}

class ValidateCommand final : public sdk::Command {
 public:
  void declare(sdk::CommandSyntax& syntax) const override {
    syntax
        .repeated_positional("path", "PATH",
                             "module schema JSON files to check, each one schema or an array of them; a quoted glob, or "
                             "- for standard input (not with --log)",
                             false)
        .trailing_format();
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
    return lint_schema_files(sdk::expand_inputs(context.all("path")));
  }
};

}  // namespace
}  // namespace interstice::validate

INTERSTICE_PLUGIN(interstice::validate::ValidateCommand, "validate", INTERSTICE_PLUGIN_VERSION,
                  "Check a module schema against every rule and report each problem with a rule id and JSON pointer")
