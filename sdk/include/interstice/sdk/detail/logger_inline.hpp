// The inline definitions of Logger's event builders and LogRecord::field (logger.hpp).
#pragma once

#include "interstice/sdk/logger.hpp"

#include <concepts>
#include <type_traits>

namespace interstice::sdk {

inline LogRecord Logger::at(LogLevel level, std::string_view message) {
  return enabled(level) ? LogRecord(this, level, std::string(message)) : LogRecord(nullptr, level, {});
}

template <typename... Args>
LogRecord Logger::at(LogLevel level, fmt::format_string<Args...> text, Args&&... args) {
  if (!enabled(level)) return LogRecord(nullptr, level, {});
  return LogRecord(this, level, fmt::format(text, std::forward<Args>(args)...));
}

#define INTERSTICE_SDK_LOG_LEVEL_(name, level)                                               \
  inline LogRecord Logger::name(std::string_view message) { return at(LogLevel::level, message); } \
  template <typename... Args>                                                               \
  LogRecord Logger::name(fmt::format_string<Args...> text, Args&&... args) {                \
    return at(LogLevel::level, text, std::forward<Args>(args)...);                          \
  }
INTERSTICE_SDK_LOG_LEVEL_(trace, trace)
INTERSTICE_SDK_LOG_LEVEL_(debug, debug)
INTERSTICE_SDK_LOG_LEVEL_(info, info)
INTERSTICE_SDK_LOG_LEVEL_(warn, warning)
INTERSTICE_SDK_LOG_LEVEL_(error, error)
#undef INTERSTICE_SDK_LOG_LEVEL_

template <typename T>
LogRecord& LogRecord::field(std::string_view key, const T& value) {
  if (!logger_) return *this;
  if constexpr (std::is_same_v<T, bool>) {
    fields_.emplace_back(std::string(key), Value(value));
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    fields_.emplace_back(std::string(key), Value(static_cast<std::int64_t>(value)));
  } else if constexpr (std::is_integral_v<T>) {
    fields_.emplace_back(std::string(key), Value(static_cast<std::uint64_t>(value)));
  } else if constexpr (std::is_floating_point_v<T>) {
    fields_.emplace_back(std::string(key), Value(static_cast<double>(value)));
  } else {
    static_assert(std::is_convertible_v<const T&, std::string_view>, "a log field is text, a number or a bool");
    fields_.emplace_back(std::string(key), Value(std::string(std::string_view(value))));
  }
  return *this;
}

}  // namespace interstice::sdk
