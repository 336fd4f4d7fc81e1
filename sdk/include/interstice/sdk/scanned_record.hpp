// A record a scan selected, as commands and exporters receive it: its view, and its decoded rows
// or serde JSON only when someone asks (decoded once, then kept). The shared record loop
// (record_cursor.hpp) and log_scan.hpp hand these out; ExportRecord wraps one.
#pragma once

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/transaction.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace interstice::sdk {

class JsonTranscoder;                  // util/json_transcoder.hpp: a reader's optional fast path
enum class JsonQuoting : std::uint8_t;  // util/json_chars.hpp

/// A record a scan selected: its view, and its decoded rows only when someone asks for them
/// (decoded once, then kept). Valid while the view is.
class ScannedRecord {
 public:
  /// `decoded` (when given) is the record already decoded, and must outlive this object.
  /// `transcoder` is `json_transcoder_of(reader)`, looked up once per reader by whoever scans.
  ScannedRecord(const TransactionView& view, const LogReader& reader, const Transaction* decoded = nullptr,
                const JsonTranscoder* transcoder = nullptr)
      : view_(view), reader_(&reader), transcoder_(transcoder), decoded_(decoded) {}
  /// A record that exists only decoded (no reader), e.g. one made by hand in a test.
  ScannedRecord(const TransactionView& view, const Transaction& decoded) : view_(view), decoded_(&decoded) {}

  const TransactionView& view() const { return view_; }

  /// The decoded record (decoded on first use).
  const Transaction& transaction() const {
    if (!decoded_) decoded_ = &cache_.emplace(reader_->decode(view_));
    return *decoded_;
  }

  /// Appends `part` as serde JSON: through the reader (straight from the bytes where the codec
  /// can), or from `transaction()` once decoded.
  INTERSTICE_SDK_API void append_json(RowPart part, std::string& out) const;
  /// The same with every `"` doubled for `JsonQuoting::csv_doubled` (util/csv.hpp uses it).
  INTERSTICE_SDK_API void append_json(RowPart part, std::string& out, JsonQuoting quoting) const;
  /// The primary key, then `between` as it is, then the row: the two `append_json` calls with
  /// `between` appended between them, the key transcoded once where the codec can.
  INTERSTICE_SDK_API void append_key_and_row(std::string_view between, std::string& out, JsonQuoting quoting) const;

  /// The reader that produced the record (null for a record made by hand).
  const LogReader* reader() const { return reader_; }
  /// The reader's JSON fast path, when the scan looked it up (else null: decode instead).
  const JsonTranscoder* transcoder() const { return transcoder_; }

  /// True when the record has an old row.
  bool has_old_row() const {
    return decoded_ ? decoded_->old_row.has_value() : view_.has_old_row;
  }

  ScannedRecord(const ScannedRecord& other)
      : view_(other.view_), reader_(other.reader_), transcoder_(other.transcoder_),
        decoded_(other.cache_ ? nullptr : other.decoded_) {
    if (other.cache_) decoded_ = &cache_.emplace(*other.cache_);
  }
  ScannedRecord& operator=(const ScannedRecord&) = delete;

 private:
  // The shared record loop hands out one ScannedRecord per cursor and forgets its decoded rows
  // between records, instead of building a new one per record.
  friend class RecordCursor;

  const TransactionView& view_;
  const LogReader* reader_ = nullptr;
  const JsonTranscoder* transcoder_ = nullptr;
  mutable const Transaction* decoded_ = nullptr;
  mutable std::optional<Transaction> cache_;
};

}  // namespace interstice::sdk
