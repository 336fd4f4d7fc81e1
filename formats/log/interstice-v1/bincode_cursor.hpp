// A bounds-checked reader over bincode bytes that throws an input error naming what it reads.
// The decoder (to sdk::Value) and the JSON transcoder both read rows this way; the validating
// walk (bincode_walk.cpp) has its own non-throwing hot loop.
#pragma once

#include "bincode_walk.hpp"
#include "v1_format.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/transaction.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <string_view>

namespace interstice::v1_codec {

class BincodeCursor {
 public:
  BincodeCursor(sdk::ByteSpan bytes, std::string_view what)
      : at_(bytes.data()), end_(bytes.data() + bytes.size()), what_(what) {}

 protected:
  std::size_t left() const { return static_cast<std::size_t>(end_ - at_); }

  [[noreturn]] void fail(BincodeFailure failure, std::uint64_t detail = 0) const {
    BincodeProblem problem;
    problem.failure = failure;
    problem.detail = detail;
    fail(problem);
  }
  [[noreturn]] void fail(const BincodeProblem& problem) const {
    throw sdk::Error::input(fmt::format("{} bincode decode failed: {}", what_, describe(problem)));
  }

  void need(std::size_t bytes) const {
    if (left() < bytes) fail(BincodeFailure::end_of_input);
  }
  std::uint32_t u32() {
    need(4);
    const auto v = load_u32(at_);
    at_ += 4;
    return v;
  }
  std::uint64_t u64() {
    need(8);
    const auto v = load_u64(at_);
    at_ += 8;
    return v;
  }
  unsigned char byte() {
    need(1);
    return *at_++;
  }
  void check_depth(unsigned depth) const {
    if (depth >= kMaxNesting) fail(BincodeFailure::too_deep);
  }

  const unsigned char* at_;
  const unsigned char* end_;
  std::string_view what_;
};

}  // namespace interstice::v1_codec
