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

#include <algorithm>
#include <cstring>

namespace {

namespace sdk = interstice::sdk;

/// Turns `out[start..]` into one CSV field in place, by the same rule as `append_csv_field`.
/// The JSON columns are built straight into the output buffer and quoted afterwards, so a large
/// export formats every row without a per-record temporary string.
void quote_csv_tail(std::string& out, std::size_t start) {
  // Count quotes with memchr (vectorised); JSON text nearly always has some, so the slower
  // search for the other special bytes runs only when there is none.
  std::size_t quotes = 0;
  const char* const tail_end = out.data() + out.size();
  for (const char* p = out.data() + start; (p = static_cast<const char*>(std::memchr(p, '"', tail_end - p)));
       ++p)
    ++quotes;
  if (quotes == 0 &&
      std::string_view(out.data() + start, out.size() - start).find_first_of(",\r\n") == std::string_view::npos)
    return;
  std::size_t read_end = out.size();
  out.resize(out.size() + quotes + 2);
  char* data = out.data();
  std::size_t write = out.size();
  data[--write] = '"';
  // Move the text right one quote-free segment at a time, last segment first, so every byte
  // moves once and nothing is overwritten unread; each quote in between is written twice.
  while (read_end > start) {
    const auto* quote = static_cast<const char*>(::memrchr(data + start, '"', read_end - start));
    const std::size_t segment = quote ? static_cast<std::size_t>(quote - data) + 1 : start;
    write -= read_end - segment;
    std::memmove(data + write, data + segment, read_end - segment);
    if (!quote) break;
    data[--write] = '"';
    data[--write] = '"';
    read_end = segment - 1;
  }
  data[--write] = '"';
}

class CsvExporter final : public sdk::TextExporter {
 protected:
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
    out += record.data_hash;  // 16 hex digits: never needs quoting
    out += ',';
    std::size_t start = out.size();
    record.append_json(sdk::RowPart::primary_key, out);
    quote_csv_tail(out, start);
    out += ',';
    start = out.size();
    record.append_json(sdk::RowPart::row, out);
    quote_csv_tail(out, start);
    out += ',';
    if (record.scanned().has_old_row()) {
      start = out.size();
      record.append_json(sdk::RowPart::old_row, out);
      quote_csv_tail(out, start);
    }
    out += "\r\n";
  }
};

}  // namespace

INTERSTICE_PLUGIN(CsvExporter, "csv", "0.1.0",
                  "RFC 4180 CSV: one row per record, keys and rows as JSON text")
