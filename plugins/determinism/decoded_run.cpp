// DecodedRun (decoded_run.hpp).
#include "decoded_run.hpp"

#include <chrono>

namespace interstice::determinism {

namespace {

/// Digests of two digesters: tables are compared by name.
bool same(const sdk::RecordDigest& a, const sdk::RecordDigest& b) {
  return a.table->module == b.table->module && a.table->table == b.table->table && a.operation == b.operation &&
         a.key == b.key && a.key_only == b.key_only && a.row_hash == b.row_hash && a.has_old_row == b.has_old_row &&
         (!a.has_old_row || a.old_key == b.old_key);
}

}  // namespace

DecodedRun::DecodedRun(const RunPlan& plan)
    : plan_(plan),
      replay_(sdk::LogReplay::Options{.rows = sdk::LogReplay::Rows::hash_only, .bucket_seed = plan.bucket_seed,
                                      .digester = &digester_}) {}

void DecodedRun::apply(const sdk::ScannedRecord& record, const sdk::RecordDigest& fast) {
  const auto start = std::chrono::steady_clock::now();
  const sdk::RecordDigest& digest = digester_.digest(record.transaction());
  if (!divergence_ && !same(digest, fast)) divergence_ = fast.index;
  replay_.apply(digest);
  busy_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

RunSnapshot DecodedRun::finish(std::optional<std::uint64_t>& divergence) const {
  keep_first(divergence, divergence_);
  return {plan_, replay_.applied(), replay_.state_hash(), replay_.live_rows_total(), busy_ms_};
}

}  // namespace interstice::determinism
