// The `csv` exporter: one RFC 4180 row per record, for spreadsheets and `COPY ... CSV` imports.
//
// Columns: index, offset (the record's first byte in the log), module_id, table_name, operation,
// timestamp, data_hash, primary_key, row, old_row: the members of the ndjson exporter's objects,
// in their order. The last three hold the record object's JSON text (record_json.hpp), so a cell
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
// `--csv-safe` guards against CSV injection (OWASP; util/csv.hpp's CsvGuard): a module or table
// name a spreadsheet would run as a formula is written as `"'..."` (the JSON cells start with `{`
// and the rest are numbers, an operation or hex). Off by default, since it changes the data.
#include "interstice/sdk/exporter.hpp"
#include "interstice/sdk/util/csv.hpp"
#include "interstice/sdk/util/json_chars.hpp"

#include <algorithm>

namespace {

namespace sdk = interstice::sdk;

struct CsvSettings final : sdk::ExportState {
  sdk::CsvGuard guard = sdk::CsvGuard::none;
};

class CsvExporter final : public sdk::TextExporter {
 public:
  CsvExporter() : TextExporter({.independent_records = true}) {}

  std::vector<sdk::ExporterOption> options() const override {
    return {{.name = "csv-safe",
             .help = "quote cells that start with = + - @, a tab or a CR (a formula to a spreadsheet) behind a ' (OWASP CSV injection)"}};
  }

 protected:
  std::unique_ptr<sdk::ExportState> start(const sdk::ExportTarget& target) const override {
    auto settings = std::make_unique<CsvSettings>();
    if (target.flag("csv-safe")) settings->guard = sdk::CsvGuard::formulas;
    return settings;
  }

  void header(sdk::ExportState&, const sdk::ExportTarget&, std::string& out) const override {
    out += "index,offset,module_id,table_name,operation,timestamp,data_hash,primary_key,row,old_row\r\n";
  }

  void write_record(sdk::ExportState& state, const sdk::ExportRecord& record, std::string& out) const override {
    const sdk::CsvGuard guard = static_cast<const CsvSettings&>(state).guard;
    // The seven short columns go through a stack buffer in one append: for a typical record they
    // are a third of its text and most of its separate appends.
    const auto& tx = record.view;
    const std::string_view operation = sdk::to_lower_string(tx.operation), hash = record.data_hash();
    const std::size_t room = 4 * sdk::kJsonNumberRoom + sdk::csv_field_room(tx.module.size()) + sdk::csv_field_room(tx.table.size()) +
                             operation.size() + hash.size() + 8;
    sdk::ScratchBuffer<512> buffer(room);
    char* const start = buffer.data();
    char* at = sdk::write_integer(start, std::uint64_t{tx.index});
    *at++ = ',';
    at = sdk::write_integer(at, std::uint64_t{tx.offset});
    *at++ = ',';
    at = sdk::write_csv_field(at, tx.module, guard);
    *at++ = ',';
    at = sdk::write_csv_field(at, tx.table, guard);
    *at++ = ',';
    at = std::copy(operation.begin(), operation.end(), at);
    *at++ = ',';
    if (tx.timestamp) at = sdk::write_integer(at, std::uint64_t{*tx.timestamp});
    *at++ = ',';
    at = std::copy(hash.begin(), hash.end(), at);  // 16 hex digits: never needs quoting
    *at++ = ',';
    out.append(start, at);
    // JSON text always holds quotes, so these three are always quoted fields.
    sdk::append_csv_key_and_row_fields(out, record);
    out += ',';
    if (record.has_old_row()) sdk::append_csv_json_field(out, record, sdk::RowPart::old_row);
    out += "\r\n";
  }
};

}  // namespace

INTERSTICE_PLUGIN(CsvExporter, "csv", INTERSTICE_PLUGIN_VERSION,
                  "RFC 4180 CSV: one row per record, keys and rows as JSON text")
