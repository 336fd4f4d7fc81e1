// What replay finds odd, named as the reference encoder's `replay_anomalies` names it. Its own
// header because the kinds are used on their own: a record's anomalies (`AnomalySet`), the
// counts of a table or a log (`ReplayAnomalies`), the names every report prints.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <array>
#include <cstdint>
#include <string_view>

namespace interstice::sdk {

enum class Anomaly : std::uint8_t {
  delete_missing_key,
  insert_existing_key,
  old_row_on_insert_or_delete,
  update_key_mismatch,
  update_missing_key,
  update_without_old_row,
};
inline constexpr std::size_t kAnomalyKinds = 6;

/// "delete_missing_key", ...: the fixtures' names.
INTERSTICE_SDK_API std::string_view anomaly_name(Anomaly anomaly);

/// The anomalies one record caused.
struct AnomalySet {
  std::uint8_t bits = 0;
  bool empty() const noexcept { return bits == 0; }
  bool has(Anomaly anomaly) const noexcept { return (bits >> static_cast<unsigned>(anomaly)) & 1u; }
  void add(Anomaly anomaly) noexcept { bits = static_cast<std::uint8_t>(bits | 1u << static_cast<unsigned>(anomaly)); }
};

/// Counts by kind; the members are named as in the fixtures' `replay_anomalies`.
struct ReplayAnomalies {
  std::uint64_t delete_missing_key = 0;
  std::uint64_t insert_existing_key = 0;
  std::uint64_t old_row_on_insert_or_delete = 0;
  std::uint64_t update_key_mismatch = 0;
  std::uint64_t update_missing_key = 0;
  std::uint64_t update_without_old_row = 0;

  std::uint64_t& operator[](Anomaly anomaly) noexcept;
  std::uint64_t operator[](Anomaly anomaly) const noexcept;
  std::uint64_t total() const noexcept;
  void add(AnomalySet set) noexcept;
  ReplayAnomalies& operator+=(const ReplayAnomalies& other) noexcept;
  friend bool operator==(const ReplayAnomalies&, const ReplayAnomalies&) = default;
};

/// The counter of each kind, in `Anomaly` order.
inline constexpr std::array<std::uint64_t ReplayAnomalies::*, kAnomalyKinds> kAnomalyCounters = {
    &ReplayAnomalies::delete_missing_key,  &ReplayAnomalies::insert_existing_key,
    &ReplayAnomalies::old_row_on_insert_or_delete, &ReplayAnomalies::update_key_mismatch,
    &ReplayAnomalies::update_missing_key,  &ReplayAnomalies::update_without_old_row};

inline std::uint64_t& ReplayAnomalies::operator[](Anomaly anomaly) noexcept {
  return this->*kAnomalyCounters[static_cast<std::size_t>(anomaly)];
}
inline std::uint64_t ReplayAnomalies::operator[](Anomaly anomaly) const noexcept {
  return this->*kAnomalyCounters[static_cast<std::size_t>(anomaly)];
}
inline std::uint64_t ReplayAnomalies::total() const noexcept {
  std::uint64_t sum = 0;
  for (auto counter : kAnomalyCounters) sum += this->*counter;
  return sum;
}
inline void ReplayAnomalies::add(AnomalySet set) noexcept {
  for (std::size_t i = 0; i < kAnomalyKinds; ++i)
    if (set.has(static_cast<Anomaly>(i))) ++(this->*kAnomalyCounters[i]);
}
inline ReplayAnomalies& ReplayAnomalies::operator+=(const ReplayAnomalies& other) noexcept {
  for (auto counter : kAnomalyCounters) this->*counter += other.*counter;
  return *this;
}

}  // namespace interstice::sdk
