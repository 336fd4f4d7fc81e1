// AnyValue <-> plain JSON, following the OTLP/JSON rules: 64-bit integers are decimal strings,
// keys are lowerCamelCase, unknown members are ignored.
#include "otlp_values.hpp"


#include <charconv>
#include <limits>
#include <stdexcept>
#include <string>

namespace json = boost::json;

namespace interstice::formats::otlp {

json::object any_value(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null: return {};
    case json::kind::bool_: return {{"boolValue", value.get_bool()}};
    case json::kind::int64: return {{"intValue", std::to_string(value.get_int64())}};
    case json::kind::uint64:
      if (value.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return {{"intValue", std::to_string(value.get_uint64())}};
      return {{"doubleValue", static_cast<double>(value.get_uint64())}};
    case json::kind::double_: return {{"doubleValue", value.get_double()}};
    case json::kind::string: return {{"stringValue", value.get_string()}};
    case json::kind::array: {
      json::array values;
      for (const auto& element : value.get_array()) values.push_back(any_value(element));
      return {{"arrayValue", json::object{{"values", std::move(values)}}}};
    }
    case json::kind::object: return {{"kvlistValue", json::object{{"values", key_values(value.get_object())}}}};
  }
  return {};
}

json::array key_values(const json::object& attributes) {
  json::array list;
  for (const auto& [key, value] : attributes) list.push_back(json::object{{"key", key}, {"value", any_value(value)}});
  return list;
}

namespace {

// The "values" of an arrayValue or kvlistValue; none when absent (an empty list).
const json::array* values_of(const json::value& holder, const char* what) {
  const json::object* object = holder.if_object();
  const json::value* values = object ? object->if_contains("values") : nullptr;
  if (!values) return nullptr;
  if (!values->is_array()) throw std::invalid_argument(std::string(what) + ".values must be an array");
  return &values->get_array();
}

}  // namespace

json::value plain_value(const json::value& any) {
  const json::object* object = any.if_object();
  if (!object) throw std::invalid_argument("an attribute value must be an object (an AnyValue)");
  if (const json::value* v = object->if_contains("stringValue")) {
    if (!v->is_string()) throw std::invalid_argument("stringValue must be a string");
    return *v;
  }
  if (const json::value* v = object->if_contains("boolValue")) {
    if (!v->is_bool()) throw std::invalid_argument("boolValue must be a boolean");
    return *v;
  }
  if (const json::value* v = object->if_contains("intValue")) {
    if (v->is_int64() || v->is_uint64()) return *v;
    std::int64_t number = 0;
    std::string_view text = v->is_string() ? std::string_view(v->get_string()) : std::string_view();
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
      throw std::invalid_argument("intValue must be a decimal integer (a string)");
    return number;
  }
  if (const json::value* v = object->if_contains("doubleValue")) {
    if (!v->is_number()) throw std::invalid_argument("doubleValue must be a number");
    return v->to_number<double>();
  }
  if (const json::value* v = object->if_contains("bytesValue")) {
    if (!v->is_string()) throw std::invalid_argument("bytesValue must be a string (base64)");
    return *v;
  }
  if (const json::value* v = object->if_contains("arrayValue")) {
    json::array values;
    if (const json::array* list = values_of(*v, "arrayValue"))
      for (const auto& element : *list) values.push_back(plain_value(element));
    return values;
  }
  if (const json::value* v = object->if_contains("kvlistValue")) {
    const json::array* list = values_of(*v, "kvlistValue");
    return list ? plain_attributes(*list) : json::object{};
  }
  return nullptr;
}

json::object plain_attributes(const json::array& list) {
  json::object attributes;
  for (const auto& entry : list) {
    const json::object* pair = entry.if_object();
    const json::value* key = pair ? pair->if_contains("key") : nullptr;
    if (!key || !key->is_string()) throw std::invalid_argument("an attribute needs a string \"key\"");
    const json::value* value = pair->if_contains("value");
    attributes[key->get_string()] = value ? plain_value(*value) : json::value(nullptr);
  }
  return attributes;
}

}  // namespace interstice::formats::otlp
