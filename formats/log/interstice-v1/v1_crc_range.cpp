// See v1_crc_range.hpp. The GF(2) arithmetic is zlib's (crc32.c: multmodp, x2nmodp), rewritten.
#include "v1_crc_range.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <array>

namespace interstice::v1_codec {

namespace {

constexpr std::uint32_t kPolynomial = 0xedb88320;  // reflected, as CRC-32/IEEE computes

// a · b mod P, bit-reflected (x^0 is the top bit).
std::uint32_t multiply(std::uint32_t a, std::uint32_t b) {
  std::uint32_t product = 0;
  for (std::uint32_t m = 1u << 31; m; m >>= 1) {
    if (a & m) product ^= b;
    b = b & 1 ? (b >> 1) ^ kPolynomial : b >> 1;
  }
  return product;
}

// x^(2^k) mod P for k < 32; they repeat with period 32 (x's order divides 2^32 - 1).
const std::array<std::uint32_t, 32>& powers() {
  static const std::array<std::uint32_t, 32> table = [] {
    std::array<std::uint32_t, 32> t{};
    std::uint32_t p = 1u << 30;  // x^1
    for (auto& entry : t) {
      entry = p;
      p = multiply(p, p);
    }
    return t;
  }();
  return table;
}

}  // namespace

std::uint32_t crc32_shift(std::uint32_t crc, std::uint64_t n) {
  // x^(8n) = product of x^(2^k) over the bits k of 8n.
  std::uint32_t factor = 1u << 31;  // x^0
  unsigned k = 3;
  for (; n; n >>= 1, ++k)
    if (n & 1) factor = multiply(powers()[k & 31], factor);
  return multiply(factor, crc);
}

const unsigned char* ByteCache::get(std::uint64_t offset, std::size_t n) {
  if (offset >= start_ && offset + n <= start_ + fill_) return buffer_.data() + (offset - start_);
  start_ = offset;
  fill_ = input_.read_at(offset, buffer_.data(), buffer_.size());
  return n <= fill_ ? buffer_.data() : nullptr;
}

bool RangeCrc::extend() {
  // One checkpoint further; the stride it covers is read through the far cache, which a scan
  // moving forward refills about once per kBytes.
  const std::uint64_t from = origin_ + (checkpoints_.size() - 1) * kStride;
  const unsigned char* bytes = far_.get(from, kStride);
  if (!bytes) return false;
  checkpoints_.push_back(static_cast<std::uint32_t>(libdeflate_crc32(checkpoints_.back(), bytes, kStride)));
  return true;
}

std::optional<std::uint32_t> RangeCrc::prefix(std::uint64_t at, ByteCache& cache) {
  const std::uint64_t k = (at - origin_) / kStride;
  while (checkpoints_.size() <= k)
    if (!extend()) return std::nullopt;
  const std::uint64_t base = origin_ + k * kStride;
  const auto n = static_cast<std::size_t>(at - base);
  const unsigned char* bytes = cache.get(base, n);
  if (!bytes) return std::nullopt;
  return static_cast<std::uint32_t>(libdeflate_crc32(checkpoints_[k], bytes, n));
}

std::optional<std::uint32_t> RangeCrc::crc(std::uint64_t from, std::uint64_t to) {
  if (checkpoints_.empty() || from < origin_) {
    origin_ = from;
    checkpoints_.assign(1, 0);  // the CRC of no bytes
  }
  const auto a = prefix(from, near_);
  if (!a) return std::nullopt;
  const auto ab = prefix(to, far_);
  if (!ab) return std::nullopt;
  return *ab ^ crc32_shift(*a, to - from);
}

}  // namespace interstice::v1_codec
