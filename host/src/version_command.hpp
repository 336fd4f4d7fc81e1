// `interstice version`: the same line as `interstice --version`, as a built-in command, so the
// spelling git, docker and kubectl users try works too.
#pragma once

#include "interstice/sdk/command.hpp"

#include <string>

namespace interstice::host {

/// "interstice 1.2.3 (plugin SDK 1.0.0, ABI 15)" with its newline.
std::string version_line();

class VersionCommand final : public sdk::Command {
 public:
  void declare(sdk::CommandSyntax&) const override {}
  /// Writes `version_line()` to `context.out()` itself (its table row says `writes_own_output`).
  sdk::Report run(sdk::CommandContext& context) override;

  static constexpr const char* description = "Print the version and the plugin SDK ABI (the same as --version)";
};

}  // namespace interstice::host
