// Broken on purpose: its factory throws, as a plugin with a missing configuration might.
#include "interstice/sdk/command.hpp"

#include <stdexcept>

namespace {
class ThrowsOnCreation final : public interstice::sdk::Command {
 public:
  ThrowsOnCreation() { throw std::runtime_error("required setting 'db.url' is missing"); }
  void declare(interstice::sdk::CommandSyntax&) const override {}
  interstice::sdk::Report run(interstice::sdk::CommandContext&) override { return {}; }
};
}  // namespace

INTERSTICE_PLUGIN(ThrowsOnCreation, "factory-throws", "1.0.0", "a command whose factory throws")
