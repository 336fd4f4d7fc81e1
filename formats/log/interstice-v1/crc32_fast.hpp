// CRC-32 (the gzip polynomial, what every v1 record carries) for the record check. Debian 12's
// libdeflate 1.14 folds 128 bits per step; on CPUs with VPCLMULQDQ and AVX-512 this folds
// 512-bit vectors (the kernel of libdeflate 1.20+, crc32_fast.cpp), chosen once at start-up.
// Anything else, and spans shorter than 16 bytes, go to libdeflate. Same result either way.
#pragma once

#include <cstddef>
#include <cstdint>

namespace interstice::v1_codec {

/// The CRC-32 of `data[0, size)`, as `libdeflate_crc32(0, data, size)` computes it.
std::uint32_t crc32_of(const unsigned char* data, std::size_t size);

/// The engine `crc32_of` uses on this CPU ("vpclmulqdq-avx512" or "libdeflate"); for tests.
const char* crc32_engine();

}  // namespace interstice::v1_codec
