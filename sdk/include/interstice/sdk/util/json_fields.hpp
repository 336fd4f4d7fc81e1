// Typed access to the members of one JSON object read from a file, for readers of JSON formats
// (traces in native, Chrome and OTLP form): a wrong type, a missing member or an out-of-range
// number is an `Error` (input) naming the file and the JSON pointer of the member at fault, with
// one wording everywhere ("expected a string, found an integer").
#pragma once

#include "interstice/sdk/error.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace interstice::sdk {

/// Where a pointer of the document being read is (e.g. JsonStream::location).
using JsonLocator = std::function<Location(std::string pointer)>;

/// "an integer", "a string", "an object", ... for messages.
INTERSTICE_SDK_API std::string_view json_kind_name(const boost::json::value& value);

class INTERSTICE_SDK_API JsonFields {
 public:
  /// `value` must be an object (else an Error at `pointer`); both must outlive this reader.
  JsonFields(const boost::json::value& value, std::string pointer, const JsonLocator& locate);

  const boost::json::object& object() const { return object_; }
  const std::string& pointer() const { return pointer_; }
  /// The member's pointer, e.g. "/spans/3" + "name".
  std::string pointer(std::string_view key) const;
  [[noreturn]] void fail(std::string_view key, std::string message) const;

  /// The member, or nullptr when it is absent or null.
  const boost::json::value* find(std::string_view key) const;
  /// Required members (missing or null: an Error).
  const boost::json::value& at(std::string_view key) const;
  std::string string(std::string_view key) const;
  std::int64_t integer(std::string_view key) const;
  /// Optional members: nullopt when absent or null.
  std::optional<std::string> optional_string(std::string_view key) const;
  std::optional<std::int64_t> optional_integer(std::string_view key) const;
  /// An integer given as a JSON number or as a decimal string (OTLP's 64-bit numbers).
  std::optional<std::int64_t> optional_integer_or_string(std::string_view key) const;
  std::optional<double> optional_number(std::string_view key) const;
  const boost::json::object* optional_object(std::string_view key) const;
  const boost::json::array* optional_array(std::string_view key) const;

 private:
  const boost::json::object& object_;
  std::string pointer_;
  const JsonLocator& locate_;
};

}  // namespace interstice::sdk
