// Cell text and table drawing for the text format.
#include "text_layout.hpp"

#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/util/terminal_text.hpp"
#include "interstice/sdk/value_json.hpp"

#include <boost/json/parse.hpp>
#include <fmt/format.h>

namespace json = boost::json;

namespace interstice::text_format {

using sdk::escape_controls;

std::string scalar_text(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null: return "-";
    case json::kind::bool_: return value.get_bool() ? "true" : "false";
    case json::kind::int64: return std::to_string(value.get_int64());
    case json::kind::uint64: return std::to_string(value.get_uint64());
    case json::kind::double_: return sdk::format_double(value.get_double());
    case json::kind::string: return escape_controls(value.get_string());
    default: return compact_text(value);
  }
}

std::string compact_text(const json::value& value) {
  if (value.is_array()) {
    const auto& array = value.get_array();
    if (array.empty()) return "-";
    std::string out;
    for (const auto& element : array) {
      if (!out.empty()) out += ", ";
      out += compact_text(element);
    }
    return out;
  }
  if (value.is_object()) {
    const auto& object = value.get_object();
    if (object.empty()) return "-";
    if (object.size() == 2) {
      auto first = object.begin();
      auto second = std::next(first);
      return compact_text(first->value()) + ": " + compact_text(second->value());
    }
    std::string out;
    for (const auto& member : object) {
      if (!out.empty()) out += ' ';
      out += escape_controls(member.key()) + "=" + compact_text(member.value());
    }
    return out;
  }
  return scalar_text(value);
}

namespace {

void append_json(std::string& out, const json::value& value) {
  switch (value.kind()) {
    case json::kind::null: out += "null"; break;
    case json::kind::bool_: out += value.get_bool() ? "true" : "false"; break;
    case json::kind::int64: sdk::append_integer(out, static_cast<std::int64_t>(value.get_int64())); break;
    case json::kind::uint64: sdk::append_integer(out, static_cast<std::uint64_t>(value.get_uint64())); break;
    case json::kind::double_: sdk::append_f64_json(out, value.get_double()); break;
    case json::kind::string: sdk::append_json_string(out, value.get_string()); break;
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& element : value.get_array()) {
        if (!first) out += ',';
        first = false;
        append_json(out, element);
      }
      out += ']';
      break;
    }
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& member : value.get_object()) {
        if (!first) out += ',';
        first = false;
        sdk::append_json_string(out, member.key());
        out += ':';
        append_json(out, member.value());
      }
      out += '}';
      break;
    }
  }
}

std::size_t skip_space(std::string_view s, std::size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  return i;
}

std::size_t skip_string(std::string_view s, std::size_t i) {  // at the opening quote
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') ++i;
    else if (s[i] == '"') return i + 1;
  }
  return s.size();
}

std::size_t skip_value(std::string_view s, std::size_t i) {
  if (i >= s.size()) return i;
  if (s[i] == '"') return skip_string(s, i);
  if (s[i] != '{' && s[i] != '[') {
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\n') ++i;
    return i;
  }
  int depth = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '"') {
      i = skip_string(s, i);
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if ((c == '}' || c == ']') && --depth == 0) return i + 1;
    ++i;
  }
  return i;
}

/// The member `token` of the object, or element `token` of the array, `value` holds.
std::optional<std::string_view> child_text(std::string_view value, const std::string& token) {
  bool object = !value.empty() && value[0] == '{';
  if (value.empty() || (!object && value[0] != '[')) return std::nullopt;
  std::string key;
  if (object) sdk::append_json_string(key, token);
  std::size_t index = 0;
  for (std::size_t i = skip_space(value, 1); i < value.size() && value[i] != '}' && value[i] != ']';) {
    bool match = false;
    if (object) {
      std::size_t end = skip_string(value, i);
      match = value.substr(i, end - i) == key;
      i = skip_space(value, end);
      if (i >= value.size() || value[i] != ':') return std::nullopt;
      i = skip_space(value, i + 1);
    } else {
      match = std::to_string(index++) == token;
    }
    std::size_t end = skip_value(value, i);
    if (match) return value.substr(i, end - i);
    i = skip_space(value, end);
    if (i < value.size() && value[i] == ',') i = skip_space(value, i + 1);
  }
  return std::nullopt;
}

}  // namespace

