// How a diagnostic event looks on stderr, in the three `--logging-format`s: `text` (the seed's
// line: "[INFO] 2026-01-24 12:34:56.789 - message [module: m] [reducer: r] key=value"), `json`
// (JSON Lines with OpenTelemetry's log field names) and `logfmt`. One function per style, so
// fatal errors and plugin warnings render exactly as plugins' events do.
#pragma once

#include "interstice/sdk/logger.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace interstice::host {

enum class LogStyle { text, json, logfmt };

/// "text", "json", "logfmt"; nullopt for anything else.
std::optional<LogStyle> parse_log_style(std::string_view text);

/// The active span's ids, for the JSON style's `trace_id`/`span_id` (empty when none).
struct SpanIds {
  std::string trace_id;
  std::string span_id;
};

/// One event as one line, newline included. Times are UTC.
std::string render_event(LogStyle style, const sdk::LogEvent& event, std::chrono::system_clock::time_point time,
                         const SpanIds& span = {});

}  // namespace interstice::host
