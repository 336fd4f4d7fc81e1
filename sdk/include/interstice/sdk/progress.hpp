// A progress indicator for long work, drawn on stderr only when stderr is a terminal.
//
// Ask the context for one (`context.progress("reading", total_bytes)`), call `advance` as work
// gets done and let it go out of scope when finished. Off a terminal every call is a cheap no-op,
// so call it freely, e.g. once per block read.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <cstdint>

namespace interstice::sdk {

class BOOST_SYMBOL_VISIBLE Progress {
 public:
  virtual ~Progress() = default;
  /// `done` units of the total are finished (absolute, not a delta).
  virtual void update(std::uint64_t done) = 0;
  /// Clears the line; also done by the destructor.
  virtual void finish() = 0;
};

}  // namespace interstice::sdk
