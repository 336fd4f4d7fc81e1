// Broken on purpose, one way per build (DEATH, set by tests/plugins/CMakeLists.txt): the plugin
// ends whatever process loads it, from a static initialiser (which runs inside dlopen, before
// the host can read the descriptor) or from its factory. The host must survive it, name the
// file and say how it died.
#include "interstice/sdk/command.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#define DEATH_abort_in_static_init 1
#define DEATH_exit_in_static_init 2
#define DEATH_throw_in_static_init 3
#define DEATH_exit_in_factory 4
#define DEATH_hang_in_static_init 5
#define DEATH_CODE_(name) DEATH_##name
#define DEATH_CODE(name) DEATH_CODE_(name)

namespace {

[[noreturn]] void die(int how) {
  std::fprintf(stderr, "dies_at_load: giving up (%d)\n", how);
  if (how == DEATH_abort_in_static_init) std::abort();
  if (how == DEATH_throw_in_static_init) throw std::runtime_error("no licence file");
  if (how == DEATH_hang_in_static_init)
    for (;;) ::pause();
  std::exit(3);
}

constexpr int kDeath = DEATH_CODE(DEATH);
constexpr bool kDiesInFactory = kDeath == DEATH_exit_in_factory;

const bool initialised = [] {
  if (!kDiesInFactory) die(kDeath);
  return true;
}();

class DiesOnCreation final : public interstice::sdk::Command {
 public:
  DiesOnCreation() {
    if (kDiesInFactory) die(kDeath);
  }
  void declare(interstice::sdk::CommandSyntax&) const override {}
  interstice::sdk::Report run(interstice::sdk::CommandContext&) override { return {}; }
};

}  // namespace

INTERSTICE_PLUGIN(DiesOnCreation, "dies-at-load", "1.0.0", "a command that ends the process loading it")
