// Logger, progress bar and colour decision for the host.
#include "console.hpp"

#include "interstice/sdk/tracer.hpp"

#include <fmt/format.h>
#include <spdlog/sinks/ostream_sink.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <string>
#include <type_traits>
#include <variant>
#include <cstdlib>

namespace interstice::host {

// spdlog's stream sink: a mutex around each line, the line written as rendered ("%v").
struct StreamLogger::Sink {
  explicit Sink(std::ostream& err) : sink(err, true) { sink.set_pattern("%v"); }
  void write(const std::string& line) {
    std::string_view text(line);
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);  // the sink adds its own
    sink.log(spdlog::details::log_msg(spdlog::source_loc{}, {}, spdlog::level::info, text));
  }
  spdlog::sinks::ostream_sink_mt sink;
};

StreamLogger::StreamLogger(std::ostream& err, sdk::LogLevel threshold, LogStyle style)
    : sink_(std::make_unique<Sink>(err)), threshold_(threshold), style_(style) {}

StreamLogger::~StreamLogger() = default;

void StreamLogger::write(const sdk::LogEvent& event) {
  if (enabled(event.level)) write_always(event);
}

void StreamLogger::write_always(const sdk::LogEvent& event) {
  SpanIds span;
  if (const sdk::Tracer* tracer = sdk::Tracer::active(); tracer && style_ == LogStyle::json)
    span = SpanIds{tracer->trace_id(), tracer->span_id(tracer->current())};
  sink_->write(render_event(style_, event, std::chrono::system_clock::now(), span));
}

std::optional<sdk::LogLevel> parse_log_level(std::string_view text) {
  if (text == "trace") return sdk::LogLevel::trace;
  if (text == "debug") return sdk::LogLevel::debug;
  if (text == "info") return sdk::LogLevel::info;
  if (text == "warning" || text == "warn") return sdk::LogLevel::warning;
  if (text == "error") return sdk::LogLevel::error;
  if (text == "off") return sdk::LogLevel::off;
  return std::nullopt;
}

namespace {

// 412.0 MB/s, 980 B/s: decimal units, as disks and networks are rated.
std::string bytes_per_second(double rate) {
  static constexpr const char* kUnits[] = {"B", "kB", "MB", "GB", "TB"};
  std::size_t unit = 0;
  while (rate >= 1000 && unit + 1 < std::size(kUnits)) {
    rate /= 1000;
    ++unit;
  }
  return unit == 0 ? fmt::format("{:.0f} B/s", rate) : fmt::format("{:.1f} {}/s", rate, kUnits[unit]);
}

// 0:07, 12:30, 1:02:03
std::string duration(double seconds) {
  const auto total = static_cast<std::uint64_t>(seconds + 0.5);
  const auto hours = total / 3600, minutes = total / 60 % 60, rest = total % 60;
  return hours ? fmt::format("{}:{:02}:{:02}", hours, minutes, rest) : fmt::format("{}:{:02}", minutes, rest);
}

}  // namespace

std::string progress_line(std::string_view label, std::uint64_t done, std::uint64_t total, double elapsed_seconds) {
  constexpr int kWidth = 30;
  const double fraction = total ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total)) : 0.0;
  std::string bar(static_cast<std::size_t>(fraction * kWidth), '#');
  bar.resize(kWidth, '.');
  std::string line = fmt::format("{} [{}] {:3.0f}%", label, bar, fraction * 100);
  if (done > 0 && elapsed_seconds > 0) {
    const double rate = static_cast<double>(done) / elapsed_seconds;
    line += "  " + bytes_per_second(rate);
    if (total > done) line += "  ETA " + duration(static_cast<double>(total - done) / rate);
  }
  return line;
}

namespace {

class SilentProgress final : public sdk::Progress {
 public:
  void update(std::uint64_t) override {}
  void finish() override {}
};

class TerminalProgress final : public sdk::Progress {
 public:
  TerminalProgress(std::string label, std::uint64_t total, std::ostream& terminal)
      : label_(std::move(label)), total_(total), terminal_(terminal) {}
  ~TerminalProgress() override { finish(); }

  void update(std::uint64_t done) override {
    auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    drawn_ = true;
    const std::chrono::duration<double> elapsed = now - start_;
    // \033[K: the line may be shorter than the last one (the ETA shrinks).
    terminal_ << '\r' << progress_line(label_, done, total_, elapsed.count()) << "\033[K" << std::flush;
  }

  void finish() override {
    if (!drawn_) return;
    terminal_ << "\r\033[K" << std::flush;
    drawn_ = false;
  }

 private:
  std::string label_;
  std::uint64_t total_;
  std::ostream& terminal_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace

std::unique_ptr<sdk::Progress> make_progress(std::string label, std::uint64_t total, std::ostream* terminal) {
  // Work smaller than this finishes before a bar is worth drawing (the policy lives here, once,
  // not in each command).
  constexpr std::uint64_t kProgressThreshold = std::uint64_t{8} << 20;
  if (terminal && total >= kProgressThreshold)
    return std::make_unique<TerminalProgress>(std::move(label), total, *terminal);
  return std::make_unique<SilentProgress>();
}

TerminalFeatures terminal_features() {
  TerminalFeatures features;
  features.stderr_progress = ::isatty(STDERR_FILENO) != 0;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  features.stdout_color = !(no_color && *no_color) && !(term && std::string_view(term) == "dumb") &&
                          ::isatty(STDOUT_FILENO) != 0;
  return features;
}

bool use_color(std::string_view mode, bool writing_to_file, bool out_shows_color) {
  if (mode == "always") return true;
  if (mode == "never" || writing_to_file) return false;
  return out_shows_color;
}

}  // namespace interstice::host
