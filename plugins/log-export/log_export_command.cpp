// `interstice log-export <PATH> [EXPORTER] --out FILE [--to NAME] [filters]`: streams the selected
// records of a log into an exporter plugin, named by --to, the EXPORTER positional or --out's
// extension. The output is a temp file renamed over FILE only when the export
// finished, so Ctrl-C or an error never leaves a partial file under FILE.
#include "exporter_options.hpp"

#include "interstice/sdk/atomic_file.hpp"
#include "interstice/sdk/command.hpp"
#include "interstice/sdk/exporter.hpp"
#include "interstice/sdk/host_services.hpp"
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
#include "interstice/sdk/util/log_cut.hpp"
#include "interstice/sdk/util/suggest.hpp"
#include "interstice/sdk/util/terminal_text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <optional>

namespace po = boost::program_options;
namespace json = boost::json;

namespace interstice::log_export {
namespace {

std::string to_lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The exporter a file name implies, for `--out x.csv` without `--to`. The built-in ones by their
// usual extensions; any other extension names the exporter with that id, if one is loaded, so a
// plugin's `--out metrics.prom` finds its `prom` exporter too.
std::string extension_of(const std::string& out_path) {
  const std::string extension = std::filesystem::path(out_path).extension().string();
  return extension.size() < 2 ? std::string() : to_lower(extension.substr(1));
}

// The built-in exporter a usual extension means, or nullopt.
std::optional<std::string> builtin_for_extension(const std::string& out_path) {
  static const std::pair<const char*, const char*> known[] = {
      {"csv", "csv"},       {"ndjson", "ndjson"}, {"jsonl", "ndjson"},  {"json", "json"},
      {"db", "sqlite"},     {"sqlite", "sqlite"}, {"sqlite3", "sqlite"}, {"log", "binary"}};
  const std::string extension = extension_of(out_path);
  for (const auto& [ext, id] : known)
    if (extension == ext) return std::string(id);
  return std::nullopt;
}

std::optional<std::string> exporter_for_extension(const std::string& out_path) {
  if (auto builtin = builtin_for_extension(out_path)) return builtin;
  const std::string extension = extension_of(out_path);
  return extension.empty() ? std::nullopt : std::optional<std::string>(extension);
}

// Exporter ids are matched case-insensitively (`--to CSV`), with "did you mean" otherwise.
// `found` is set to the exporter's own id.
sdk::Exporter& find_exporter(const sdk::PluginCatalog& plugins, const std::string& name, const std::string& given_as,
                             std::string& found) {
  std::vector<std::string> ids;
  for (const auto& info : plugins.list(sdk::Exporter::kind)) ids.push_back(info.id);
  for (const auto& id : ids) {
    if (to_lower(id) != to_lower(name)) continue;
    if (auto* exporter = plugins.find<sdk::Exporter>(id)) {
      found = id;
      return *exporter;
    }
  }
  const std::string known = ids.empty() ? "none" : fmt::format("{}", fmt::join(ids, ", "));
  throw sdk::Error::usage(
      fmt::format("unknown exporter '{}'{}{}; available: {}", name, given_as, sdk::did_you_mean(to_lower(name), ids), known));
}

// `--to NAME`, the EXPORTER positional (`log-export x.log csv --out x.csv`), or `--out`'s extension.
sdk::Exporter& choose_exporter(const sdk::CommandContext& context, const std::string& out_path, std::string& id) {
  const auto named = context.get<std::string>("to");
  const auto positional = context.get<std::string>("exporter");
  if (named && positional && to_lower(*named) != to_lower(*positional))
    throw sdk::Error::usage(fmt::format("log-export: '{}' was read as the exporter, but --to {} names one; give an "
                                        "output format for the report as --format {}",
                                        *positional, *named, *positional));
  // `log-export x.log --out x.csv json` meant a JSON report, not JSON in x.csv: a positional
  // exporter that contradicts a usual extension is refused (--to says it on purpose).
  if (positional && !named)
    if (const auto implied = builtin_for_extension(out_path); implied && *implied != to_lower(*positional))
      throw sdk::Error::usage(fmt::format("log-export: '{}' was read as the exporter, but --out {} means {}; give --to {} "
                                          "to write {} into it anyway, or --format {} for the report",
                                          *positional, out_path, *implied, *positional, *positional, *positional));
  if (named || positional) return find_exporter(context.plugins(), named ? *named : *positional, "", id);
  const auto inferred = exporter_for_extension(out_path);
  if (!inferred)
    throw sdk::Error::usage(fmt::format("log-export: --out {} has no extension to infer the exporter from; give --to NAME "
                                        "(csv, json, ndjson, sqlite, binary, ...)", out_path));
  return find_exporter(context.plugins(), *inferred, fmt::format(" (inferred from --out {}; give --to NAME)", out_path), id);
}

class LogExportCommand final : public sdk::Command {
 public:
  void declare(sdk::CommandSyntax& syntax) const override {
    syntax.positional("path", "PATH", "transaction log to export")
        .optional_positional("exporter", "EXPORTER", "the exporter, the same as --to NAME")
        .trailing_format();
    syntax.options()("to", po::value<std::string>()->value_name("NAME"),
                     "exporter: csv, json, ndjson, sqlite, binary, or a plugin's id (any case); without it, from --out's "
                     "extension: .csv, .json, .ndjson/.jsonl, .db/.sqlite, .log (binary), or a plugin's id")(
        "out", po::value<std::string>()->required()->value_name("FILE"), "file to write (replaced atomically)")(
        "schema", po::value<std::vector<std::string>>()->composing()->value_name("SCHEMA.json"),
        "module schemas for exporters that use them (sqlite state tables) and for format detection");
    sdk::RecordFilter::declare(syntax);
    sdk::add_log_format_option(syntax);
    declare_exporter_options(host().plugins(), syntax);
  }

