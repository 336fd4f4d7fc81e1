// The plugin kind that writes selected transactions somewhere: a CSV file, a database, a log.
// `interstice log-export LOG --to ID --out FILE [filters]` streams every selected record into
// one. There are three ways to write an exporter, from most control to least code:
//
// (a) `Exporter`: implement `begin`, returning an `ExportSession` with `write` and `end`.
//     For exporters that manage their own output, e.g. a database file.
// (b) `TextExporter`: override `write_record` (and optionally `header` / `footer`); the base
//     class buffers output, flushes it in large blocks and offers escaping helpers. Most
//     exporters are this.
// (c) `INTERSTICE_EXPORTER_FUNCTION`: a lambda `(const ExportRecord&, std::string& out)` and
//     nothing else.
//
// Output always goes to a temp file that the host renames over `--out` only after `end`, so an
// interrupted or failed export never leaves a partial file under the final name.
#pragma once

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/plugin.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/record_json.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/transaction.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk {

/// One selected record, as an exporter receives it. `view` has the module, table, operation,
/// index and timestamp; the rows are decoded only when `transaction()` is first called, and
/// `append_json` writes them as serde JSON, straight from the bytes where the codec can.
class ExportRecord {
  TransactionView own_view_;  // a hand-made record's view (below); unused otherwise

 public:
  explicit ExportRecord(const ScannedRecord& record) : view(record.view()), record_(record) {}
  /// A record that exists only decoded (made by hand, e.g. in a test). Its `view` has the
  /// encoded bytes of `record_view` and the facts (index, module, operation, ...) of `decoded`.
  ExportRecord(const Transaction& decoded, const TransactionView& record_view)
      : own_view_(view_of(decoded, record_view)), view(own_view_), record_(own_view_, decoded) {}

  const TransactionView& view;  ///< the bytes as stored (valid during the call)

  /// `data_hash(view.row)` (record_json.hpp): 16 hex digits, computed on first use (so, like
  /// `transaction()`, not to be called on one record from two threads at once).
  std::string_view data_hash() const {
    if (!hashed_) write_data_hash(view.row, hash_);
    hashed_ = true;
    return {hash_, sizeof hash_};
  }

  /// Decoded rows, module, table, timestamp, ... (decoded on first use, then kept).
  const Transaction& transaction() const { return record_.transaction(); }
  /// Appends the primary key, the row or the old row (`null` when none) as serde JSON; with
  /// `JsonQuoting::csv_doubled`, every `"` doubled, ready to sit between the quotes of a CSV field.
  void append_json(RowPart part, std::string& out, JsonQuoting quoting = JsonQuoting::plain) const {
    record_.append_json(part, out, quoting);
  }
  /// The record as the scan handed it over.
  const ScannedRecord& scanned() const { return record_; }

 private:
  static TransactionView view_of(const Transaction& decoded, TransactionView view) {
    view.index = decoded.index;
    view.offset = decoded.offset;
    view.size = decoded.size;
    view.operation = decoded.operation;
    view.module = decoded.module;
    view.table = decoded.table;
    view.has_old_row = decoded.old_row.has_value();
    view.timestamp = decoded.timestamp;
    view.checksum = decoded.checksum;
    return view;
  }

  ScannedRecord record_;
  mutable char hash_[16] = {};
  mutable bool hashed_ = false;
};

/// Where the export goes and what it is about.
struct ExportTarget {
  std::ostream& stream;                   ///< the temp file, opened for writing (binary)
  std::filesystem::path temp_path;        ///< that file's path, for exporters that reopen it (SQLite)
  std::filesystem::path final_path;       ///< what `--out` named, for messages
  std::string source_path;                ///< the log being exported
  std::string source_format;              ///< e.g. "interstice-v1", "framed-g2"
  const LogCodec* source_codec = nullptr; ///< the codec reading the log
  std::string filter;                     ///< the filter description, e.g. "module=chat AND op=insert"
  const std::vector<ModuleSchema>* schemas = nullptr;  ///< from `--schema` (maybe empty)
  Logger* log = nullptr;
  const PluginCatalog* plugins = nullptr;  ///< the loaded plugins (a codec to write a log with, ...)
};

/// One export in progress. The log's reader (and its input) must outlive the session: a
/// session may still be formatting records through the reader until it is destroyed.
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

/// Tier (b): a buffered text exporter. Override `write_record`; `header` and `footer` are
/// written once before the first and after the last record (even when no record matched).
class BOOST_SYMBOL_VISIBLE TextExporter : public Exporter {
 public:
  INTERSTICE_SDK_API std::unique_ptr<ExportSession> begin(const ExportTarget& target) override;

 protected:
  virtual void header(const ExportTarget& target, std::string& out) {
    (void)target;
    (void)out;
  }
  /// Append the record's text to `out` (which the base class flushes in large blocks).
  virtual void write_record(const ExportRecord& record, std::string& out) = 0;
  /// After the last record; `records` is how many were written (e.g. to close an empty JSON
  /// array as `[]`).
  virtual void footer(std::string& out, std::uint64_t records) {
    (void)out;
    (void)records;
  }

  /// Return true when `write_record`'s text depends on the record alone: no member state, no
  /// counting, no "first record" flag. The base class then formats records on the spare CPUs
  /// too (`write_record` is called from several threads at once, each with its own `out`) and
  /// writes the text in record order; a large csv or ndjson export runs about 1.4x as fast on
  /// two cores. Records are formatted in batches, so an exception from `write_record` surfaces
  /// from a later `write` or from `end` (with --follow, perhaps only at Ctrl-C), still as the
  /// error of the earliest failing record. The default, false, calls `write_record` once per
  /// record, in order, on the caller's thread, before `write` returns.
  virtual bool formats_records_independently() const { return false; }

  /// Text the base class writes between two records (never before the first or after the
  /// last), e.g. `,` between the elements of a JSON array. An exporter whose only state would
  /// be "did a record come before?" can say so here and still format records independently.
  /// With a separator, `write_record` must write something for every record (an element that
  /// writes nothing would leave two separators side by side).
  virtual std::string_view record_separator() const { return {}; }

  /// A CSV field per RFC 4180: quoted (with doubled quotes) when it holds a comma, quote, CR or LF.
  INTERSTICE_SDK_API static void append_csv_field(std::string& out, std::string_view field);
  /// The same into a raw buffer with `csv_field_room(field.size())` bytes; returns the new end.
  INTERSTICE_SDK_API static char* write_csv_field(char* out, std::string_view field);
  static constexpr std::size_t csv_field_room(std::size_t size) { return 2 * size + 2; }
  /// A JSON string literal.
  INTERSTICE_SDK_API static void append_json_string(std::string& out, std::string_view text);
  /// The record as log-query prints it (see record_json.hpp).
  INTERSTICE_SDK_API static void append_record_json(std::string& out, const ExportRecord& record);

 private:
  class Session;
};

/// Tier (c): an exporter made of one function.
class BOOST_SYMBOL_VISIBLE FunctionExporter : public TextExporter {
 public:
  using WriteFunction = std::function<void(const ExportRecord&, std::string&)>;
  explicit FunctionExporter(WriteFunction write, std::string header_text = {}, std::string footer_text = {})
      : write_(std::move(write)), header_(std::move(header_text)), footer_(std::move(footer_text)) {}

 protected:
  void header(const ExportTarget&, std::string& out) override { out += header_; }
  void write_record(const ExportRecord& record, std::string& out) override { write_(record, out); }
  void footer(std::string& out, std::uint64_t) override { out += footer_; }

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
