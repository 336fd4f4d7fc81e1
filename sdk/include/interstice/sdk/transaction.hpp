// A transaction-log record with its rows decoded: the owned form a command asks for when it
// needs the row values (the streaming form is `TransactionView`, record_view.hpp).
#pragma once

#include "interstice/sdk/record_view.hpp"
#include "interstice/sdk/value.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace interstice::sdk {

struct Transaction {
  std::uint64_t index = 0;
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  Operation operation = Operation::Insert;
  std::string module;
  std::string table;
  Row row;
  std::optional<Row> old_row;
  std::optional<std::uint64_t> timestamp;
  ChecksumStatus checksum = ChecksumStatus::absent;
  friend bool operator==(const Transaction&, const Transaction&) = default;
};

}  // namespace interstice::sdk
