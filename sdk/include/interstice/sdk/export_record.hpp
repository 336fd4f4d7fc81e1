// One selected record as an exporter receives it: the stored view, its rows decoded on demand,
// its rows as serde JSON (straight from the bytes where the codec can), and its data hash.
#pragma once

#include "interstice/sdk/record_view.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace interstice::sdk {

class ScannedRecord;  // scanned_record.hpp
struct Transaction;   // transaction.hpp

class INTERSTICE_SDK_API ExportRecord {
 public:
  /// The record a scan handed over (which outlives this object).
  explicit ExportRecord(const ScannedRecord& record);
  /// A record that exists only decoded (made by hand, e.g. in a test): `view` has the bytes of
  /// `record_view` and the facts (index, module, operation, ...) of `decoded`.
  ExportRecord(const Transaction& decoded, const TransactionView& record_view);
  ~ExportRecord();

 private:
  struct HandMade;
  std::unique_ptr<HandMade> hand_made_;  // before `view`, which may refer into it

 public:
  const TransactionView& view;  ///< module, table, operation, index, timestamp, bytes (valid during the call)
  /// The decoded rows (decoded on first use, then kept).
  const Transaction& transaction() const;
  /// Appends the primary key, the row or the old row (`null` when none) as serde JSON.
  void append_json(RowPart part, std::string& out) const;
  bool has_old_row() const;
  /// `data_hash(view.row)` (record_json.hpp): 16 hex digits, computed on first use.
  std::string_view data_hash() const;
  const ScannedRecord& scanned() const { return *record_; }  ///< as the scan handed it over

 private:
  const ScannedRecord* record_;
  mutable char hash_[16] = {};
  mutable bool hashed_ = false;
};

/// Appends the record object `log-query` prints (record_json.hpp), compact, no newline.
INTERSTICE_SDK_API void append_record_json(std::string& out, const ExportRecord& record);

}  // namespace interstice::sdk
