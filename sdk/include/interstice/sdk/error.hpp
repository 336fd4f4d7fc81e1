// The one error type that crosses the plugin boundary: what went wrong, where (file plus byte
// offset, record index, JSON pointer or line:column), and whether the input was unusable (exit
// 2) or a check found problems (exit 1). The host prints `what()` as one line.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace interstice::sdk {

enum class ErrorKind {
  usage,         ///< the command line is wrong (unknown option, missing argument): exit 2
  input,         ///< an input file is missing, unreadable or malformed: exit 2
  check_failed,  ///< the input was read fine and a check found problems: exit 1
  internal,      ///< a bug or an unexpected failure inside a plugin: exit 2
};

/// Where in an input a problem is. Every field is optional; set the ones you know.
struct Location {
  std::string file;
  std::optional<std::uint64_t> byte_offset;
  std::optional<std::uint64_t> record_index;
  std::optional<std::string> json_pointer;  ///< RFC 6901, "" is the whole document
  std::optional<std::uint64_t> line;        ///< 1-based
  std::optional<std::uint64_t> column;      ///< 1-based

  INTERSTICE_SDK_API static Location in_file(std::string file);
  INTERSTICE_SDK_API static Location at_byte(std::string file, std::uint64_t offset);
  INTERSTICE_SDK_API static Location at_record(std::string file, std::uint64_t index, std::uint64_t offset);
  INTERSTICE_SDK_API static Location at_pointer(std::string file, std::string pointer);
  INTERSTICE_SDK_API static Location at_line(std::string file, std::uint64_t line, std::uint64_t column);

  /// "file:3:14", "file: record 7 at byte 912", "file: at /tables/0/name", or "" when empty.
  INTERSTICE_SDK_API std::string describe() const;
};

class BOOST_SYMBOL_VISIBLE Error : public std::runtime_error {
 public:
  INTERSTICE_SDK_API Error(ErrorKind kind, std::string message, Location location = {});
  INTERSTICE_SDK_API ~Error() override;

  INTERSTICE_SDK_API static Error usage(std::string message);
  INTERSTICE_SDK_API static Error input(std::string message, Location location = {});
  INTERSTICE_SDK_API static Error internal(std::string message);

  ErrorKind kind() const noexcept { return kind_; }
  const Location& location() const noexcept { return location_; }
  const std::string& message() const noexcept { return message_; }  ///< without the location
  INTERSTICE_SDK_API int exit_code() const noexcept;                ///< 1: check_failed, else 2

 private:
  ErrorKind kind_;
  std::string message_;
  Location location_;
};

}  // namespace interstice::sdk
