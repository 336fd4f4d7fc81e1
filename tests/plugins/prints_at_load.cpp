// Works, but chatty: prints to stdout from a static initialiser and from its factory, as a
// plugin with leftover debugging might. None of it may end up in a command's result.
#include "interstice/sdk/command.hpp"

#include <cstdio>
#include <iostream>

namespace {

const bool greeted = [] {
  std::printf("prints-at-load: static initialiser says hello\n");
  return true;
}();

class Chatty final : public interstice::sdk::Command {
 public:
  Chatty() { std::cout << "prints-at-load: factory says hello" << std::endl; }
  void declare(interstice::sdk::CommandSyntax&) const override {}
  interstice::sdk::Report run(interstice::sdk::CommandContext& context) override {
    context.out() << "chatty result\n";
    return {};
  }
};

}  // namespace

INTERSTICE_PLUGIN(Chatty, "prints-at-load", "1.0.0", "a command that prints while it is loaded")
