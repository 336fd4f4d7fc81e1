// Building blocks of the people-facing text format: safe cell text, display width, and tables.
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace interstice::text_format {

/// A scalar as people read it; control characters are escaped so data can never move the cursor
/// or inject terminal escape sequences.
std::string scalar_text(const boost::json::value& value);

/// A nested value squeezed into one table cell: arrays joined by ", ", two-member objects as
/// "first: second", other objects as "key=value" pairs.
std::string compact_text(const boost::json::value& value);

/// A value as compact JSON text, numbers spelt as the codecs and serde spell them (`1e20`, `0.1`).
std::string json_text(const boost::json::value& value);

/// The text of the value at `pointer` inside the JSON text `json`, as written there; nullopt when
/// there is none. Lets an item given as text (a log record straight from its codec) show a member
/// byte for byte: Boost.JSON 1.81 can parse a double one ulp off, so re-printing could differ.
std::optional<std::string_view> json_text_at(std::string_view json, std::string_view pointer);

/// The members of the JSON object text `json` as (key as written, quotes included; value as
/// written) pairs, in order; empty when it is not an object. For looking up many members of one
/// object with one pass over it.
std::vector<std::pair<std::string_view, std::string_view>> json_members(std::string_view json);

/// What compact_text gives for the scalar written as `json` (a member found by json_text_at),
/// without parsing it when it needs no unescaping.
std::string scalar_text_of(std::string_view json);

/// Columns on screen (UTF-8 code points; good enough for the names and types we print).
std::size_t display_width(std::string_view text);

struct Style {
  bool color = false;
  std::string bold(std::string_view text) const;
  std::string dim(std::string_view text) const;
  std::string key(std::string_view text) const;
  /// A finding's severity coloured by meaning: error red, warning yellow (`{/severity|severity}`).
  std::string severity(std::string_view text) const;
};

/// Draws `rows` under `headers`, columns padded to the widest cell, `indent` spaces in.
std::string draw_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows,
                       std::size_t indent, const Style& style);

}  // namespace interstice::text_format
