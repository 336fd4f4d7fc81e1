// A progress indicator for long work, drawn on stderr only when stderr is a terminal.
//
// Ask the context for one (`context.progress("reading", total_bytes)`), call `advance` as work
// gets done and let it go out of scope when finished. Off a terminal every call is a cheap no-op,
// so call it freely, e.g. once per block read.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <cstdint>
#include <memory>

namespace interstice::sdk {

class BOOST_SYMBOL_VISIBLE Progress {
 public:
  virtual ~Progress() = default;
  /// `done` units of the total are finished (absolute, not a delta).
  virtual void update(std::uint64_t done) = 0;
  /// Clears the line; also done by the destructor.
  virtual void finish() = 0;
};

/// Reports byte positions to a Progress (which may be null: off a terminal) at most once per
/// `step` bytes, so a per-record loop pays one comparison per record, not a redraw.
class ThrottledProgress {
 public:
  explicit ThrottledProgress(Progress* progress, std::uint64_t step = std::uint64_t{4} << 20)
      : progress_(progress), step_(step), next_(step) {}
  void at(std::uint64_t offset) {
    if (progress_ && offset >= next_) [[unlikely]] {
      progress_->update(offset);
      next_ = offset + step_;
    }
  }
  void finish() {
    if (progress_) progress_->finish();
  }

 private:
  Progress* progress_;
  std::uint64_t step_;
  std::uint64_t next_;
};

}  // namespace interstice::sdk
