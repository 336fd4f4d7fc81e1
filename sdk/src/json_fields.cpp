// JsonFields: typed members of a JSON object with errors at their JSON pointer.
#include "interstice/sdk/util/json_fields.hpp"

#include "interstice/sdk/json_text.hpp"

#include <boost/json/object.hpp>
#include <fmt/format.h>

#include <charconv>
#include <limits>

namespace json = boost::json;

namespace interstice::sdk {

std::string_view json_kind_name(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a boolean";
    case json::kind::int64:
    case json::kind::uint64: return "an integer";
    case json::kind::double_: return "a number";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    case json::kind::object: return "an object";
  }
  return "a value";
}

namespace {

const json::object& as_object(const json::value& value, const std::string& pointer, const JsonLocator& locate) {
  if (!value.is_object())
    throw Error::input(fmt::format("expected an object, found {}", json_kind_name(value)), locate(pointer));
  return value.get_object();
}

std::optional<std::int64_t> integer_of(const json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64() && value.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return static_cast<std::int64_t>(value.get_uint64());
  return std::nullopt;
}

}  // namespace

JsonFields::JsonFields(const json::value& value, std::string pointer, const JsonLocator& locate)
    : object_(as_object(value, pointer, locate)), pointer_(std::move(pointer)), locate_(locate) {}

std::string JsonFields::pointer(std::string_view key) const { return json_pointer_append(pointer_, key); }

void JsonFields::fail(std::string_view key, std::string message) const {
  throw Error::input(std::move(message), locate_(key.empty() ? pointer_ : pointer(key)));
}

const json::value* JsonFields::find(std::string_view key) const {
  const json::value* value = object_.if_contains(key);
  return value && !value->is_null() ? value : nullptr;
}

const json::value& JsonFields::at(std::string_view key) const {
  if (const json::value* value = find(key)) return *value;
  throw Error::input(fmt::format("missing member \"{}\"", key), locate_(pointer_));
}

std::string JsonFields::string(std::string_view key) const {
  const json::value& value = at(key);
  if (!value.is_string()) fail(key, fmt::format("expected a string, found {}", json_kind_name(value)));
  return std::string(value.get_string());
}

std::int64_t JsonFields::integer(std::string_view key) const {
  const json::value& value = at(key);
  if (auto number = integer_of(value)) return *number;
  if (value.is_uint64()) fail(key, "the integer is too large (at most 2^63 - 1)");
  fail(key, fmt::format("expected an integer, found {}", json_kind_name(value)));
}

std::optional<std::string> JsonFields::optional_string(std::string_view key) const {
  if (!find(key)) return std::nullopt;
  return string(key);
}

std::optional<std::int64_t> JsonFields::optional_integer(std::string_view key) const {
  if (!find(key)) return std::nullopt;
  return integer(key);
}

std::optional<std::int64_t> JsonFields::optional_integer_or_string(std::string_view key) const {
  const json::value* value = find(key);
  if (!value || !value->is_string()) return optional_integer(key);
  std::string_view text = value->get_string();
  std::int64_t number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size() || text.empty())
    fail(key, fmt::format("\"{}\" is not a decimal integer", text));
  return number;
}

std::optional<double> JsonFields::optional_number(std::string_view key) const {
  const json::value* value = find(key);
  if (!value) return std::nullopt;
  if (value->is_double()) return value->get_double();
  if (value->is_int64()) return static_cast<double>(value->get_int64());
  if (value->is_uint64()) return static_cast<double>(value->get_uint64());
  fail(key, fmt::format("expected a number, found {}", json_kind_name(*value)));
}

const json::object* JsonFields::optional_object(std::string_view key) const {
  const json::value* value = find(key);
  if (!value) return nullptr;
  if (!value->is_object()) fail(key, fmt::format("expected an object, found {}", json_kind_name(*value)));
  return &value->get_object();
}

const json::array* JsonFields::optional_array(std::string_view key) const {
  const json::value* value = find(key);
  if (!value) return nullptr;
  if (!value->is_array()) fail(key, fmt::format("expected an array, found {}", json_kind_name(*value)));
  return &value->get_array();
}

}  // namespace interstice::sdk
