// The host's side of talking to people: the logger, the progress bar, and the colour decision
// (--color, NO_COLOR, TTY). Everything here writes to a stream it is given, so a command run
// in-process (a test, a server) never touches the process's stdout or stderr; only
// `terminal_features` looks at the real terminal, and only `main`'s side calls it.
#pragma once

#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/progress.hpp"

#include <memory>
#include <optional>
#include <ostream>
#include <string>

namespace interstice::host {

/// Writes "interstice: warning: ..." lines to a stream at or above a level, each line with one
/// write (a synchronised stream like std::cerr keeps lines from concurrent runs whole).
class StreamLogger final : public sdk::Logger {
 public:
  explicit StreamLogger(std::ostream& err, sdk::LogLevel threshold = sdk::LogLevel::warning)
      : err_(err), threshold_(threshold) {}
  bool enabled(sdk::LogLevel level) const override { return level >= threshold_ && level != sdk::LogLevel::off; }
  using sdk::Logger::write;
  /// "interstice: warning: message key=value key2=\"text with spaces\"".
  void write(sdk::LogLevel level, std::string_view message, std::span<const sdk::LogField> fields) override;
  void set_threshold(sdk::LogLevel threshold) { threshold_ = threshold; }

 private:
  std::ostream& err_;
  sdk::LogLevel threshold_;
};

/// "error", "warning"/"warn", "info", "debug", "trace", "off"
std::optional<sdk::LogLevel> parse_log_level(std::string_view text);

/// A bar drawn on `terminal` when `total` is at least 8 MiB worth of work; one that draws nothing
/// when `terminal` is null or the work is smaller.
std::unique_ptr<sdk::Progress> make_progress(std::string label, std::uint64_t total, std::ostream* terminal);

/// What the process's own stdout and stderr can show.
struct TerminalFeatures {
  bool stdout_color = false;     ///< stdout is a terminal, NO_COLOR is unset or empty, TERM is not "dumb"
  bool stderr_progress = false;  ///< stderr is a terminal
};
TerminalFeatures terminal_features();

/// `mode` is auto, always or never; auto means colour when `out_shows_color` (see
/// TerminalFeatures::stdout_color) and the result does not go to a file.
bool use_color(std::string_view mode, bool writing_to_file, bool out_shows_color);

}  // namespace interstice::host
