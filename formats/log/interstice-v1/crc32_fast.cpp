// CRC-32 by carry-less multiplication over 512-bit vectors (see crc32_fast.hpp). Why it exists:
// the record check runs a CRC over every byte of the log (15% of log-inspect's CPU time with
// libdeflate 1.14's 128-bit folding). A port of libdeflate's crc32_pclmul_template.h
// (x86/crc32_pclmul_template.h, VL=64 with AVX-512, MIT licence, Copyright 2016 Eric Biggers;
// the fold constants are x^N mod G(x) from its crc32_multipliers.h). Records are ~450 bytes, so
// the short paths (one to seven vectors) matter as much as the main loop.
#include "crc32_fast.hpp"

#include <libdeflate.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define INTERSTICE_V1_CRC_X86 1
#endif

namespace interstice::v1_codec {

#ifdef INTERSTICE_V1_CRC_X86

namespace {

// x^N mod G(x) for folding across N - 31 bits (or N - 95), and the Barrett reduction constants.
constexpr long long kX95 = 0xccaa009e, kX159 = 0xae689191, kX223 = 0x81256527, kX287 = 0xf1da05aa;
constexpr long long kX479 = 0x1d9513d7, kX543 = 0x8f352d95, kX991 = 0x910eeec1, kX1055 = 0x33fff533;
constexpr long long kX2015 = 0xe95c1271, kX2079 = 0xce3371cb, kX4063 = 0x0c30f51d, kX4127 = 0x1072db28;
constexpr long long kBarrett1 = static_cast<long long>(0xb4e5b025f7011641ULL);  // floor(x^95 / G(x))
constexpr long long kBarrett2 = 0x1db710641;                                     // G(x)

// pshufb with kShiftTab[len, len + 16) shifts left by 16 - len bytes; [len + 16, len + 32) right by len.
alignas(16) constexpr unsigned char kShiftTab[48] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

#define INTERSTICE_CRC_TARGET __attribute__((target("pclmul,sse4.1,avx2,avx512f,avx512bw,avx512vl,vpclmulqdq")))

INTERSTICE_CRC_TARGET inline __m128i fold128(__m128i src, __m128i dst, __m128i mults) {
  dst = _mm_xor_si128(dst, _mm_clmulepi64_si128(src, mults, 0x00));
  return _mm_xor_si128(dst, _mm_clmulepi64_si128(src, mults, 0x11));
}

INTERSTICE_CRC_TARGET inline __m256i fold256(__m256i src, __m256i dst, __m256i mults) {
  return _mm256_ternarylogic_epi32(_mm256_clmulepi64_epi128(src, mults, 0x00),
                                   _mm256_clmulepi64_epi128(src, mults, 0x11), dst, 0x96);  // a ^ b ^ c
}

INTERSTICE_CRC_TARGET inline __m512i fold512(__m512i src, __m512i dst, __m512i mults) {
  return _mm512_ternarylogic_epi32(_mm512_clmulepi64_epi128(src, mults, 0x00),
                                   _mm512_clmulepi64_epi128(src, mults, 0x11), dst, 0x96);
}

INTERSTICE_CRC_TARGET inline __m512i load512(const unsigned char* p) { return _mm512_loadu_si512(p); }
INTERSTICE_CRC_TARGET inline __m128i load128(const unsigned char* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

/// Folds `x` and the `len` (1..15) bytes at `p` into one 16-byte polynomial; reads p[len - 16, len).
INTERSTICE_CRC_TARGET inline __m128i fold_tail(__m128i x, const unsigned char* p, std::size_t len, __m128i mults) {
  const __m128i lshift = load128(kShiftTab + len);
  const __m128i rshift = load128(kShiftTab + len + 16);
  const __m128i x0 = _mm_shuffle_epi8(x, lshift);
  const __m128i x1 = _mm_blendv_epi8(_mm_shuffle_epi8(x, rshift), load128(p + len - 16), rshift);
  return fold128(x0, x1, mults);
}

/// The CRC register (inverted, as libdeflate keeps it) after `len` >= 16 more bytes at `p`.
INTERSTICE_CRC_TARGET std::uint32_t crc32_vl512(std::uint32_t crc, const unsigned char* p, std::size_t len) {
  const __m512i mults_8v = _mm512_set_epi64(kX4063, kX4127, kX4063, kX4127, kX4063, kX4127, kX4063, kX4127);
  const __m512i mults_4v = _mm512_set_epi64(kX2015, kX2079, kX2015, kX2079, kX2015, kX2079, kX2015, kX2079);
  const __m512i mults_2v = _mm512_set_epi64(kX991, kX1055, kX991, kX1055, kX991, kX1055, kX991, kX1055);
  const __m512i mults_1v = _mm512_set_epi64(kX479, kX543, kX479, kX543, kX479, kX543, kX479, kX543);
  const __m256i mults_256b = _mm256_set_epi64x(kX223, kX287, kX223, kX287);
  const __m128i mults_128b = _mm_set_epi64x(kX95, kX159);
  const __m128i barrett = _mm_set_epi64x(kBarrett2, kBarrett1);
  __m512i v0, v1, v2, v3, v4, v5, v6, v7;
  __m256i y0;
  __m128i x0 = _mm_cvtsi32_si128(static_cast<int>(crc)), x1;

  if (len < 512) {
    if (len < 64) {  // 16..63 bytes: 128-bit steps, as fast as the 128-bit kernel
      x0 = _mm_xor_si128(load128(p), x0);
      if (len >= 32) {
        x0 = fold128(x0, load128(p + 16), mults_128b);
        if (len >= 48) x0 = fold128(x0, load128(p + 32), mults_128b);
      }
      p += len & ~std::size_t{15};
      goto less_than_16_remaining;
    }
    v0 = _mm512_xor_si512(load512(p), _mm512_zextsi128_si512(x0));
    if (len < 128) {
      p += 64;
      goto less_than_vl_remaining;
    }
    v1 = load512(p + 64);
    if (len < 256) {
      p += 128;
      goto less_than_2vl_remaining;
    }
    v2 = load512(p + 128);
    v3 = load512(p + 192);
    p += 256;
  } else {
    v0 = _mm512_xor_si512(load512(p), _mm512_zextsi128_si512(x0));
    v1 = load512(p + 64);
    v2 = load512(p + 128);
    v3 = load512(p + 192);
    v4 = load512(p + 256);
    v5 = load512(p + 320);
    v6 = load512(p + 384);
    v7 = load512(p + 448);
    p += 512;
    while (len >= 1024) {
      v0 = fold512(v0, load512(p), mults_8v);
      v1 = fold512(v1, load512(p + 64), mults_8v);
      v2 = fold512(v2, load512(p + 128), mults_8v);
      v3 = fold512(v3, load512(p + 192), mults_8v);
      v4 = fold512(v4, load512(p + 256), mults_8v);
      v5 = fold512(v5, load512(p + 320), mults_8v);
      v6 = fold512(v6, load512(p + 384), mults_8v);
      v7 = fold512(v7, load512(p + 448), mults_8v);
      p += 512;
      len -= 512;
    }
    v0 = fold512(v0, v4, mults_4v);
    v1 = fold512(v1, v5, mults_4v);
    v2 = fold512(v2, v6, mults_4v);
    v3 = fold512(v3, v7, mults_4v);
    if (len & 256) {
      v0 = fold512(v0, load512(p), mults_4v);
      v1 = fold512(v1, load512(p + 64), mults_4v);
      v2 = fold512(v2, load512(p + 128), mults_4v);
      v3 = fold512(v3, load512(p + 192), mults_4v);
      p += 256;
    }
  }
  // Fewer than 256 bytes remain (the bits of `len` below 256 say how many, as consumed above
  // were multiples of 256).
  v0 = fold512(v0, v2, mults_2v);
  v1 = fold512(v1, v3, mults_2v);
  if (len & 128) {
    v0 = fold512(v0, load512(p), mults_2v);
    v1 = fold512(v1, load512(p + 64), mults_2v);
    p += 128;
  }
less_than_2vl_remaining:
  v0 = fold512(v0, v1, mults_1v);
  if (len & 64) {
    v0 = fold512(v0, load512(p), mults_1v);
    p += 64;
  }
less_than_vl_remaining:
  // Zero-masked extracts: GCC 12 warns about the unmasked ones' undefined source operand.
  y0 = fold256(_mm512_maskz_extracti64x4_epi64(0xF, v0, 0), _mm512_maskz_extracti64x4_epi64(0xF, v0, 1), mults_256b);
  if (len & 32) {
    y0 = fold256(y0, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)), mults_256b);
    p += 32;
  }
  x0 = fold128(_mm256_extracti128_si256(y0, 0), _mm256_extracti128_si256(y0, 1), mults_128b);
  if (len & 16) {
    x0 = fold128(x0, load128(p), mults_128b);
    p += 16;
  }
less_than_16_remaining:
  len &= 15;
  if (len) x0 = fold_tail(x0, p, len, mults_128b);
  // Multiply the 128-bit remainder by x^32 and reduce it modulo G (Barrett).
  x0 = _mm_xor_si128(_mm_clmulepi64_si128(x0, mults_128b, 0x10), _mm_bsrli_si128(x0, 8));
  x1 = _mm_clmulepi64_si128(x0, barrett, 0x00);
  x1 = _mm_clmulepi64_si128(x1, barrett, 0x10);
  x0 = _mm_xor_si128(x0, x1);
  return static_cast<std::uint32_t>(_mm_extract_epi32(x0, 2));
}

const bool kVectorCrc = [] {
  __builtin_cpu_init();
  return __builtin_cpu_supports("vpclmulqdq") && __builtin_cpu_supports("pclmul") &&
         __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("sse4.1");
}();

}  // namespace

std::uint32_t crc32_of(const unsigned char* data, std::size_t size) {
  if (kVectorCrc && size >= 16) [[likely]] return ~crc32_vl512(~std::uint32_t{0}, data, size);
  return static_cast<std::uint32_t>(libdeflate_crc32(0, data, size));
}

const char* crc32_engine() { return kVectorCrc ? "vpclmulqdq-avx512" : "libdeflate"; }

#else

std::uint32_t crc32_of(const unsigned char* data, std::size_t size) {
  return static_cast<std::uint32_t>(libdeflate_crc32(0, data, size));
}

const char* crc32_engine() { return "libdeflate"; }

#endif

}  // namespace interstice::v1_codec
