// The `csv` exporter: one RFC 4180 row per record, for spreadsheets and `COPY ... CSV` imports.
//
// Columns: index, module_id, table_name, operation, timestamp, data_hash, primary_key, row,
// old_row. The last three hold the record object's JSON text (record_json.hpp), so a cell
// round-trips to exactly what `log-query` and the json exporters print. Choices RFC 4180 leaves
// open:
// - lines end in CRLF, the header row included (RFC 4180 §2.1);
// - a field is quoted only when it holds a comma, quote, CR or LF, quotes doubled (§2.6, §2.7);
// - `timestamp` is empty when the log has none (framed logs), since an empty cell is what CSV
//   readers treat as missing, where `null` would read as text;
// - `old_row` is empty when the record has no old row (every insert and delete), for the same
//   reason; a present old row is never empty (its JSON text is at least `{"primary_key":...}`),
//   so empty and present cannot be confused.
// Other bytes (NUL, non-ASCII) pass through unchanged: the JSON columns escape control
// characters anyway, and module or table names are written as the log stores them.
#include "interstice/sdk/exporter.hpp"
#include "interstice/sdk/value_json.hpp"

namespace {

namespace sdk = interstice::sdk;

class CsvExporter final : public sdk::TextExporter {
  static void append_json_field(const sdk::ExportRecord& record, sdk::RowPart part, std::string& out) {
    out += '"';
    record.append_json(part, out, sdk::JsonQuoting::csv_doubled);
    out += '"';
  }

 protected:
  bool formats_records_independently() const override { return true; }

  void header(const sdk::ExportTarget&, std::string& out) override {
    out += "index,module_id,table_name,operation,timestamp,data_hash,primary_key,row,old_row\r\n";
  }

  void write_record(const sdk::ExportRecord& record, std::string& out) override {
    const auto& tx = record.view;
    sdk::append_integer(out, std::uint64_t{tx.index});
    out += ',';
    append_csv_field(out, tx.module);
    out += ',';
    append_csv_field(out, tx.table);
    out += ',';
    out += sdk::to_lower_string(tx.operation);
    out += ',';
    if (tx.timestamp) sdk::append_integer(out, std::uint64_t{*tx.timestamp});
    out += ',';
    out += record.data_hash();  // 16 hex digits: never needs quoting
    out += ',';
    // JSON text always holds quotes, so these three are always quoted; the JSON is written
    // with its quotes already doubled rather than rewritten afterwards.
    append_json_field(record, sdk::RowPart::primary_key, out);
    out += ',';
    append_json_field(record, sdk::RowPart::row, out);
    out += ',';
    if (record.scanned().has_old_row()) append_json_field(record, sdk::RowPart::old_row, out);
    out += "\r\n";
  }
};

}  // namespace

INTERSTICE_PLUGIN(CsvExporter, "csv", "0.1.0",
                  "RFC 4180 CSV: one row per record, keys and rows as JSON text")
