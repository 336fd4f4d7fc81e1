// `interstice log-inspect <PATH>... [FORMAT]`: reads a whole transaction log (or several, one result
// each plus totals), checks every record
// and reports counts, timestamps and the first damaged record, like pg_waldump --stats with
// kafka-dump-log's per-record validity. Exit 0 valid, 1 damaged, 2 unreadable.
#include "inspection_report.hpp"
#include "log_repair.hpp"
#include "log_statistics.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/record_cursor.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/wording.hpp"
#include "interstice/sdk/util/several_inputs.hpp"

#include <fmt/format.h>

namespace po = boost::program_options;

namespace interstice::log_inspect {
namespace {

class LogInspectCommand final : public sdk::Command {
 public:
  void declare(sdk::CommandSyntax& syntax) const override {
    syntax.repeated_positional("path", "PATH",
                               "transaction logs to inspect: several, a quoted glob, or - for standard input (spooled "
                               "to a temporary file)",
                               true)
        .trailing_format();
    sdk::add_log_format_option(syntax);
    syntax.options()("keep-going", po::bool_switch(), "after a damaged record, resynchronise and keep counting")(
        "repair", po::value<std::string>()->value_name("OUT"),
        "write the longest valid prefix to OUT (a new file; the log itself is never changed)")(
        "schema", po::value<std::vector<std::string>>()->composing()->value_name("SCHEMA.json"),
        "module schemas that settle an ambiguous format detection (repeatable)");
  }

  sdk::Report run(sdk::CommandContext& context) override {
    const auto paths = sdk::expand_inputs(context.all("path"));
    const auto schemas = sdk::load_module_schemas(context.all("schema"));
    if (paths.size() == 1) return inspect(context, paths.front(), schemas);
    if (context.has("repair")) throw sdk::Error::usage("log-inspect: --repair takes one log, not " + std::to_string(paths.size()));
    // One result per log, then the totals; a log that cannot be read stops the run (exit 2).
    std::vector<sdk::Report> reports;
    std::uint64_t transactions = 0, valid = 0, invalid = 0, bytes = 0, invalid_logs = 0;
    for (const auto& path : paths) {
      auto report = inspect(context, path, schemas);
      const auto& data = report.data.as_object();
      transactions += data.at("transaction_count").to_number<std::uint64_t>();
      valid += data.at("valid_transactions").to_number<std::uint64_t>();
      invalid += data.at("invalid_transactions").to_number<std::uint64_t>();
      bytes += data.at("log_size_bytes").to_number<std::uint64_t>();
      invalid_logs += report.outcome == sdk::Outcome::problems_found;
      reports.push_back(std::move(report));
    }
    boost::json::object totals{{"transaction_count", transactions}, {"valid_transactions", valid},
                               {"invalid_transactions", invalid},   {"log_size_bytes", bytes},
                               {"is_valid", invalid_logs == 0}};
    const auto line = fmt::format("{}: {}, {} invalid; {}", sdk::plural(paths.size(), "log"),
                                  sdk::plural(transactions, "transaction"), invalid,
                                  invalid_logs ? fmt::format("{} damaged", sdk::plural(invalid_logs, "log")) : "all valid");
    return sdk::combine_reports(std::move(reports), "logs", std::move(totals), line);
  }

 private:
  sdk::Report inspect(sdk::CommandContext& context, const std::string& path, const std::vector<sdk::ModuleSchema>& schemas) {
    const auto repair_to = context.get<std::string>("repair");
    if (repair_to) check_repair_target(path, *repair_to);  // before reading a big log, not after
    auto log = sdk::open_log(context, path, schemas);

    // Repair counts what it drops, so it reads past the damage just as --keep-going does.
    const bool keep_going = context.get<bool>("keep-going").value_or(false);
    const bool read_past_damage = keep_going || repair_to.has_value();

    LogStatistics stats;
    const auto size = log.input->size();
    auto progress = context.progress("inspecting " + path, size);
    sdk::RecordCursor cursor(log, {.damage = read_past_damage ? sdk::DamagePolicy::keep_going : sdk::DamagePolicy::stop,
                                   .progress = progress.get(),
                                   .on_damage = [&](const sdk::LogDamage& damage) { stats.add_damage(damage); }});
    cursor.tally(stats);  // counted on every thread that checks records (record_tally.hpp)
    const auto& read = cursor.summary();

    InspectionFacts facts;
    facts.file = path;
    facts.size = size;
    facts.log = &log;
    facts.keep_going = keep_going;
    facts.bytes_read = read.read_to;
    if (repair_to) {
      write_prefix(*log.input, read.valid_prefix_end, *repair_to);
      RepairResult repair;
      repair.output = *repair_to;
      repair.records_kept = read.records_before_damage;
      repair.records_dropped = stats.valid() + stats.damage().size() - repair.records_kept;
      repair.bytes_kept = read.valid_prefix_end;
      repair.bytes_dropped = size - read.valid_prefix_end;
      facts.repair = repair;
    }
    return inspection_report(stats, facts);
  }
};

}  // namespace
}  // namespace interstice::log_inspect

INTERSTICE_PLUGIN(interstice::log_inspect::LogInspectCommand, "log-inspect", INTERSTICE_PLUGIN_VERSION,
                  "Check every record of a transaction log and count them by operation, module and table")
