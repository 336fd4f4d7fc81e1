// Diagnostics a plugin writes for people, on stderr, filtered by `--log-level`.
//
// Results go in the Report; the logger is for warnings ("two codecs fit, picked g1"), progress
// notes and debugging. The host owns the implementation.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <fmt/core.h>

#include <string_view>
#include <utility>

namespace interstice::sdk {

enum class LogLevel { trace, debug, info, warning, error, off };

class BOOST_SYMBOL_VISIBLE Logger {
 public:
  virtual ~Logger() = default;
  virtual bool enabled(LogLevel level) const = 0;
  virtual void write(LogLevel level, std::string_view message) = 0;

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
