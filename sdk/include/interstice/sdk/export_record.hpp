// One selected record as an exporter receives it: the stored view, its rows decoded on demand,
// its rows as serde JSON (straight from the bytes where the codec can), and its data hash.
#pragma once

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/transaction.hpp"

#include <string>
#include <string_view>

namespace interstice::sdk {

class ExportRecord {
  TransactionView own_view_;  // a hand-made record's view (below); unused otherwise

 public:
  explicit ExportRecord(const ScannedRecord& record) : view(record.view()), record_(record) {}
  /// A record that exists only decoded (made by hand, e.g. in a test). Its `view` has the
  /// encoded bytes of `record_view` and the facts (index, module, operation, ...) of `decoded`.
  INTERSTICE_SDK_API ExportRecord(const Transaction& decoded, const TransactionView& record_view);

  const TransactionView& view;  ///< module, table, operation, index, timestamp, bytes (valid during the call)

  /// Decoded rows, module, table, timestamp, ... (decoded on first use, then kept).
  const Transaction& transaction() const { return record_.transaction(); }
  /// Appends the primary key, the row or the old row (`null` when none) as serde JSON.
  void append_json(RowPart part, std::string& out) const { record_.append_json(part, out); }
  bool has_old_row() const { return record_.has_old_row(); }
  /// `data_hash(view.row)` (record_json.hpp): 16 hex digits, computed on first use.
  INTERSTICE_SDK_API std::string_view data_hash() const;
  /// The record as the scan handed it over.
  const ScannedRecord& scanned() const { return record_; }

 private:
  ScannedRecord record_;
  mutable char hash_[16] = {};
  mutable bool hashed_ = false;
};

/// Appends the record object `log-query` prints (record_json.hpp), compact, no newline.
INTERSTICE_SDK_API void append_record_json(std::string& out, const ExportRecord& record);

}  // namespace interstice::sdk
