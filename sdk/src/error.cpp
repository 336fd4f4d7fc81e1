// Error and Location: the one-line messages the host prints for every failure.
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/plugin.hpp"

#include <fmt/format.h>

#include <vector>

namespace interstice::sdk {

// Defined here so the vtable and type_info live in the SDK library, never in a plugin that might
// be unloaded while an exception is still in flight.
Plugin::~Plugin() = default;

Location Location::in_file(std::string file) {
  Location l;
  l.file = std::move(file);
  return l;
}

Location Location::at_byte(std::string file, std::uint64_t offset) {
  Location l = in_file(std::move(file));
  l.byte_offset = offset;
  return l;
}

Location Location::at_record(std::string file, std::uint64_t index, std::uint64_t offset) {
  Location l = at_byte(std::move(file), offset);
  l.record_index = index;
  return l;
}

Location Location::at_pointer(std::string file, std::string pointer) {
  Location l = in_file(std::move(file));
  l.json_pointer = std::move(pointer);
  return l;
}

Location Location::at_line(std::string file, std::uint64_t line, std::uint64_t column) {
  Location l = in_file(std::move(file));
  l.line = line;
  l.column = column;
  return l;
}

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

Error Error::usage(std::string message) { return Error(ErrorKind::usage, std::move(message)); }
Error Error::input(std::string message, Location location) {
  return Error(ErrorKind::input, std::move(message), std::move(location));
}
Error Error::internal(std::string message) { return Error(ErrorKind::internal, std::move(message)); }

int Error::exit_code() const noexcept { return kind_ == ErrorKind::check_failed ? 1 : 2; }

}  // namespace interstice::sdk
