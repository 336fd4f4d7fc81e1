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

/// A CSV field: quoted (with doubled quotes) when it holds a comma, quote, CR or LF.
INTERSTICE_SDK_API void append_csv_field(std::string& out, std::string_view field);
/// The same into a raw buffer with `csv_field_room(field.size())` bytes; returns the new end.
INTERSTICE_SDK_API char* write_csv_field(char* out, std::string_view field);
constexpr std::size_t csv_field_room(std::size_t size) { return 2 * size + 2; }

/// `"` + the part's serde JSON with every `"` doubled + `"`: straight from the bytes when the
/// record's reader has a JSON transcoder (util/json_transcoder.hpp), else from the decoded rows.
INTERSTICE_SDK_API void append_csv_json_field(std::string& out, const ExportRecord& record, RowPart part);

}  // namespace interstice::sdk
