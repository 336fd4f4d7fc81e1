// The vectorised validators (see utf8_fast.hpp). Each block of 16 or 64 bytes is classified by
// three table lookups on the high and low nibbles of each byte and of the byte before it; the
// AND of the three lookups is non-zero exactly where two adjacent bytes cannot follow each other.
// Third and fourth bytes of long sequences are checked by looking two and three bytes back.
// The scheme is the one described by Keiser and Lemire, "Validating UTF-8 In Less Than One
// Instruction Per Byte" (2021).
#include "utf8_fast.hpp"

#include "v1_format.hpp"

#include "interstice/sdk/util/utf8.hpp"

#include <array>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define INTERSTICE_V1_UTF8_X86 1
#endif

namespace interstice::v1_codec {

namespace {

[[maybe_unused]] bool valid_scalar(const TextSpan* spans, std::size_t count) {
  for (const TextSpan* span = spans; span != spans + count; ++span)
    if (!sdk::utf8_valid(span->data, span->size)) return false;
  return true;
}

}  // namespace

#ifdef INTERSTICE_V1_UTF8_X86

namespace {

// Error classes of a (previous byte, byte) pair.
constexpr char kTooShort = 1 << 0;      // a lead byte not followed by a continuation
constexpr char kTooLong = 1 << 1;       // a continuation after an ASCII byte
constexpr char kOverlong3 = 1 << 2;     // E0 80..9F
constexpr char kTooLarge = 1 << 3;      // F4 90..BF, F5..FF
constexpr char kSurrogate = 1 << 4;     // ED A0..BF
constexpr char kOverlong2 = 1 << 5;     // C0, C1
constexpr char kTooLarge1000 = 1 << 6;  // F5..FF 80..8F
constexpr char kOverlong4 = 1 << 6;     // F0 80..8F
constexpr char kTwoConts = static_cast<char>(1 << 7);  // a continuation after a continuation
constexpr char kCarry = kTooShort | kTooLong | kTwoConts;

// The three lookup tables, indexed by a nibble: the high and low nibble of the previous byte,
// and the high nibble of the byte itself. Stored four times over so the 64-byte engine can load
// them into every 16-byte lane; the 16-byte engine uses the first copy.
using Table = std::array<char, 64>;

constexpr Table four_lanes(std::array<char, 16> lane) {
  Table table{};
  for (std::size_t i = 0; i < table.size(); ++i) table[i] = lane[i % 16];
  return table;
}

constexpr char kLarge = kCarry | kTooLarge | kTooLarge1000;
constexpr char kCont80 = kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge1000 | kOverlong4;
constexpr char kCont90 = kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge;
constexpr char kContA0 = kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge;

alignas(64) constexpr Table kByte1High = four_lanes(
    {kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTwoConts, kTwoConts,
     kTwoConts, kTwoConts, kTooShort | kOverlong2, kTooShort, kTooShort | kOverlong3 | kSurrogate,
     kTooShort | kTooLarge | kTooLarge1000 | kOverlong4});
alignas(64) constexpr Table kByte1Low = four_lanes(
    {kCarry | kOverlong3 | kOverlong2 | kOverlong4, kCarry | kOverlong2, kCarry, kCarry, kCarry | kTooLarge, kLarge,
     kLarge, kLarge, kLarge, kLarge, kLarge, kLarge, kLarge, kLarge | kSurrogate, kLarge, kLarge});
alignas(64) constexpr Table kByte2High = four_lanes(
    {kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kCont80, kCont90,
     kContA0, kContA0, kTooShort, kTooShort, kTooShort, kTooShort});

/// Bytes above these, in the last three places of a block, are leads whose sequence continues
/// past the block: an error unless the next block continues it. Only the last lane of a block
/// has the three limits.
alignas(64) constexpr Table kMaxComplete = [] {
  Table table{};
  for (auto& byte : table) byte = static_cast<char>(0xFF);
  table[61] = static_cast<char>(0xF0 - 1);
  table[62] = static_cast<char>(0xE0 - 1);
  table[63] = static_cast<char>(0xC0 - 1);
  return table;
}();

inline __m128i lane_of(const Table& table, std::size_t lane = 0) {
  return _mm_load_si128(reinterpret_cast<const __m128i*>(table.data() + 16 * lane));
}

struct State {
  __m128i previous = _mm_setzero_si128();
  __m128i error = _mm_setzero_si128();
  __m128i previous_incomplete = _mm_setzero_si128();  // the block ended inside a sequence
};

__attribute__((target("ssse3"))) inline __m128i lookup(__m128i table, __m128i nibbles) {
  return _mm_shuffle_epi8(table, nibbles);
}

__attribute__((target("ssse3"))) inline __m128i high_nibbles(__m128i bytes) {
  return _mm_and_si128(_mm_srli_epi16(bytes, 4), _mm_set1_epi8(0x0F));
}

__attribute__((target("ssse3"))) inline void check_block(State& state, __m128i input) {
  if (_mm_movemask_epi8(input) == 0) {  // all ASCII: only a sequence cut by the last block can fail
    state.error = _mm_or_si128(state.error, state.previous_incomplete);
    state.previous = input;
    return;
  }
  const __m128i prev1 = _mm_alignr_epi8(input, state.previous, 15);
  const __m128i byte_1_high = lookup(lane_of(kByte1High), high_nibbles(prev1));
  const __m128i byte_1_low = lookup(lane_of(kByte1Low), _mm_and_si128(prev1, _mm_set1_epi8(0x0F)));
  const __m128i byte_2_high = lookup(lane_of(kByte2High), high_nibbles(input));
  const __m128i special = _mm_and_si128(_mm_and_si128(byte_1_high, byte_1_low), byte_2_high);

  // A byte two after an E0..EF lead or three after an F0..FF lead must be a continuation; the
  // lookups above flag such a continuation as kTwoConts, so the two must agree.
  const __m128i prev2 = _mm_alignr_epi8(input, state.previous, 14);
  const __m128i prev3 = _mm_alignr_epi8(input, state.previous, 13);
  const __m128i third = _mm_subs_epu8(prev2, _mm_set1_epi8(static_cast<char>(0xE0 - 0x80)));
  const __m128i fourth = _mm_subs_epu8(prev3, _mm_set1_epi8(static_cast<char>(0xF0 - 0x80)));
  const __m128i must_continue = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8(kTwoConts));
  state.error = _mm_or_si128(state.error, _mm_xor_si128(must_continue, special));

