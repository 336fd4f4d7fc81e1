// Structured diagnostics for people and log collectors, on stderr, filtered by `--log-level`:
// events {level, message, context {module, reducer, table, operation}, typed fields}, built
// fluently and written when the statement ends:
//
//     log.info("Operation complete").module("payment_service").field("transaction_id", "tx-123");
//     log.warn("{} records skipped", n).table(name);
//
// The host stamps the time and renders them (`--logging-format text|json|logfmt`). Results go
// in the Report; the logger is for warnings, notes and debugging.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <fmt/core.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace interstice::sdk {

enum class LogLevel { trace, debug, info, warning, error, off };

/// What an event is about, in the runtime's terms; empty members are left out.
struct LogContext {
  std::string_view module_id, reducer_name, table_name, operation;
};

/// One typed field of an event: `{"records", std::uint64_t{12}}`, `{"codec", "framed"}`.
struct LogField {
  std::string_view key;
  std::variant<std::string_view, std::int64_t, std::uint64_t, double, bool> value;
};

/// One event as the logger receives it; every view is valid only during `Logger::write`.
struct LogEvent {
  LogLevel level = LogLevel::info;
  std::string_view message;
  LogContext context;
  std::span<const LogField> fields;
};

class LogRecord;

class BOOST_SYMBOL_VISIBLE Logger {
 public:
  virtual ~Logger() = default;
  virtual bool enabled(LogLevel level) const = 0;
  virtual void write(const LogEvent& event) = 0;

  /// An event at `level`, written when the statement ends; costs one check when disabled.
  LogRecord at(LogLevel level, std::string_view message);
  template <typename... Args>
  LogRecord at(LogLevel level, fmt::format_string<Args...> text, Args&&... args);
  LogRecord trace(std::string_view message);
  LogRecord debug(std::string_view message);
  LogRecord info(std::string_view message);
  LogRecord warn(std::string_view message);
  LogRecord error(std::string_view message);
  template <typename... Args> LogRecord trace(fmt::format_string<Args...> text, Args&&... args);
  template <typename... Args> LogRecord debug(fmt::format_string<Args...> text, Args&&... args);
  template <typename... Args> LogRecord info(fmt::format_string<Args...> text, Args&&... args);
  template <typename... Args> LogRecord warn(fmt::format_string<Args...> text, Args&&... args);
  template <typename... Args> LogRecord error(fmt::format_string<Args...> text, Args&&... args);
};

/// An event being built. Values are copied, so temporaries may be passed.
class LogRecord {
 public:
  LogRecord(Logger* logger, LogLevel level, std::string message)
      : logger_(logger), level_(level), message_(std::move(message)) {}
  LogRecord(const LogRecord&) = delete;
  LogRecord& operator=(const LogRecord&) = delete;
  ~LogRecord() { flush(); }

  LogRecord& module(std::string_view id) { return set(0, id); }
  LogRecord& reducer(std::string_view name) { return set(1, name); }
  LogRecord& table(std::string_view name) { return set(2, name); }
  LogRecord& operation(std::string_view name) { return set(3, name); }
  /// A typed field: text, any integer, a floating-point number or a bool.
  template <typename T>
  LogRecord& field(std::string_view key, const T& value);

 private:
  using Value = std::variant<std::string, std::int64_t, std::uint64_t, double, bool>;
  LogRecord& set(int which, std::string_view value) {
    if (logger_) context_[which] = value;
    return *this;
  }
  INTERSTICE_SDK_API void flush() noexcept;

  Logger* logger_;  // null when the level is disabled: every call is then a no-op
  LogLevel level_;
  std::string message_;
  std::string context_[4];
  std::vector<std::pair<std::string, Value>> fields_;
};

}  // namespace interstice::sdk

#include "interstice/sdk/detail/logger_inline.hpp"
