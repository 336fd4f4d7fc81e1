// The plugin kind that writes selected transactions somewhere: a CSV file, a database, a log.
// `interstice log-export LOG --to ID --out FILE [filters]` streams every selected record into
// one. Three ways to write an exporter, from most control to least code:
//
// (a) `Exporter`: implement `begin`, returning an `ExportSession` with `write` and `end`.
//     For exporters that manage their own output, e.g. a database file.
// (b) `TextExporter`: override `write_record` (and optionally `header` / `footer`); the base
//     class buffers output and flushes it in large blocks. Most exporters are this.
// (c) `INTERSTICE_EXPORTER_FUNCTION`: a lambda `(const ExportRecord&, std::string& out)`.
//
// One exporter object serves every export at once (a server runs several), so it keeps no
// per-export state in members: tier (a) keeps it in its session, tier (b) in an `ExportState`.
// Output goes to a temp file that the host renames over `--out` only after `end`.
#pragma once

#include "interstice/sdk/export_record.hpp"
#include "interstice/sdk/plugin.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/schema.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk {

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
};

/// What a TextExporter says about its records, once.
struct TextExporterTraits {
  /// `write_record`'s text depends on the record alone (it does not touch its ExportState): the
  /// SDK may then format records on several threads at once and write the text in order.
  bool independent_records = false;
  /// Text between two records (never before the first or after the last), e.g. "," in a JSON
  /// array. With a separator, `write_record` writes something for every record.
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

/// Tier (c): an exporter made of one function (plus fixed header and footer text).
class BOOST_SYMBOL_VISIBLE FunctionExporter : public TextExporter {
 public:
  using WriteFunction = std::function<void(const ExportRecord&, std::string&)>;
  explicit FunctionExporter(WriteFunction write, std::string header_text = {}, std::string footer_text = {})
      : write_(std::move(write)), header_(std::move(header_text)), footer_(std::move(footer_text)) {}

 protected:
  void header(ExportState&, const ExportTarget&, std::string& out) const override { out += header_; }
  void write_record(ExportState&, const ExportRecord& record, std::string& out) const override { write_(record, out); }
  void footer(ExportState&, std::string& out, std::uint64_t) const override { out += footer_; }

 private:
  WriteFunction write_;
  std::string header_;
  std::string footer_;
};

}  // namespace interstice::sdk

/// Exports an exporter made from a function (tier c):
///
///     INTERSTICE_EXPORTER_FUNCTION("keys", "1.0.0", "One primary key per line",
///         [](const interstice::sdk::ExportRecord& r, std::string& out) { out += r.view.table; out += '\n'; })
#define INTERSTICE_EXPORTER_FUNCTION(Id, Version, Description, ...)                          \
  namespace {                                                                               \
  struct IntersticeFunctionExporter final : ::interstice::sdk::FunctionExporter {          \
    IntersticeFunctionExporter() : ::interstice::sdk::FunctionExporter(__VA_ARGS__) {}     \
  };                                                                                        \
  }                                                                                         \
  INTERSTICE_PLUGIN(IntersticeFunctionExporter, Id, Version, Description)
