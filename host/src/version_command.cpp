// The version line, shared by `--version` and `interstice version`.
#include "version_command.hpp"

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/command_context.hpp"

#include <fmt/format.h>

namespace interstice::host {

std::string version_line() {
  return fmt::format("interstice {} (plugin SDK {}, ABI {})\n", INTERSTICE_VERSION, sdk::kSdkVersion, sdk::kAbiVersion);
}

sdk::Report VersionCommand::run(sdk::CommandContext& context) {
  context.out() << version_line();
  return {};
}

}  // namespace interstice::host