  sdk::Report run(sdk::CommandContext& context) override {
    const auto path = context.require<std::string>("path");
    const auto out_path = context.require<std::string>("out");
    std::string exporter_id;
    auto& exporter = choose_exporter(context, out_path, exporter_id);
    auto exporter_options = exporter_options_given(context.plugins(), exporter, exporter_id, context);
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
                             .plugins = &context.plugins(),
                             .options = std::move(exporter_options)};
    auto session = exporter.begin(target);
    auto progress = context.progress("exporting " + path, log.input->size());
    auto summary = sdk::scan_log(
        log, filter, [&](const sdk::ScannedRecord& record) { session->write(sdk::ExportRecord(record)); },
        progress.get());
    if (summary.interrupted && !filter.follow())
      throw sdk::Error::input("interrupted; nothing was written", sdk::Location::in_file(out_path));
    session->end();
    session.reset();
    // Formatting threads read the last records from the log's maps after the scan ended; a file
    // cut meanwhile reads as zeros there, so the export stands only if the file still holds every
    // byte that was read.
    sdk::check_log_not_cut(*log.input, log.reader->position());
    if (sdk::InterruptScope::interrupted() && !filter.follow())
      throw sdk::Error::input("interrupted; nothing was written", sdk::Location::in_file(out_path));
    file.commit();

    json::object data{{"file_path", path},
                      {"format", sdk::format_json(log)},
                      {"exporter", exporter_id},
                      {"output", out_path},
                      {"filter_applied", filter.description()},
                      {"total_transactions", summary.scanned},
                      {"exported", summary.matched}};
    data["stopped_at"] = summary.damage ? json::value(sdk::damage_json(*summary.damage)) : json::value(nullptr);
    sdk::Report report;
    report.data = std::move(data);
    report.presentation.fields = {{"/file_path", "log"},
                                  {"/filter_applied", "filter"},
                                  {"/total_transactions", "records read"},
                                  {"/exported", "records exported"},
                                  {"/stopped_at", "stopped at"},
                                  {"/format/detected_by", "detected by"}};
    report.presentation.summary =
        fmt::format("{}: exported {} of {} to {}", path, summary.matched, sdk::plural(summary.scanned, "transaction"),
                    out_path);
    if (summary.damage) {
      report.outcome = sdk::Outcome::problems_found;
      report.presentation.summary += fmt::format("; stopped at damaged record {} (byte {}): {}", summary.damage->index,
                                                 summary.damage->offset, summary.damage->reason);
    }
    // Like cp, pg_dump and sqlite3 .dump: the data went to --out, so nothing on stdout unless a
    // report is asked for (--format or --output, before or after the command name); one summary
    // line on stderr instead, and only for a person at a terminal (not with --quiet).
    if (!context.has("format") && !context.has("output")) {
      if (!context.has("quiet") && isatty(STDERR_FILENO) == 1)
        std::cerr << sdk::escape_controls(report.presentation.summary) << '\n' << std::flush;
      report.presentation = {};
      report.presentation.listing = true;  // no lines and no summary: the text format writes nothing
    }
    return report;
  }
};

}  // namespace
}  // namespace interstice::log_export

INTERSTICE_PLUGIN(interstice::log_export::LogExportCommand, "log-export", INTERSTICE_PLUGIN_VERSION,
                  "Stream the selected transactions of a log into an exporter (csv, json, ndjson, sqlite, binary)")
