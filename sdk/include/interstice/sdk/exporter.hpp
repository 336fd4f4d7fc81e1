// The plugin kind that writes selected transactions somewhere: a CSV file, a database, a log.
// `interstice log-export LOG --to ID --out FILE [filters]` streams every selected record into
// one. Three ways to write an exporter, from most control to least code:
// (a) `Exporter`: `begin` returns an `ExportSession` with `write` and `end` (e.g. a database).
// (b) `TextExporter`: override `write_record` (and maybe `header`/`footer`); the base class
//     buffers output and flushes it in large blocks. Most exporters are this.
// (c) `INTERSTICE_EXPORTER_FUNCTION` (function_exporter.hpp): one lambda.
// One exporter object serves every export at once (a server runs several): per-export state lives
// in the session (a) or an `ExportState` (b), never in members. Guide: docs/writing-an-exporter.md.
#pragma once

#include "interstice/sdk/export_record.hpp"
#include "interstice/sdk/plugin.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk {

class LogCodec;       // log_codec.hpp
class PluginCatalog;  // plugin_catalog.hpp
struct ModuleSchema;  // schema.hpp

/// An option an exporter adds to `log-export` (csv's `--csv-safe`: name "csv-safe"; a flag unless
/// it has a `value_name`), listed by `log-export --help` and refused with another exporter.
struct ExporterOption { std::string name = {}, help = {}, value_name = {}; };

/// Where the export goes and what it is about.
struct ExportTarget {
  std::ostream& stream;                   ///< the temp file, opened for writing (binary)
  std::filesystem::path temp_path;        ///< that file's path, for exporters that reopen it (SQLite)
  std::filesystem::path final_path;       ///< what `--out` named, for messages
  std::string source_path;                ///< the log being exported
  std::string source_format;              ///< e.g. "interstice-v1", "framed-g2"
  const LogCodec* source_codec = nullptr; ///< the codec reading the log
  std::string filter;                     ///< the filter for people, e.g. "module=chat AND op=insert"
  bool filtered = false;                  ///< a filter may leave records out (not every record comes)
  const std::vector<ModuleSchema>* schemas = nullptr;  ///< from `--schema` (maybe empty)
  const PluginCatalog* plugins = nullptr;  ///< the loaded plugins (a codec to write a log with, ...)
  std::map<std::string, std::string, std::less<>> options = {};  ///< its options given: value, "" for a flag
  bool flag(std::string_view name) const { return options.contains(name); }
};

/// One export in progress. The log's reader must outlive the session.
class BOOST_SYMBOL_VISIBLE ExportSession {
 public:
  virtual ~ExportSession() = default;
  virtual void write(const ExportRecord& record) = 0;
  /// Everything is written; flush and close. Not called when the export fails.
  virtual void end() = 0;
};

/// Tier (a): the plain interface.
class BOOST_SYMBOL_VISIBLE Exporter : public Plugin {
 public:
  static constexpr const char* kind = "exporter";
  virtual std::unique_ptr<ExportSession> begin(const ExportTarget& target) = 0;
  /// The options it adds to `log-export`; the given ones reach `begin` in `target.options`.
  virtual std::vector<ExporterOption> options() const { return {}; }
};

/// What a TextExporter says about its records, once.
struct TextExporterTraits {
  /// `write_record`'s text depends on the record alone (and settings fixed in `start`): the SDK
  /// may then format records on several threads at once and write the text in order.
  bool independent_records = false;
  /// Text between two records, e.g. "," in a JSON array; `write_record` then writes something
  /// for every record.
  std::string_view separator = {};
};

/// One export's own state in a TextExporter that counts or groups across records: derive from
/// it, make one in `start`, and cast it back in the other calls.
class BOOST_SYMBOL_VISIBLE ExportState {
 public:
  virtual ~ExportState() = default;
};

/// Tier (b): a buffered text exporter. `header` and `footer` are written once, before the first
/// and after the last record (even when no record matched); `records` is how many were written.
class BOOST_SYMBOL_VISIBLE TextExporter : public Exporter {
 public:
  explicit TextExporter(TextExporterTraits traits = {}) : traits_(traits) {}
  INTERSTICE_SDK_API std::unique_ptr<ExportSession> begin(const ExportTarget& target) final;

 protected:
  /// A fresh state for one export; the default keeps none (an empty ExportState).
  virtual std::unique_ptr<ExportState> start(const ExportTarget&) const { return std::make_unique<ExportState>(); }
  virtual void header(ExportState&, const ExportTarget&, std::string&) const {}
  /// Append the record's text to `out` (which the base class flushes in large blocks).
  virtual void write_record(ExportState& state, const ExportRecord& record, std::string& out) const = 0;
  virtual void footer(ExportState&, std::string& /*out*/, std::uint64_t /*records*/) const {}

 private:
  TextExporterTraits traits_;
  class Session;
};

}  // namespace interstice::sdk
