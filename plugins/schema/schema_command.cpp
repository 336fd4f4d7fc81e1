// `interstice schema <PATH>... [FORMAT]`: what module schemas declare, in any output format; a file
// may hold an array of schemas, and several schemas give one result each plus totals.
// With `--log LOG`, each table also shows how many records the log has for it and how many rows
// are live after replaying them.
#include "schema_log.hpp"
#include "schema_report.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/wording.hpp"
#include "interstice/sdk/util/several_inputs.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>

namespace po = boost::program_options;
namespace sdk = interstice::sdk;

namespace {

// Several schemas: one result each under "schemas", each summary line naming its module, and totals.
sdk::Report describe_schemas(const std::vector<std::pair<std::string, sdk::ModuleSchema>>& found) {
  std::vector<sdk::Report> reports;
  std::size_t tables = 0, reducers = 0, subscriptions = 0;
  std::vector<std::string> files;
  for (const auto& [path, schema] : found) {
    auto report = interstice::schema_command::describe_schema(schema);
    report.presentation.summary = fmt::format("{}: module {} {}: {}", path, schema.name, schema.version.to_string(),
                                              report.presentation.summary);
    tables += schema.tables.size();
    reducers += schema.reducers.size();
    subscriptions += schema.subscriptions.size();
    if (std::find(files.begin(), files.end(), path) == files.end()) files.push_back(path);
    reports.push_back(std::move(report));
  }
  boost::json::object totals{{"table_count", tables}, {"reducer_count", reducers}, {"subscription_count", subscriptions}};
  const auto line = fmt::format("{} in {}: {}, {}, {}", interstice::sdk::plural(found.size(), "schema"),
                                interstice::sdk::plural(files.size(), "file"), interstice::sdk::plural(tables, "table"),
                                interstice::sdk::plural(reducers, "reducer"),
                                interstice::sdk::plural(subscriptions, "subscription"));
  return sdk::combine_reports(std::move(reports), "schemas", std::move(totals), line);
}

// One schema's result, streamed one table at a time: the JSON format writes each as it comes,
// and no whole result document is built next to the schema (issue 12: a 50 MB schema's result
// was a ~200 MB DOM, copied once more by the output format).
sdk::Report stream_schema(sdk::CommandContext& context, const sdk::ModuleSchema& schema,
                          const interstice::schema_command::SchemaLogFacts* log) {
  context.begin(interstice::schema_command::describe_schema_header(schema, log));
  for (const auto& table : schema.tables)
    context.item_json(boost::json::serialize(interstice::schema_command::describe_table(schema, table, log)));
  return interstice::schema_command::describe_schema_summary(schema, log);
}

class SchemaCommand final : public sdk::Command {
 public:
  void declare(sdk::CommandSyntax& syntax) const override {
    syntax
        .repeated_positional("path", "PATH",
                             "module schema JSON files, each one schema or an array of them; a quoted glob, or - for "
                             "standard input",
                             true)
        .trailing_format();
    syntax.options()("log", po::value<std::string>()->value_name("LOG"),
                     "also count each table's records in this transaction log and its live rows after replay");
    sdk::add_log_format_option(syntax);
  }

  sdk::Report run(sdk::CommandContext& context) override {
    // Every schema of every file: a file holds one schema or an array of them (`*.schemas.json`).
    std::vector<std::pair<std::string, sdk::ModuleSchema>> found;
    for (const auto& path : sdk::expand_inputs(context.all("path")))
      for (auto& schema : sdk::load_module_schemas({path})) found.emplace_back(path, std::move(schema));
    auto log_path = context.get<std::string>("log");
    if (found.size() != 1) {
      if (log_path)
        throw sdk::Error::usage(fmt::format("schema: --log takes one module schema, and {} were given", found.size()));
      return describe_schemas(found);
    }
    auto schema = std::move(found.front().second);
    if (!log_path) return stream_schema(context, schema, nullptr);

    const std::vector<sdk::ModuleSchema> schemas{schema};
    sdk::LogOpenOptions open_options;
    open_options.format = context.get<std::string>("log-format").value_or("auto");
    open_options.schemas = &schemas;
    auto log = sdk::open_log(context.plugins(), *log_path, open_options, context.log());
    auto size = log.input->size();
    auto progress = context.progress("reading " + *log_path, size);
    auto facts = interstice::schema_command::read_log_for_schema(schema, log, *log_path, progress.get());
    // `schema` describes, it does not check: a damaged log still gives counts (up to the damage),
    // and the warning plus the result's "damage" say they are partial.
    if (facts.damage)
      context.log().warn("{}: record {} at byte {} is damaged ({}); the counts cover only the {} before it", *log_path,
                         facts.damage->index, facts.damage->offset, facts.damage->reason,
                         interstice::sdk::plural(facts.records, "record"));
    return stream_schema(context, schema, &facts);
  }
};

}  // namespace

INTERSTICE_PLUGIN(SchemaCommand, "schema", INTERSTICE_PLUGIN_VERSION, "Show the tables, reducers and subscriptions a module schema declares")
