// AnomalyList (anomaly_list.hpp).
#include "anomaly_list.hpp"

#include "interstice/sdk/value_json.hpp"

namespace interstice::determinism {

void AnomalyList::add(const sdk::RecordDigest& digest, sdk::AnomalySet found) {
  for (std::size_t i = 0; i < sdk::kAnomalyKinds; ++i) {
    const auto kind = static_cast<sdk::Anomaly>(i);
    if (!found.has(kind) || kept_[i] >= per_kind_) continue;
    ++kept_[i];
    occurrences_.push_back({digest.index, digest.offset, kind, digest.table->module, digest.table->table, {}});
  }
}

bool AnomalyList::needs_keys() const {
  for (const auto& occurrence : occurrences_)
    if (!occurrence.primary_key && !expected(occurrence.kind)) return true;
  return false;
}

void AnomalyList::fill_keys(LogWalk& walk) {
  auto next = occurrences_.begin();
  while (next != occurrences_.end()) {
    const sdk::ScannedRecord* record = walk.next();
    if (!record) break;
    for (; next != occurrences_.end() && next->index == record->view().index; ++next)
      next->primary_key = record->transaction().row.primary_key;
  }
}

std::uint64_t AnomalyList::failing(const sdk::ReplayAnomalies& counts) const {
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < sdk::kAnomalyKinds; ++i) {
    const auto kind = static_cast<sdk::Anomaly>(i);
    if (!expected(kind)) total += counts[kind];
  }
  return total;
}

boost::json::array AnomalyList::to_json() const {
  boost::json::array out;
  for (const auto& occurrence : occurrences_) {
    if (expected(occurrence.kind)) continue;
    out.push_back(boost::json::object{{"index", occurrence.index},
                                      {"offset", occurrence.offset},
                                      {"kind", sdk::anomaly_name(occurrence.kind)},
                                      {"module_id", occurrence.module},
                                      {"table_name", occurrence.table},
                                      {"primary_key", occurrence.primary_key ? sdk::to_json(*occurrence.primary_key)
                                                                             : boost::json::value(nullptr)}});
  }
  return out;
}

}  // namespace interstice::determinism
