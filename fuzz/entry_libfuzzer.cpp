// libFuzzer's entry point for one harness, chosen at build time by INTERSTICE_FUZZ_TARGET_NAME.
#include "harness.hpp"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const interstice::fuzz::Target target = [] {
    auto found = interstice::fuzz::find_target(INTERSTICE_FUZZ_TARGET_NAME);
    if (!found) {
      std::fprintf(stderr, "no fuzz harness named %s in this executable\n", INTERSTICE_FUZZ_TARGET_NAME);
      std::abort();
    }
    return found;
  }();
  target({data, size});
  return 0;
}
