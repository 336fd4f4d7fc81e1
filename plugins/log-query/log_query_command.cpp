// `interstice log-query <PATH> [filters] [FORMAT]`: the records of a transaction log that match
// every filter, streamed record by record through the output format so memory stays flat on any
// log size; `--follow` keeps reading as the log grows until Ctrl-C.
#include "query_result.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/log_scan.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/record_filter.hpp"
#include "interstice/sdk/record_json.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/schema_json.hpp"

namespace po = boost::program_options;

namespace interstice::log_query {
namespace {

class LogQueryCommand final : public sdk::Command {
 public:
  void declare(sdk::CommandSyntax& syntax) const override {
    syntax.positional("path", "PATH", "transaction log to query").trailing_format();
    sdk::RecordFilter::declare(syntax);
    sdk::add_log_format_option(syntax);
    syntax.options()("schema", po::value<std::vector<std::string>>()->composing()->value_name("SCHEMA.json"),
                     "module schemas that settle an ambiguous format detection (repeatable)");
  }

  sdk::Report run(sdk::CommandContext& context) override {
    const auto path = context.require<std::string>("path");
    const auto filter = sdk::RecordFilter::from(context);
    const auto schemas = sdk::load_module_schemas(context.all("schema"));
    auto log = sdk::open_log(context, path, schemas);

    QueryFacts facts{path, &log, filter.description(), filter.follow()};
    context.begin(query_header(facts));
    std::string text;  // one record's JSON, reused
    auto summary = sdk::scan_log(log, filter, [&](const sdk::ScannedRecord& record) {
      text.clear();
      sdk::append_record_json(text, record, sdk::data_hash(record.view().row));
      context.item_json(text);
    });
    if (summary.damage)
      context.log().warn("{}: stopped at damaged record {} (byte {}): {}", path, summary.damage->index,
                         summary.damage->offset, summary.damage->reason);
    return query_summary(facts, summary);
  }
};

}  // namespace
}  // namespace interstice::log_query

INTERSTICE_PLUGIN(interstice::log_query::LogQueryCommand, "log-query", INTERSTICE_PLUGIN_VERSION,
                  "Print the transactions of a log that match filters (module, table, op, time, index, key)")
