// `interstice schema <PATH> [FORMAT]`: what a module schema declares, in any output format.
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

namespace po = boost::program_options;
namespace sdk = interstice::sdk;

namespace {

class SchemaCommand final : public sdk::Command {
 public:
  void declare(sdk::CommandSyntax& syntax) const override {
    syntax.positional("path", "PATH", "module schema JSON file").trailing_format();
    syntax.options()("log", po::value<std::string>()->value_name("LOG"),
                     "also count each table's records in this transaction log and its live rows after replay");
    sdk::add_log_format_option(syntax);
  }

  sdk::Report run(sdk::CommandContext& context) override {
    auto schema = sdk::load_module_schema(context.require<std::string>("path"));
    auto log_path = context.get<std::string>("log");
    if (!log_path) return interstice::schema_command::describe_schema(schema);

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
    return interstice::schema_command::describe_schema(schema, &facts);
  }
};

}  // namespace

INTERSTICE_PLUGIN(SchemaCommand, "schema", INTERSTICE_PLUGIN_VERSION, "Show the tables, reducers and subscriptions a module schema declares")
