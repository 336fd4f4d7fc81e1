// LogRecord::flush: hands the built event to the logger as views into the record's own copies.
#include "interstice/sdk/logger.hpp"

#include <array>
#include <type_traits>

namespace interstice::sdk {

void LogRecord::flush() noexcept {
  if (!logger_) return;
  Logger* logger = logger_;
  logger_ = nullptr;
  try {
    std::array<LogField, 16> small;
    std::vector<LogField> large;
    std::span<LogField> fields = fields_.size() <= small.size() ? std::span<LogField>(small.data(), fields_.size())
                                                                : std::span<LogField>(large = std::vector<LogField>(fields_.size()));
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      fields[i].key = fields_[i].first;
      std::visit(
          [&](const auto& value) {
            if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>)
              fields[i].value = std::string_view(value);
            else
              fields[i].value = value;
          },
          fields_[i].second);
    }
    LogEvent event;
    event.level = level_;
    event.message = message_;
    event.context = {context_[0], context_[1], context_[2], context_[3]};
    event.fields = fields;
    logger->write(event);
  } catch (...) {
    // A diagnostic that cannot be written must not turn into a second failure (this runs in a
    // destructor, possibly while an exception unwinds).
  }
}

}  // namespace interstice::sdk