std::string json_text(const json::value& value) {
  std::string out;
  append_json(out, value);
  return out;
}

std::optional<std::string_view> json_text_at(std::string_view text, std::string_view pointer) {
  std::string_view at = text.substr(skip_space(text, 0));
  at = at.substr(0, skip_value(at, 0));
  while (!pointer.empty()) {
    if (pointer[0] != '/') return std::nullopt;
    pointer.remove_prefix(1);
    auto end = std::min(pointer.find('/'), pointer.size());
    std::string token;
    for (std::size_t i = 0; i < end; ++i) {  // RFC 6901: ~1 is '/', ~0 is '~'
      if (pointer[i] == '~' && i + 1 < end) token += pointer[++i] == '1' ? '/' : '~';
      else token += pointer[i];
    }
    pointer.remove_prefix(end);
    auto child = child_text(at, token);
    if (!child) return std::nullopt;
    at = *child;
  }
  return at;
}

std::vector<std::pair<std::string_view, std::string_view>> json_members(std::string_view text) {
  std::vector<std::pair<std::string_view, std::string_view>> members;
  std::size_t i = skip_space(text, 0);
  if (i >= text.size() || text[i] != '{') return members;
  for (i = skip_space(text, i + 1); i < text.size() && text[i] == '"';) {
    std::size_t key_end = skip_string(text, i);
    std::string_view key = text.substr(i, key_end - i);
    i = skip_space(text, key_end);
    if (i >= text.size() || text[i] != ':') break;
    i = skip_space(text, i + 1);
    std::size_t end = skip_value(text, i);
    members.emplace_back(key, text.substr(i, end - i));
    i = skip_space(text, end);
    if (i < text.size() && text[i] == ',') i = skip_space(text, i + 1);
  }
  return members;
}

std::string scalar_text_of(std::string_view text) {
  if (text.size() >= 2 && text.front() == '"' && text.find('\\') == std::string_view::npos)
    return escape_controls(text.substr(1, text.size() - 2));
  bool integer = !text.empty() && text.find_first_not_of("-0123456789") == std::string_view::npos;
  if (integer || text == "true" || text == "false") return std::string(text);
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  return ec ? std::string(text) : compact_text(value);
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
  return width;
}

std::string Style::bold(std::string_view text) const {
  return color ? fmt::format("\033[1m{}\033[0m", text) : std::string(text);
}
std::string Style::dim(std::string_view text) const {
  return color ? fmt::format("\033[2m{}\033[0m", text) : std::string(text);
}
std::string Style::key(std::string_view text) const {
  return color ? fmt::format("\033[36m{}\033[0m", text) : std::string(text);
}
std::string Style::severity(std::string_view text) const {
  if (!color) return std::string(text);
  if (text == "error") return fmt::format("\033[1;31m{}\033[0m", text);
  if (text == "warning") return fmt::format("\033[33m{}\033[0m", text);
  return std::string(text);
}

std::string draw_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows,
                       std::size_t indent, const Style& style) {
  std::vector<std::size_t> widths(headers.size());
  for (std::size_t c = 0; c < headers.size(); ++c) widths[c] = display_width(headers[c]);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], display_width(row[c]));

  auto line = [&](const std::vector<std::string>& cells, bool header) {
    std::string out(indent, ' ');
    for (std::size_t c = 0; c < cells.size(); ++c) {
      bool last = c + 1 == cells.size();
      std::string padded = cells[c];
      if (!last) padded += std::string(widths[c] - display_width(cells[c]) + 2, ' ');
      out += header ? style.bold(padded) : padded;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(headers, true);
  for (const auto& row : rows) out += line(row, false);
  return out;
}

}  // namespace interstice::text_format
