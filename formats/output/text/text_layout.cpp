// Cell text and table drawing for the text format.
#include "text_layout.hpp"

#include "interstice/sdk/json_text.hpp"

#include <fmt/format.h>

namespace json = boost::json;

namespace interstice::text_format {

namespace {

std::string escape_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (byte < 0x20 || byte == 0x7f) out += fmt::format("\\x{:02x}", byte);
    else out += c;
  }
  return out;
}

}  // namespace

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
