// The streaming LogReader for log v1: walks a LogInput record by record, hands out zero-copy
// views, stops at damage, and can skip past damage by scanning for the next intact record. On a
// big file with more than one CPU, runs of intact records come from the SDK's RecordPipeline,
// which checks them on two threads; everything else takes the sequential path below.
#pragma once

#include "v1_record_checks.hpp"
#include "v1_record_parser.hpp"
#include "v1_resync.hpp"

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/util/canonical_rows.hpp"
#include "interstice/sdk/util/json_transcoder.hpp"
#include "interstice/sdk/util/record_seek.hpp"

#include <memory>
#include <optional>

namespace interstice::v1_codec {

inline constexpr std::string_view kVariantId = "interstice-v1";

class V1Reader final : public sdk::LogReader,
                       public sdk::JsonTranscoder,
                       public sdk::CanonicalRowSource,
                       public sdk::RecordSeek {
 public:
  explicit V1Reader(sdk::LogInput& input);

  bool next(sdk::TransactionView& record) override;
  const std::optional<sdk::LogDamage>& damage() const override { return damage_; }
  bool resynchronize() override;
  void retry() override { damage_.reset(); }
  sdk::Transaction decode(const sdk::TransactionView& record) const override;
  /// Straight from the bincode bytes (bincode_json.hpp), never building values.
  void append_json(const sdk::TransactionView& record, sdk::RowPart part, std::string& out) const override {
    append_json(record, part, out, sdk::JsonQuoting::plain);
  }
  void append_json(const sdk::TransactionView& record, sdk::RowPart part, std::string& out,
                   sdk::JsonQuoting quoting) const override;
  /// The key transcoded once and copied into the row's text.
  void append_key_and_row(const sdk::TransactionView& record, std::string_view between, std::string& out,
                          sdk::JsonQuoting quoting) const override;
  /// v1's bincode is the canonical encoding: the row's own bytes, without trailing bytes. For the
  /// record `next` returned last, the validation already knows where the row ends.
  bool canonical_row(const sdk::TransactionView& record, sdk::RowPart part,
                     sdk::CanonicalRowBytes& out) const override;
  /// Stops the pipeline; reading goes on from `offset`.
  void seek(std::uint64_t offset, std::uint64_t index) override;
  std::string format() const override { return std::string(kVariantId); }
  std::uint64_t position() const override { return position_; }
  /// Counts on two threads through the pipeline (record_pipeline.hpp) when the file is big.
  std::uint64_t tally(sdk::RecordTally& tally) override;
  std::optional<std::uint64_t> select(const sdk::RecordSelection& selection) override;

 private:
  /// Parses the record at `offset`, fetching more bytes when it is longer than the first
  /// window. On return `bytes` starts at `offset`.
  ParseStatus parse_at(std::uint64_t offset, sdk::ByteSpan& bytes, RecordLayout& layout, ParseFailure& failure);

  /// The next offset at or after `from` where a version byte is followed by a valid type
  /// byte, or nullopt when there is none before the last possible record start.
  std::optional<std::uint64_t> next_candidate(std::uint64_t from);

  /// One record through LogInput's window: the path for small files, for whatever the pipeline
  /// hands back (damage, records longer than a chunk, the end of the file), and the only one
  /// that reports damage.
  bool next_sequential(sdk::TransactionView& record);

  void fill_view(sdk::TransactionView& view, sdk::ByteSpan bytes, const RecordLayout& layout);

  sdk::LogInput& input_;
  /// Rules out most resynchronisation candidates without parsing them in full.
  ResyncFilter resync_;
  std::uint64_t position_ = 0;  ///< where the next record starts
  std::uint64_t index_ = 0;     ///< its number
  std::optional<sdk::LogDamage> damage_;
  /// The last record handed out: where its row starts and how many of its bytes the Row uses.
  const unsigned char* last_row_ = nullptr;
  std::uint64_t last_offset_ = 0;
  std::size_t last_row_used_ = 0, last_row_key_used_ = 0;
  std::size_t last_old_row_used_ = 0, last_old_row_key_used_ = 0;
  V1RecordChecks checks_;
  sdk::RecordPipeline pipeline_;  ///< after checks_, which it uses
};

}  // namespace interstice::v1_codec
