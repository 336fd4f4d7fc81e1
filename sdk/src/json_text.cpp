// JSON text: a pretty printer (Boost.JSON 1.81 only writes compact text, and prints 1.5 as
// "1.5E0"), shortest round-trip floats via fmt, and RFC 6901 pointer building.
#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/value_json.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace interstice::sdk {

std::string format_double(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::string text = fmt::format("{}", value);  // shortest round-trip (Dragonbox)
  if (text.find('.') != std::string::npos) return text;
  auto exponent = text.find('e');
  if (exponent == std::string::npos) return text + ".0";
  return text.insert(exponent, ".0");
}

void write_json_string(std::ostream& out, std::string_view text) {
  std::string buffer;
  append_json_string(buffer, text);  // the one escaper (value_json.hpp)
  out << buffer;
}

namespace {

void newline(std::ostream& out, int indent, int depth) {
  if (indent <= 0) return;
  out << '\n';
  for (int i = 0; i < indent * depth; ++i) out << ' ';
}

void write_value(std::ostream& out, const boost::json::value& value, int indent, int depth) {
  switch (value.kind()) {
    case boost::json::kind::null: out << "null"; break;
    case boost::json::kind::bool_: out << (value.get_bool() ? "true" : "false"); break;
    case boost::json::kind::int64: out << value.get_int64(); break;
    case boost::json::kind::uint64: out << value.get_uint64(); break;
    case boost::json::kind::double_: {
      double d = value.get_double();
      out << (std::isfinite(d) ? format_double(d) : "null");
      break;
    }
    case boost::json::kind::string: write_json_string(out, value.get_string()); break;
    case boost::json::kind::array: {
      const auto& array = value.get_array();
      if (array.empty()) {
        out << "[]";
        break;
      }
      out << '[';
      bool first = true;
      for (const auto& element : array) {
        if (!first) out << ',';
        first = false;
        newline(out, indent, depth + 1);
        write_value(out, element, indent, depth + 1);
      }
      newline(out, indent, depth);
      out << ']';
      break;
    }
    case boost::json::kind::object: {
      const auto& object = value.get_object();
      if (object.empty()) {
        out << "{}";
        break;
      }
      out << '{';
      bool first = true;
      for (const auto& member : object) {
        if (!first) out << ',';
        first = false;
        newline(out, indent, depth + 1);
        write_json_string(out, member.key());
        out << (indent > 0 ? ": " : ":");
        write_value(out, member.value(), indent, depth + 1);
      }
      newline(out, indent, depth);
      out << '}';
      break;
    }
  }
}

}  // namespace

void write_json(std::ostream& out, const boost::json::value& value, int indent) {
  write_value(out, value, indent, 0);
}

std::string json_pointer_append(std::string_view base, std::string_view token) {
  std::string pointer(base);
  pointer += '/';
  for (char c : token) {
    if (c == '~') pointer += "~0";
    else if (c == '/') pointer += "~1";
    else pointer += c;
  }
  return pointer;
}

std::string json_pointer_append(std::string_view base, std::size_t index) {
  return std::string(base) + "/" + std::to_string(index);
}

}  // namespace interstice::sdk
