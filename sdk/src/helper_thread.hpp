// Starting a helper thread that runs beside its caller, not behind it.
//
// Linux puts a new thread on its parent's CPU when the parent is about to wait for it (the
// record pipeline's caller waits for the first chunk; export's caller for the first batch), and
// here it then took the load balancer ~30 ms to move one of the two to the idle CPU (perf sched:
// both threads on CPU 0, CPU 1 idle, in 11 of 20 runs of log-inspect). That is a third of a
// 200 MB log-inspect run at half speed, and it made the record pipeline judge itself not worth
// running. So the new thread first moves itself off the caller's CPU (an affinity mask without
// it) and then lets itself run anywhere again (the mask it had): a placement hint, nothing is
// pinned. With a single usable CPU, or if the masks cannot be read or set, nothing changes.
#pragma once

#include <sched.h>

#include <thread>
#include <utility>

namespace interstice::sdk::detail {

/// Moves the calling thread off `cpu` if another CPU may take it; see the file comment.
inline void leave_cpu(int cpu) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (cpu < 0 || cpu >= CPU_SETSIZE || ::sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
  if (!CPU_ISSET(cpu, &allowed) || CPU_COUNT(&allowed) < 2) return;
  cpu_set_t others = allowed;
  CPU_CLR(cpu, &others);
  if (::sched_setaffinity(0, sizeof others, &others) == 0) ::sched_setaffinity(0, sizeof allowed, &allowed);
}

/// A thread running `body` that starts on a different CPU from the calling thread's.
template <typename Body>
std::thread helper_thread(Body body) {
  return std::thread([cpu = ::sched_getcpu(), body = std::move(body)]() mutable {
    leave_cpu(cpu);
    body();
  });
}

}  // namespace interstice::sdk::detail
