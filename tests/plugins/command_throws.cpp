// Broken on purpose: loads fine, but its command throws a plain std::exception while running.
#include "interstice/sdk/command.hpp"

#include <stdexcept>

namespace {
class ThrowsWhileRunning final : public interstice::sdk::Command {
 public:
  void declare(interstice::sdk::CommandSyntax&) const override {}
  interstice::sdk::Report run(interstice::sdk::CommandContext&) override {
    throw std::runtime_error("lost the connection to the replica");
  }
};
}  // namespace

INTERSTICE_PLUGIN(ThrowsWhileRunning, "command-throws", "1.0.0", "a command that throws while running")
