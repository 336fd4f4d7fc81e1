// The streaming reader for one framed generation: length-prefix framing over `LogInput`, strict
// validation of every payload by the walk, damage reports that name the record and the byte. On a
// big file with more than one CPU, runs of intact records come from the SDK's RecordPipeline,
// which checks them on two threads; everything else takes the sequential path.
#pragma once

#include "framed_checks.hpp"
#include "generation.hpp"

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/util/json_transcoder.hpp"
#include "interstice/sdk/util/record_seek.hpp"

#include <cstdint>
#include <optional>

namespace interstice::framed {

class FramedReader final : public sdk::LogReader, public sdk::JsonTranscoder, public sdk::RecordSeek {
 public:
  FramedReader(sdk::LogInput& input, const Generation& generation);

  bool next(sdk::TransactionView& record) override;
  const std::optional<sdk::LogDamage>& damage() const override { return damage_; }
  bool resynchronize() override;
  void retry() override;
  sdk::Transaction decode(const sdk::TransactionView& record) const override;
  /// Rows as JSON straight from the bytes (framed_json.hpp), not decoded into values first.
  void append_json(const sdk::TransactionView& record, sdk::RowPart part, std::string& out) const override;
  void append_json(const sdk::TransactionView& record, sdk::RowPart part, std::string& out,
                   sdk::JsonQuoting quoting) const override;
  void append_key_and_row(const sdk::TransactionView& record, std::string_view between, std::string& out,
                          sdk::JsonQuoting quoting) const override;
  void seek(std::uint64_t offset, std::uint64_t index) override;
  std::string format() const override { return std::string(generation_.id); }
  std::uint64_t position() const override { return position_; }
  /// Counts on two threads through the pipeline (record_pipeline.hpp) when the file is big.
  std::uint64_t tally(sdk::RecordTally& tally) override;
  std::optional<std::uint64_t> select(const sdk::RecordSelection& selection) override;

 private:
  bool stop(std::string reason, bool incomplete, std::optional<std::uint64_t> frame_end = std::nullopt);
  /// One record through LogInput's window: the path for small files and for whatever the
  /// pipeline hands back (damage, records longer than a chunk, the end of the file), and the
  /// only one that reports damage.
  bool next_sequential(sdk::TransactionView& record);
  /// Gives the record described at position_ its index and offset, and moves past its `size` bytes.
  bool place(sdk::TransactionView& record, std::size_t size) {
    record.index = index_++;
    record.offset = position_;
    position_ += size;
    return true;
  }

  sdk::LogInput& input_;
  const Generation& generation_;
  // Export workers call append_json through this object (its vtable pointers and the fields
  // above) while the reading thread moves on: what `next` writes for every record starts a
  // cache line of its own, or each record would cost both cores a cache miss (false sharing).
  alignas(64) std::uint64_t position_ = 0;  ///< where the next record starts
  std::uint64_t index_ = 0;                 ///< the next record's number
  std::optional<sdk::LogDamage> damage_;
  /// Where the damaged record ends when its framing was intact (only its payload is bad).
  std::optional<std::uint64_t> skip_to_;
  FramedRecordChecks checks_;
  sdk::RecordPipeline pipeline_;  ///< after checks_, which it uses
};

}  // namespace interstice::framed
