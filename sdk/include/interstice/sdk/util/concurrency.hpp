// How many threads are worth running. Code that splits work across threads (the v1 reader's
// chunk pipeline, parallel export formatting) asks here rather than `hardware_concurrency`,
// which counts the machine's CPUs, not the ones this process may use.
#pragma once

#include "interstice/sdk/abi.hpp"

namespace interstice::sdk {

/// The CPUs this process may run on (its affinity mask, e.g. under `taskset` or a container's
/// cpuset); at least 1.
INTERSTICE_SDK_API unsigned usable_cpus();

/// The usable CPUs beyond the calling thread's own that no `CpuClaim` holds: how many optional
/// helper threads are worth starting now.
INTERSTICE_SDK_API unsigned spare_cpus();

/// Holds CPUs for threads that will keep them busy (export's formatting workers) while it lives,
/// so optional helpers elsewhere (the v1 reader's checking thread) stand aside instead of
/// competing for the same cores.
class INTERSTICE_SDK_API CpuClaim {
 public:
  explicit CpuClaim(unsigned cpus);
  ~CpuClaim();
  CpuClaim(const CpuClaim&) = delete;
  CpuClaim& operator=(const CpuClaim&) = delete;

 private:
  unsigned cpus_;
};

}  // namespace interstice::sdk
