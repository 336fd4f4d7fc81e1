// The host's side of talking to people: the logger, the progress bar, and the colour decision
// (--color, NO_COLOR, TTY). Everything here writes to a stream it is given, so a command run
// in-process (a test, a server) never touches the process's stdout or stderr; only
// `terminal_features` looks at the real terminal, and only `main`'s side calls it.
#pragma once

#include "log_rendering.hpp"

#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/progress.hpp"

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace interstice::host {

/// Writes diagnostic events at or above a level to a stream, rendered in a `--logging-format`
/// (log_rendering.hpp), each as one line through spdlog's locked stream sink, so lines from
/// worker threads and concurrent runs stay whole.
class StreamLogger final : public sdk::Logger {
 public:
  explicit StreamLogger(std::ostream& err, sdk::LogLevel threshold = sdk::LogLevel::warning,
                        LogStyle style = LogStyle::text);
  ~StreamLogger() override;
  bool enabled(sdk::LogLevel level) const override { return level >= threshold_ && level != sdk::LogLevel::off; }
  void write(const sdk::LogEvent& event) override;
  /// Writes one event whatever the threshold (fatal errors).
  void write_always(const sdk::LogEvent& event);
  void set_threshold(sdk::LogLevel threshold) { threshold_ = threshold; }
  void set_style(LogStyle style) { style_ = style; }
  LogStyle style() const { return style_; }

 private:
  struct Sink;
  std::unique_ptr<Sink> sink_;
  sdk::LogLevel threshold_;
  LogStyle style_;
};

/// "error", "warning"/"warn", "info", "debug", "trace", "off"
std::optional<sdk::LogLevel> parse_log_level(std::string_view text);

/// One progress line: "exporting big.log [#########.....]  31%  412.0 MB/s  ETA 0:07". `done` and
/// `total` are bytes (what every command measures); the rate and ETA, from `elapsed_seconds`
/// since the work started, are left out until there is something to measure.
std::string progress_line(std::string_view label, std::uint64_t done, std::uint64_t total, double elapsed_seconds);

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
