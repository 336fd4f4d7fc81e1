// A plugin that prints while it is being loaded (a static initialiser, a chatty factory) must not
// put its text into a command's result on stdout. While a StdoutGuard lives, file descriptor 1
// points at stderr; whatever was buffered before is flushed to the real stdout first.
#pragma once

namespace interstice::host {

class StdoutGuard {
 public:
  StdoutGuard();
  ~StdoutGuard();
  StdoutGuard(const StdoutGuard&) = delete;
  StdoutGuard& operator=(const StdoutGuard&) = delete;

 private:
  int saved_ = -1;
};

}  // namespace interstice::host
