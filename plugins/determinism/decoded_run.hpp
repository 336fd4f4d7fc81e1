// The decoded run of `determinism --runs`: every record decoded into values on the reading
// thread, digested from them (not from the codec's bytes) and replayed; the first record whose
// digest differs from the fast path's is its divergence. It checks a codec's canonical fast path
// against the codec's own decoder.
#pragma once

#include "threaded_run.hpp"

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/replay.hpp"

#include <optional>

namespace interstice::determinism {

class DecodedRun {
 public:
  explicit DecodedRun(const RunPlan& plan);

  /// The record, and the digest the fast path made of it.
  void apply(const sdk::ScannedRecord& record, const sdk::RecordDigest& fast);
  double busy_ms() const { return busy_ms_; }
  /// The snapshot; its divergence joins `divergence` (the first one wins).
  RunSnapshot finish(std::optional<std::uint64_t>& divergence) const;

 private:
  RunPlan plan_;
  sdk::RecordDigester digester_;
  sdk::LogReplay replay_;
  std::optional<std::uint64_t> divergence_;
  double busy_ms_ = 0;
};

}  // namespace interstice::determinism
