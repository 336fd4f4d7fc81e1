// Writes sdk::Transactions as framed-log records of one generation: a u32 little-endian length,
// then the postcard payload (spec §2). The format has no header, sequence number or checksum, so
// any records written back to back are a valid log.
#pragma once

#include "generation.hpp"

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/transaction.hpp"

#include <ostream>
#include <vector>

namespace interstice::framed {

class FramedWriter final : public sdk::LogWriter {
 public:
  FramedWriter(std::ostream& out, const Generation& generation) : out_(out), generation_(generation) {}

  /// Throws `sdk::Error::input` naming the record (and the value's place and kind) when the
  /// generation has no discriminant for a value, or the payload exceeds a u32 length.
  void write(const sdk::Transaction& record) override;
  void finish() override;

 private:
  std::ostream& out_;
  const Generation& generation_;
  std::vector<unsigned char> record_;  ///< reused: one allocation for the whole export
};

}  // namespace interstice::framed
