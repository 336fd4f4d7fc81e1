// An optional fast path a log codec's reader may offer beside `LogReader`: row JSON written
// straight from the encoded bytes, in either quoting, without decoding values first. The SDK
// finds it with `dynamic_cast` once per reader (`json_transcoder_of`) and falls back to
// `LogReader::append_json` (decode, then print) when a reader does not have it.
//
// Helper layer (interstice/sdk/util/): outside the ABI promise, free to change with the SDK's
// performance work; a codec that implements it is rebuilt with the SDK it ships with.
#pragma once

#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/util/json_chars.hpp"

#include <string>
#include <string_view>

namespace interstice::sdk {

class LogReader;

class BOOST_SYMBOL_VISIBLE JsonTranscoder {
 public:
  virtual ~JsonTranscoder() = default;
  /// Appends exactly what `LogReader::append_json(record, part, out)` would, with every `"`
  /// doubled when `quoting` is `csv_doubled`. Const and thread-safe like `decode`.
  virtual void append_json(const TransactionView& record, RowPart part, std::string& out,
                           JsonQuoting quoting) const = 0;

  /// Appends the primary key's JSON, then `between` as it is, then the row's JSON: what
  /// `append_json` for the key, `out += between` and `append_json` for the row give. Exports
  /// print both, and a row's JSON starts with its key's (`{"primary_key":KEY,...}`), so a codec
  /// can transcode the key once and copy its text into the row (the built-in codecs do). This
  /// default makes the two calls.
  virtual void append_key_and_row(const TransactionView& record, std::string_view between, std::string& out,
                                  JsonQuoting quoting) const {
    append_json(record, RowPart::primary_key, out, quoting);
    out += between;
    append_json(record, RowPart::row, out, quoting);
  }
};

/// The reader's transcoder, or nullptr (a `dynamic_cast`: call it once per reader, not per record).
INTERSTICE_SDK_API const JsonTranscoder* json_transcoder_of(const LogReader& reader);

}  // namespace interstice::sdk
