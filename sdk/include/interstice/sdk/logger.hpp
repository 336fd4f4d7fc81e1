// Diagnostics a plugin writes for people, on stderr, filtered by `--log-level`: a level, a
// message and typed key/value fields, which the host renders (today "message key=value ...").
//
// Results go in the Report; the logger is for warnings ("two codecs fit, picked g1"), progress
// notes and debugging. The host owns the implementation.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <fmt/core.h>

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <utility>
#include <variant>

namespace interstice::sdk {

enum class LogLevel { trace, debug, info, warning, error, off };

/// One typed field of a log event: `{"records", std::uint64_t{12}}`, `{"codec", "framed"}`.
struct LogField {
  std::string_view key;
  std::variant<std::string_view, std::int64_t, std::uint64_t, double, bool> value;
};

class BOOST_SYMBOL_VISIBLE Logger {
 public:
  virtual ~Logger() = default;
  virtual bool enabled(LogLevel level) const = 0;
  /// One event. Keys and text are only valid during the call.
  virtual void write(LogLevel level, std::string_view message, std::span<const LogField> fields) = 0;

  void write(LogLevel level, std::string_view message) { write(level, message, {}); }
  /// An event with fields: `log.event(LogLevel::info, "export done", {{"records", n}, {"to", id}})`.
  void event(LogLevel level, std::string_view message, std::initializer_list<LogField> fields) {
    if (enabled(level)) write(level, message, std::span<const LogField>(fields.begin(), fields.size()));
  }

  template <typename... Args>
  void log(LogLevel level, fmt::format_string<Args...> text, Args&&... args) {
    if (enabled(level)) write(level, fmt::format(text, std::forward<Args>(args)...));
  }
  template <typename... Args>
  void warn(fmt::format_string<Args...> text, Args&&... args) {
    log(LogLevel::warning, text, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void info(fmt::format_string<Args...> text, Args&&... args) {
    log(LogLevel::info, text, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void debug(fmt::format_string<Args...> text, Args&&... args) {
    log(LogLevel::debug, text, std::forward<Args>(args)...);
  }
};

}  // namespace interstice::sdk
