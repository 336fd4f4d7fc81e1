// CSV fields per RFC 4180 for exporters: plain text fields, and a record's JSON parts written as
// one quoted field with every `"` doubled as it is written (no second pass over the JSON).
//
// Helper layer (interstice/sdk/util/): outside the ABI promise.
#pragma once

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/transaction.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace interstice::sdk {

class ExportRecord;

/// Whether cells are guarded against CSV injection (OWASP): a spreadsheet runs a cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a CR as a formula, so `formulas` writes such a cell
/// quoted with a `'` in front (`"'=1+2"`), which spreadsheets show as text. Opt-in (the csv
/// exporter's `--csv-safe`): it changes the data, e.g. a table named `-x` reads back as `'-x`.
enum class CsvGuard { none, formulas };

/// True when a spreadsheet would read a cell starting with `text` as a formula.
constexpr bool csv_formula_start(std::string_view text) {
  if (text.empty()) return false;
  const char c = text.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/// A CSV field: quoted (with doubled quotes) when it holds a comma, quote, CR or LF, or when it is
/// guarded.
INTERSTICE_SDK_API void append_csv_field(std::string& out, std::string_view field, CsvGuard guard = CsvGuard::none);
/// The same into a raw buffer with `csv_field_room(field.size())` bytes; returns the new end.
INTERSTICE_SDK_API char* write_csv_field(char* out, std::string_view field, CsvGuard guard = CsvGuard::none);
constexpr std::size_t csv_field_room(std::size_t size) { return 2 * size + 3; }

/// `"` + the part's serde JSON with every `"` doubled + `"`: straight from the bytes when the
/// record's reader has a JSON transcoder (util/json_transcoder.hpp), else from the decoded rows.
/// (Never a formula: serde JSON of a key or row starts with `{`.)
INTERSTICE_SDK_API void append_csv_json_field(std::string& out, const ExportRecord& record, RowPart part);
/// The primary key's and the row's fields, comma-separated: the two `append_csv_json_field` calls
/// with a `,` between them, the key transcoded once where the codec can.
INTERSTICE_SDK_API void append_csv_key_and_row_fields(std::string& out, const ExportRecord& record);

}  // namespace interstice::sdk
