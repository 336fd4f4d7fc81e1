// The host's side of talking to people: the stderr logger, the progress bar, and the colour
// decision (--color, NO_COLOR, TTY).
#pragma once

#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/progress.hpp"

#include <memory>
#include <optional>
#include <string>

namespace interstice::host {

/// Writes "interstice: warning: ..." lines to stderr at or above a level.
class StderrLogger final : public sdk::Logger {
 public:
  explicit StderrLogger(sdk::LogLevel threshold = sdk::LogLevel::warning) : threshold_(threshold) {}
  void set_threshold(sdk::LogLevel threshold) { threshold_ = threshold; }
  bool enabled(sdk::LogLevel level) const override { return level >= threshold_ && level != sdk::LogLevel::off; }
  void write(sdk::LogLevel level, std::string_view message) override;

 private:
  sdk::LogLevel threshold_;
};

/// "error", "warning"/"warn", "info", "debug", "trace", "off"
std::optional<sdk::LogLevel> parse_log_level(std::string_view text);

/// A bar on stderr when it is a terminal and `total` is at least 8 MiB worth of work, else silent.
std::unique_ptr<sdk::Progress> make_progress(std::string label, std::uint64_t total);

/// `mode` is auto, always or never; auto means stdout is a terminal, NO_COLOR is unset or empty
/// and TERM is not "dumb".
bool use_color(std::string_view mode, bool writing_to_file);

}  // namespace interstice::host
