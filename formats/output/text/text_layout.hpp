// Building blocks of the people-facing text format: safe cell text, display width, and tables.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace interstice::text_format {

/// A scalar as people read it; control characters are escaped so data can never move the cursor
/// or inject terminal escape sequences.
std::string scalar_text(const boost::json::value& value);

/// A nested value squeezed into one table cell: arrays joined by ", ", two-member objects as
/// "first: second", other objects as "key=value" pairs.
std::string compact_text(const boost::json::value& value);

/// Columns on screen (UTF-8 code points; good enough for the names and types we print).
std::size_t display_width(std::string_view text);

struct Style {
  bool color = false;
  std::string bold(std::string_view text) const;
  std::string dim(std::string_view text) const;
  std::string key(std::string_view text) const;
};

/// Draws `rows` under `headers`, columns padded to the widest cell, `indent` spaces in.
std::string draw_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows,
                       std::size_t indent, const Style& style);

}  // namespace interstice::text_format
