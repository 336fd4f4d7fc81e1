// An optional fast path a log codec's reader may offer beside `LogReader`: a record's rows in
// the canonical value encoding (canonical_value.hpp) straight from its bytes, so replay hashes
// them without decoding values. interstice-v1 rows are canonical already (the encoding is v1's
// bincode); a reader whose bytes are not canonical simply does not offer this, and the digest
// is made from the decoded rows instead (record_digest.hpp). Found with `dynamic_cast` once per
// reader (`canonical_rows_of`), like the JSON transcoder.
//
// Helper layer (interstice/sdk/util/): outside the ABI promise; a codec that implements it is
// rebuilt with the SDK it ships with.
#pragma once

#include "interstice/sdk/transaction.hpp"

#include <cstddef>

namespace interstice::sdk {

class LogReader;

struct CanonicalRowBytes {
  ByteSpan row;              ///< the row's canonical encoding (no trailing bytes)
  std::size_t key_size = 0;  ///< its first `key_size` bytes encode the primary key
  bool key_only = false;     ///< the record carries only the key (a framed-log delete)
};

class BOOST_SYMBOL_VISIBLE CanonicalRowSource {
 public:
  virtual ~CanonicalRowSource() = default;
  /// The canonical bytes of the record's row (`RowPart::row`) or old row (`RowPart::old_row`),
  /// pointing into the view's bytes; false when the record has no such row. The view's bytes
  /// were validated by `next`. Call it on the thread that calls `next`: a reader may reuse what
  /// `next` learnt about the record it returned last (other threads decode instead).
  virtual bool canonical_row(const TransactionView& record, RowPart part, CanonicalRowBytes& out) const = 0;
};

/// The reader's canonical rows, or nullptr (a `dynamic_cast`: once per reader, not per record).
INTERSTICE_SDK_API const CanonicalRowSource* canonical_rows_of(const LogReader& reader);

}  // namespace interstice::sdk
