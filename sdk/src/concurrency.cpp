// See concurrency.hpp.
#include "interstice/sdk/util/concurrency.hpp"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace interstice::sdk {

unsigned usable_cpus() {
  // Asked once: callers ask per decision, and the mask of a running tool does not change.
  static const unsigned usable = [] {
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    const unsigned count = ::sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? static_cast<unsigned>(CPU_COUNT(&cpus))
                                                                            : std::thread::hardware_concurrency();
    return std::max(count, 1U);
  }();
  return usable;
}

namespace {
std::atomic<unsigned> claimed_cpus{0};
}

unsigned spare_cpus() {
  const unsigned others = usable_cpus() - 1;
  const unsigned claimed = claimed_cpus.load();
  return claimed >= others ? 0 : others - claimed;
}

CpuClaim::CpuClaim(unsigned cpus) : cpus_(cpus) { claimed_cpus += cpus_; }
CpuClaim::~CpuClaim() { claimed_cpus -= cpus_; }

}  // namespace interstice::sdk
