// The hash table behind hash-only replay: key fingerprint -> row hash, 24 bytes a slot, open
// addressing with linear probing and backward-shift deletion. Not boost::unordered_flat_map
// because replay is bound by memory latency (one random access per record and run, into tables
// larger than the caches) and a flat map gives no way to prefetch a key's slot ahead of time:
// with `prefetch` a few records ahead, a batch of records costs a third of the time. Internal to
// the SDK.
#pragma once

#include "interstice/sdk/record_digest.hpp"

#include "cache_fetch.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>

namespace interstice::sdk {

class FingerprintTable {
 public:
  /// `salt` moves every key to another slot (and changes the iteration order).
  explicit FingerprintTable(std::uint64_t salt) : salt_(salt) {}
  FingerprintTable(const FingerprintTable& other)
      : salt_(other.salt_), mask_(other.mask_), size_(other.size_) {
    if (!other.slots_) return;
    slots_ = std::make_unique<Slot[]>(mask_ + 1);
    std::copy(other.slots_.get(), other.slots_.get() + mask_ + 1, slots_.get());
  }
  FingerprintTable(FingerprintTable&&) noexcept = default;
  FingerprintTable& operator=(const FingerprintTable&) = delete;
  FingerprintTable& operator=(FingerprintTable&&) noexcept = default;

  /// Sets the key's value; the previous value, or nullopt when the key was new.
  std::optional<std::uint64_t> put(const KeyFingerprint& key, std::uint64_t value);
  /// Removes the key; its value, or nullopt when it was not there.
  std::optional<std::uint64_t> erase(const KeyFingerprint& key);
  /// Asks the CPU to fetch the key's slot now, for a `put` or `erase` a little later.
  void prefetch(const KeyFingerprint& key) const {
    // home(key) is home(stored(key)): `stored` keeps `low`.
    if (const Slot* slots = slots_.get()) {
      // A 24-byte slot straddles two cache lines one time in four: fetch the line of its end too.
      const Slot* slot = slots + home(key);
      detail::fetch_into_cache(slot);
      detail::fetch_into_cache(reinterpret_cast<const char*>(slot + 1) - 1);
    }
  }

  std::uint64_t size() const noexcept { return size_; }
  /// Every value, in slot order (which depends on the salt).
  template <typename Visit>
  void for_each(Visit&& visit) const {
    for (std::uint64_t i = 0; slots_ && i <= mask_; ++i)
      if (!empty(slots_[i])) visit(slots_[i].value);
  }

 private:
  struct Slot {
    KeyFingerprint key;  ///< {0, 0}: empty
    std::uint64_t value;
  };

  /// A fingerprint of {0, 0} (one chance in 2^128) is stored as {0, 1}, since {0, 0} marks an
  /// empty slot.
  static KeyFingerprint stored(const KeyFingerprint& key) {
    return key.low == 0 && key.high == 0 ? KeyFingerprint{0, 1} : key;
  }
  static bool empty(const Slot& slot) { return slot.key.low == 0 && slot.key.high == 0; }
  std::uint64_t home(const KeyFingerprint& key) const { return (key.low ^ salt_) & mask_; }
  /// The key's slot, or the empty slot where it would go.
  std::uint64_t find(const KeyFingerprint& key) const;
  void grow();

  std::uint64_t salt_;
  std::unique_ptr<Slot[]> slots_;
  std::uint64_t mask_ = 0;  ///< slots - 1
  std::uint64_t size_ = 0;
};

}  // namespace interstice::sdk
