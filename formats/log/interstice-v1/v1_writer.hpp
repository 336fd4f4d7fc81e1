// Writes sdk::Transactions as log v1 records, byte for byte as the runtime (and the reference
// encoder) would: exporters and conversions use it.
#pragma once

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/transaction.hpp"

#include <ostream>
#include <vector>

namespace interstice::v1_codec {

class V1Writer final : public sdk::LogWriter {
 public:
  explicit V1Writer(std::ostream& out) : out_(out) {}

  /// Throws `sdk::Error::input` naming the record when a value has no v1 encoding (U8, Tuple,
  /// Struct, Enum) or a field is longer than a u32 length can say.
  void write(const sdk::Transaction& record) override;
  void finish() override;

 private:
  std::ostream& out_;
  std::vector<unsigned char> record_;  ///< reused: one allocation for the whole export
};

}  // namespace interstice::v1_codec