  state.previous_incomplete = _mm_subs_epu8(input, lane_of(kMaxComplete, 3));
  state.previous = input;
}

/// The last `size` (< 16) bytes as a block padded with zeros, read without touching anything
/// past them. Zeros are ASCII, so a sequence cut by the end fails as it should.
inline __m128i load_tail(const unsigned char* p, std::size_t size) {
  std::uint64_t low = 0, high = 0;
  if (size >= 8) {
    low = load_u64(p);
    if (size > 8) high = load_u64(p + size - 8) >> (8 * (16 - size));
  } else if (size >= 4) {
    low = load_u32(p) | (std::uint64_t{load_u32(p + size - 4)} << (8 * (size - 4)));
  } else if (size > 0) {
    low = p[0] | (std::uint64_t{p[size / 2]} << (8 * (size / 2))) | (std::uint64_t{p[size - 1]} << (8 * (size - 1)));
  }
  return _mm_set_epi64x(static_cast<long long>(high), static_cast<long long>(low));
}

__attribute__((target("ssse3"))) bool valid_ssse3(const TextSpan* spans, std::size_t count) {
  __m128i error = _mm_setzero_si128();
  for (const TextSpan* span = spans; span != spans + count; ++span) {
    State state;
    std::size_t i = 0;
    for (; i + 16 <= span->size; i += 16)
      check_block(state, _mm_loadu_si128(reinterpret_cast<const __m128i*>(span->data + i)));
    if (i < span->size) check_block(state, load_tail(span->data + i, span->size - i));
    error = _mm_or_si128(error, _mm_or_si128(state.error, state.previous_incomplete));
  }
  return _mm_movemask_epi8(_mm_cmpeq_epi8(error, _mm_setzero_si128())) == 0xFFFF;
}

// The same classification 64 bytes at a time. The table lookups stay within 16-byte lanes,
// so each table is repeated in every lane, and "the byte N places back" needs the previous
// lane's bytes: one cross-lane permute, then a per-lane byte align. Masked loads read exactly
// the string's bytes (the rest of the block is zero), so there is no separate tail path.
template <int N>
__attribute__((target("avx512f,avx512bw"))) inline __m512i bytes_back(__m512i input, __m512i previous_lanes) {
  return _mm512_alignr_epi8(input, previous_lanes, 16 - N);
}

__attribute__((target("avx512f"))) inline __m512i load_table(const Table& table) {
  return _mm512_load_si512(table.data());
}

struct Tables512 {
  __m512i byte_1_high, byte_1_low, byte_2_high, max_complete;
};

struct State512 {  // as State; set up inside the AVX-512 functions (no initialisers out here)
  __m512i previous;
  __m512i error;
  __m512i previous_incomplete;
};

__attribute__((target("avx512f,avx512bw"))) inline __m512i high_nibbles_512(__m512i bytes) {
  return _mm512_and_si512(_mm512_srli_epi16(bytes, 4), _mm512_set1_epi8(0x0F));
}

// No shortcut for ASCII blocks here, unlike the 16-byte engine: most strings are a single
// block, and whether a string is ASCII is a coin toss in real data, so the branch cost more
// than the checks it skipped (measured: 10% of the whole reader).
__attribute__((target("avx512f,avx512bw"))) inline void check_block_512(const Tables512& tables, State512& state,
                                                                        __m512i input) {
  // Lane k of this is lane k - 1 of the input (lane 3 of the previous block for lane 0).
  const __m512i previous_lanes =
      _mm512_permutex2var_epi64(state.previous, _mm512_set_epi64(13, 12, 11, 10, 9, 8, 7, 6), input);
  const __m512i prev1 = bytes_back<1>(input, previous_lanes);
  const __m512i byte_1_high = _mm512_shuffle_epi8(tables.byte_1_high, high_nibbles_512(prev1));
  const __m512i byte_1_low = _mm512_shuffle_epi8(tables.byte_1_low, _mm512_and_si512(prev1, _mm512_set1_epi8(0x0F)));
  const __m512i byte_2_high = _mm512_shuffle_epi8(tables.byte_2_high, high_nibbles_512(input));
  const __m512i special = _mm512_and_si512(_mm512_and_si512(byte_1_high, byte_1_low), byte_2_high);

  const __m512i third =
      _mm512_subs_epu8(bytes_back<2>(input, previous_lanes), _mm512_set1_epi8(static_cast<char>(0xE0 - 0x80)));
  const __m512i fourth =
      _mm512_subs_epu8(bytes_back<3>(input, previous_lanes), _mm512_set1_epi8(static_cast<char>(0xF0 - 0x80)));
  const __m512i must_continue = _mm512_and_si512(_mm512_or_si512(third, fourth), _mm512_set1_epi8(kTwoConts));
  state.error = _mm512_or_si512(state.error, _mm512_xor_si512(must_continue, special));

  state.previous_incomplete = _mm512_subs_epu8(input, tables.max_complete);
  state.previous = input;
}

__attribute__((target("avx512f,avx512bw"))) bool valid_avx512(const TextSpan* spans, std::size_t count) {
  const Tables512 tables{load_table(kByte1High), load_table(kByte1Low), load_table(kByte2High),
                         load_table(kMaxComplete)};
  __m512i error = _mm512_setzero_si512();
  for (const TextSpan* span = spans; span != spans + count; ++span) {
    const __m512i zero = _mm512_setzero_si512();
    State512 state{zero, zero, zero};
    for (std::size_t i = 0; i < span->size; i += 64) {
      const std::size_t left = span->size - i;
      const __mmask64 mask = left >= 64 ? ~__mmask64{0} : (__mmask64{1} << left) - 1;
      check_block_512(tables, state, _mm512_maskz_loadu_epi8(mask, span->data + i));
    }
    error = _mm512_or_si512(error, _mm512_or_si512(state.error, state.previous_incomplete));
  }
  return _mm512_test_epi8_mask(error, error) == 0;
}

enum class Engine { scalar, ssse3, avx512 };

const Engine kEngine = [] {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")) return Engine::avx512;
  if (__builtin_cpu_supports("ssse3")) return Engine::ssse3;
  return Engine::scalar;
}();

}  // namespace

bool utf8_all_valid(const TextSpan* spans, std::size_t count) {
  switch (kEngine) {
    case Engine::avx512: return valid_avx512(spans, count);
    case Engine::ssse3: return valid_ssse3(spans, count);
    case Engine::scalar: break;
  }
  return valid_scalar(spans, count);
}

#else

bool utf8_all_valid(const TextSpan* spans, std::size_t count) { return valid_scalar(spans, count); }

#endif

}  // namespace interstice::v1_codec
