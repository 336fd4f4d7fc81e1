// `interstice log-export <PATH> --to NAME --out FILE [filters]`: streams the selected records of a
// log into an exporter plugin. The output is a temp file renamed over FILE only when the export
// finished, so Ctrl-C or an error never leaves a partial file under FILE.
#include "interstice/sdk/atomic_file.hpp"
#include "interstice/sdk/command.hpp"
#include "interstice/sdk/exporter.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/log_report.hpp"
#include "interstice/sdk/log_scan.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/record_filter.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/wording.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace po = boost::program_options;
namespace json = boost::json;

namespace interstice::log_export {
namespace {

sdk::Exporter& find_exporter(const sdk::PluginCatalog& plugins, const std::string& id) {
  if (auto* exporter = plugins.find<sdk::Exporter>(id)) return *exporter;
  std::string known;
  for (const auto& info : plugins.list(sdk::Exporter::kind)) {
    if (!known.empty()) known += ", ";
    known += info.id;
  }
  throw sdk::Error::usage(fmt::format("unknown exporter '{}' (available: {})", id, known.empty() ? "none" : known));
}

class LogExportCommand final : public sdk::Command {
 public:
  void declare(sdk::CommandSyntax& syntax) const override {
    syntax.positional("path", "PATH", "transaction log to export").trailing_format();
    syntax.options()("to", po::value<std::string>()->required()->value_name("NAME"),
                     "exporter: csv, json, ndjson, sqlite, binary, or a plugin's id")(
        "out", po::value<std::string>()->required()->value_name("FILE"), "file to write (replaced atomically)")(
        "schema", po::value<std::vector<std::string>>()->composing()->value_name("SCHEMA.json"),
        "module schemas for exporters that use them (sqlite state tables) and for format detection");
    sdk::RecordFilter::declare(syntax);
    sdk::add_log_format_option(syntax);
  }

  sdk::Report run(sdk::CommandContext& context) override {
    const auto path = context.require<std::string>("path");
    const auto out_path = context.require<std::string>("out");
    auto& exporter = find_exporter(context.plugins(), context.require<std::string>("to"));
    const auto filter = sdk::RecordFilter::from(context);
    const auto schemas = sdk::load_module_schemas(context.all("schema"));
    std::error_code same_error;
    if (std::filesystem::equivalent(path, out_path, same_error))
      throw sdk::Error::usage("--out must not be the log being exported (" + out_path + ")");
    auto log = sdk::open_log(context, path, schemas);

    // Catch Ctrl-C from the moment the temp file exists until it is renamed (the scan has its
    // own scope, but the exporter's `end`, e.g. sqlite building its tables, runs after it), so
    // an interrupt always unwinds through the AtomicFile and never leaves FILE.tmp-XXXXXX.
    sdk::InterruptScope interrupt;
    sdk::AtomicFile file(out_path);
    sdk::ExportTarget target{.stream = file.stream(),
                             .temp_path = file.temp_path(),
                             .final_path = out_path,
                             .source_path = path,
                             .source_format = log.variant,
                             .source_codec = log.codec,
                             .filter = filter.description(),
                             .filtered = !filter.selects_everything(),
                             .schemas = &schemas,
                             .plugins = &context.plugins()};
    auto session = exporter.begin(target);
    auto progress = context.progress("exporting " + path, log.input->size());
    auto summary = sdk::scan_log(
        log, filter, [&](const sdk::ScannedRecord& record) { session->write(sdk::ExportRecord(record)); },
        progress.get());
    if (summary.interrupted && !filter.follow())
      throw sdk::Error::input("interrupted; nothing was written", sdk::Location::in_file(out_path));
    session->end();
    session.reset();
    if (sdk::InterruptScope::interrupted() && !filter.follow())
      throw sdk::Error::input("interrupted; nothing was written", sdk::Location::in_file(out_path));
    file.commit();

    json::object data{{"file_path", path},
                      {"format", sdk::format_json(log)},
                      {"exporter", context.require<std::string>("to")},
                      {"output", out_path},
                      {"filter_applied", filter.description()},
                      {"total_transactions", summary.scanned},
                      {"exported", summary.matched}};
    data["stopped_at"] = summary.damage ? json::value(sdk::damage_json(*summary.damage)) : json::value(nullptr);
    sdk::Report report;
    report.data = std::move(data);
    report.presentation.summary =
        fmt::format("{}: exported {} of {} to {}", path, summary.matched, sdk::plural(summary.scanned, "transaction"),
                    out_path);
    if (summary.damage) {
      report.outcome = sdk::Outcome::problems_found;
      report.presentation.summary += fmt::format("; stopped at damaged record {} (byte {}): {}", summary.damage->index,
                                                 summary.damage->offset, summary.damage->reason);
    }
    return report;
  }
};

}  // namespace
}  // namespace interstice::log_export

INTERSTICE_PLUGIN(interstice::log_export::LogExportCommand, "log-export", INTERSTICE_PLUGIN_VERSION,
                  "Stream the selected transactions of a log into an exporter (csv, json, ndjson, sqlite, binary)")
