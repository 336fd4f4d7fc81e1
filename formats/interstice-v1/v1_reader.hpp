// The streaming LogReader for log v1: walks a LogInput record by record, hands out zero-copy
// views, stops at damage, and can skip past damage by scanning for the next intact record.
#pragma once

#include "v1_record_parser.hpp"

#include "interstice/sdk/log_codec.hpp"

#include <optional>

namespace interstice::v1_codec {

inline constexpr std::string_view kVariantId = "interstice-v1";

class V1Reader final : public sdk::LogReader {
 public:
  explicit V1Reader(sdk::LogInput& input) : input_(input) {}

  bool next(sdk::TransactionView& record) override;
  const std::optional<sdk::LogDamage>& damage() const override { return damage_; }
  bool resynchronize() override;
  void retry() override { damage_.reset(); }
  sdk::Transaction decode(const sdk::TransactionView& record) const override;
  std::string format() const override { return std::string(kVariantId); }
  std::uint64_t position() const override { return position_; }

 private:
  /// Parses the record at `offset`, fetching more bytes when it is longer than the first
  /// window. On return `bytes` starts at `offset`.
  ParseStatus parse_at(std::uint64_t offset, sdk::ByteSpan& bytes, RecordLayout& layout, ParseFailure& failure);

  /// The next offset at or after `from` where a version byte is followed by a valid type
  /// byte, or nullopt when there is none before the last possible record start.
  std::optional<std::uint64_t> next_candidate(std::uint64_t from);

  void fill_view(sdk::TransactionView& view, sdk::ByteSpan bytes, const RecordLayout& layout) const;

  sdk::LogInput& input_;
  std::uint64_t position_ = 0;  ///< where the next record starts
  std::uint64_t index_ = 0;     ///< its number
  std::optional<sdk::LogDamage> damage_;
};

}  // namespace interstice::v1_codec
