// StdoutGuard: dup the real stdout away, point fd 1 at stderr, and put it back afterwards.
#include "stdout_guard.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace interstice::host {

namespace {
void flush_stdout() {
  std::cout.flush();
  std::fflush(stdout);
}
}  // namespace

StdoutGuard::StdoutGuard() {
  flush_stdout();
  saved_ = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (saved_ >= 0) ::dup2(STDERR_FILENO, STDOUT_FILENO);
}

StdoutGuard::~StdoutGuard() {
  if (saved_ < 0) return;
  flush_stdout();  // the plugin's buffered text goes where fd 1 points now: stderr
  ::dup2(saved_, STDOUT_FILENO);
  ::close(saved_);
}

}  // namespace interstice::host
