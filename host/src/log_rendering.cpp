// The three renderings of a diagnostic event (see log_rendering.hpp).
#include "log_rendering.hpp"

#include "interstice/sdk/util/terminal_text.hpp"
#include "interstice/sdk/json_text.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <type_traits>
#include <variant>

namespace interstice::host {

namespace {

using Clock = std::chrono::system_clock;

// "2026-01-24 12:34:56.789" (text) or "2026-01-24T12:34:56.789Z" (json, logfmt), UTC.
std::string format_time(Clock::time_point time, bool iso) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count() % 1000;
  const std::time_t seconds = Clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return iso ? fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", utc, ms) : fmt::format("{:%Y-%m-%d %H:%M:%S}.{:03}", utc, ms);
}

std::string_view upper_name(sdk::LogLevel level) {
  switch (level) {
    case sdk::LogLevel::trace: return "TRACE";
    case sdk::LogLevel::debug: return "DEBUG";
    case sdk::LogLevel::info: return "INFO";
    case sdk::LogLevel::warning: return "WARN";
    case sdk::LogLevel::error:
    case sdk::LogLevel::off: break;
  }
  return "ERROR";
}

// OpenTelemetry's severity numbers: the first of each level's range.
int severity_number(sdk::LogLevel level) {
  switch (level) {
    case sdk::LogLevel::trace: return 1;
    case sdk::LogLevel::debug: return 5;
    case sdk::LogLevel::info: return 9;
    case sdk::LogLevel::warning: return 13;
    case sdk::LogLevel::error:
    case sdk::LogLevel::off: break;
  }
  return 17;
}

// The context's members under the names the seed and the JSON attributes use.
template <typename Visit>
void for_each_context(const sdk::LogContext& context, Visit&& visit) {
  const std::pair<std::string_view, std::string_view> members[] = {{"module_id", context.module_id},
                                                                   {"reducer_name", context.reducer_name},
                                                                   {"table_name", context.table_name},
                                                                   {"operation", context.operation}};
  for (const auto& [key, value] : members)
    if (!value.empty()) visit(key, value);
}

// A logfmt value: bare when it needs no quoting, else quoted with \" \\ \n escaped.
void append_logfmt_text(std::string& out, std::string_view value) {
  if (!value.empty() && value.find_first_of(" \"=\t\n\\") == std::string_view::npos) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? 'n' : c;
  }
  out += '"';
}

void append_logfmt_value(std::string& out, const sdk::LogField& field) {
  std::visit(
      [&out](const auto& value) {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, std::string_view>)
          append_logfmt_text(out, value);
        else if constexpr (std::is_same_v<T, bool>)
          out += value ? "true" : "false";
        else if constexpr (std::is_same_v<T, double>)
          out += sdk::format_double(value);
        else
          out += fmt::format("{}", value);
      },
      field.value);
}

void append_fields(std::string& out, const sdk::LogEvent& event) {
  for (const auto& field : event.fields) {
    out += ' ';
    out += field.key;
    out += '=';
    append_logfmt_value(out, field);
  }
}

std::string render_text(const sdk::LogEvent& event, Clock::time_point time) {
  std::string line = fmt::format("[{}] {} - {}", upper_name(event.level), format_time(time, false), event.message);
  const std::pair<std::string_view, std::string_view> labels[] = {{"module", event.context.module_id},
                                                                  {"reducer", event.context.reducer_name},
                                                                  {"table", event.context.table_name},
                                                                  {"operation", event.context.operation}};
  for (const auto& [label, value] : labels)
    if (!value.empty()) line += fmt::format(" [{}: {}]", label, value);
  append_fields(line, event);
  return sdk::escape_controls(line) + '\n';  // names and messages may carry a log's bytes
}

std::string render_logfmt(const sdk::LogEvent& event, Clock::time_point time) {
  std::string line = "time=" + format_time(time, true) + " level=";
  line += upper_name(event.level);
  line += " msg=";
  append_logfmt_text(line, event.message);
  for_each_context(event.context, [&](std::string_view key, std::string_view value) {
    line += ' ';
    line += key;
    line += '=';
    append_logfmt_text(line, value);
  });
  append_fields(line, event);
  return sdk::escape_controls(line) + '\n';
}

std::string render_json(const sdk::LogEvent& event, Clock::time_point time, const SpanIds& span) {
  const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
  boost::json::object attributes;
  for_each_context(event.context, [&](std::string_view key, std::string_view value) { attributes[key] = value; });
  for (const auto& field : event.fields)
    std::visit([&](const auto& value) { attributes[field.key] = value; }, field.value);
  boost::json::object line;
  line["timestamp"] = format_time(time, true);
  line["time_unix_nano"] = std::to_string(nanos);  // a string, as OTLP/JSON writes 64-bit numbers
  line["severity_text"] = upper_name(event.level);
  line["severity_number"] = severity_number(event.level);
  line["body"] = event.message;
  line["attributes"] = std::move(attributes);
  if (!span.trace_id.empty()) line["trace_id"] = span.trace_id;
  if (!span.span_id.empty()) line["span_id"] = span.span_id;
  return boost::json::serialize(line) + '\n';
}

}  // namespace

std::optional<LogStyle> parse_log_style(std::string_view text) {
  if (text == "text") return LogStyle::text;
  if (text == "json") return LogStyle::json;
  if (text == "logfmt") return LogStyle::logfmt;
  return std::nullopt;
}

std::string render_event(LogStyle style, const sdk::LogEvent& event, Clock::time_point time, const SpanIds& span) {
  switch (style) {
    case LogStyle::json: return render_json(event, time, span);
    case LogStyle::logfmt: return render_logfmt(event, time);
    case LogStyle::text: break;
  }
  return render_text(event, time);
}

}  // namespace interstice::host
