// Error and Location: the one-line messages the host prints for every failure.
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/plugin.hpp"

#include <fmt/format.h>

#include <vector>

namespace interstice::sdk {

// Defined here so the vtable and type_info live in the SDK library, never in a plugin that might
// be unloaded while an exception is still in flight.
Plugin::~Plugin() = default;

std::string Location::describe() const {
  if (line) {
    std::string text = file.empty() ? fmt::format("line {}", *line) : fmt::format("{}:{}", file, *line);
    if (column) text += fmt::format(":{}", *column);
    return text;
  }
  std::vector<std::string> parts;
  if (record_index) parts.push_back(fmt::format("record {}", *record_index));
  if (byte_offset) parts.push_back(fmt::format("at byte {}", *byte_offset));
  if (json_pointer) parts.push_back(json_pointer->empty() ? "at the document root" : "at " + *json_pointer);
  std::string where = fmt::format("{}", fmt::join(parts, ", "));
  if (file.empty()) return where;
  return where.empty() ? file : file + ": " + where;
}

static std::string compose(const std::string& message, const Location& location) {
  std::string where = location.describe();
  return where.empty() ? message : where + ": " + message;
}

Error::Error(ErrorKind kind, std::string message, Location location)
    : std::runtime_error(compose(message, location)),
      kind_(kind),
      message_(std::move(message)),
      location_(std::move(location)) {}

Error::~Error() = default;

int Error::exit_code() const noexcept { return kind_ == ErrorKind::check_failed ? 1 : 2; }

}  // namespace interstice::sdk
