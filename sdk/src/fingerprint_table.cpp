// FingerprintTable (fingerprint_table.hpp).
#include "fingerprint_table.hpp"

#include <utility>

namespace interstice::sdk {

std::uint64_t FingerprintTable::find(const KeyFingerprint& key) const {
  std::uint64_t i = home(key);
  while (!empty(slots_[i]) && !(slots_[i].key == key)) i = (i + 1) & mask_;
  return i;
}

void FingerprintTable::grow() {
  const std::uint64_t slots = slots_ ? (mask_ + 1) * 2 : 64;
  auto old = std::exchange(slots_, std::make_unique<Slot[]>(slots));  // zeroed: all empty
  const std::uint64_t old_slots = old ? mask_ + 1 : 0;
  mask_ = slots - 1;
  for (std::uint64_t i = 0; i < old_slots; ++i)
    if (!empty(old[i])) slots_[find(old[i].key)] = old[i];
}

std::optional<std::uint64_t> FingerprintTable::put(const KeyFingerprint& key, std::uint64_t value) {
  // At most 3/4 full, so probe runs stay short.
  if (!slots_ || (size_ + 1) * 4 > (mask_ + 1) * 3) grow();
  const KeyFingerprint k = stored(key);
  Slot& slot = slots_[find(k)];
  if (!empty(slot)) return std::exchange(slot.value, value);
  slot = {k, value};
  ++size_;
  return std::nullopt;
}

std::optional<std::uint64_t> FingerprintTable::erase(const KeyFingerprint& key) {
  if (!slots_) return std::nullopt;
  std::uint64_t hole = find(stored(key));
  if (empty(slots_[hole])) return std::nullopt;
  const std::uint64_t value = slots_[hole].value;
  // Backward-shift deletion: move later entries of the run into the hole when their home slot
  // is not between the hole and them, so every key stays reachable without tombstones.
  for (std::uint64_t i = (hole + 1) & mask_; !empty(slots_[i]); i = (i + 1) & mask_) {
    const std::uint64_t wanted = home(slots_[i].key);
    const bool stays = ((i - wanted) & mask_) < ((i - hole) & mask_);
    if (stays) continue;
    slots_[hole] = slots_[i];
    hole = i;
  }
  slots_[hole] = Slot{};
  --size_;
  return value;
}

}  // namespace interstice::sdk
