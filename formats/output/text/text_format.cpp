// The `text` output format: for people. Scalars as aligned "key  value" lines, arrays of records
// as tables, nested objects as indented sections, guided by the report's presentation hints so
// any command reads well without this plugin knowing it.
#include "text_layout.hpp"

#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/output_format.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace json = boost::json;
using interstice::sdk::Presentation;

namespace interstice::text_format {
namespace {

bool is_scalar(const json::value& v) { return !v.is_array() && !v.is_object(); }

bool is_flat_record(const json::value& v) {
  if (!v.is_object()) return false;
  return std::all_of(v.get_object().begin(), v.get_object().end(), [](const auto& m) { return is_scalar(m.value()); });
}

// Arrays of scalars read fine inline: "a, b, c".
bool is_inline(const json::value& v) {
  if (is_scalar(v)) return true;
  if (!v.is_array()) return false;
  return std::all_of(v.get_array().begin(), v.get_array().end(), [](const json::value& e) { return is_scalar(e); });
}

class Renderer {
 public:
  Renderer(const Presentation& hints, const Style& style) : hints_(hints), style_(style) {}

  std::string render(const json::value& data) {
    if (!hints_.title.empty()) out_ += style_.bold(hints_.title) + "\n\n";
    node(data, "", 0);
    if (!hints_.summary.empty()) {
      if (!out_.empty() && out_.back() != '\n') out_ += '\n';
      out_ += "\n" + hints_.summary + "\n";
    }
    return std::move(out_);
  }

 private:
  bool hidden(const std::string& pointer) const {
    return std::find(hints_.hidden.begin(), hints_.hidden.end(), pointer) != hints_.hidden.end();
  }
  const sdk::TableHint* table_hint(const std::string& pointer) const {
    for (const auto& hint : hints_.tables)
      if (hint.array == pointer) return &hint;
    return nullptr;
  }
  const sdk::LineHint* line_hint(const std::string& pointer) const {
    for (const auto& hint : hints_.lines)
      if (hint.array == pointer) return &hint;
    return nullptr;
  }

  void node(const json::value& value, const std::string& pointer, std::size_t indent) {
    if (value.is_object()) object(value.get_object(), pointer, indent);
    else if (value.is_array()) array(value.get_array(), pointer, indent);
    else out_ += std::string(indent, ' ') + scalar_text(value) + "\n";
  }

  void object(const json::object& object, const std::string& pointer, std::size_t indent) {
    std::size_t width = 0;
    for (const auto& m : object)
      if (is_inline(m.value()) && !hidden(child(pointer, m.key()))) width = std::max(width, display_width(m.key()));
    for (const auto& m : object) {
      std::string at = child(pointer, m.key());
      if (!is_inline(m.value()) || hidden(at)) continue;
      std::string key = std::string(m.key());
      out_ += std::string(indent, ' ') + style_.key(key) + std::string(width - display_width(key) + 2, ' ') +
              compact_text(m.value()) + "\n";
    }
    for (const auto& m : object) {
      std::string at = child(pointer, m.key());
      if (is_inline(m.value()) || hidden(at)) continue;
      std::string heading = std::string(m.key());
      if (m.value().is_array()) heading += fmt::format(" ({})", m.value().get_array().size());
      out_ += "\n" + std::string(indent, ' ') + style_.bold(heading) + "\n";
      node(m.value(), at, indent + 2);
    }
  }

  void array(const json::array& array, const std::string& pointer, std::size_t indent) {
    if (const auto* hint = line_hint(pointer)) {
      for (const auto& element : array) out_ += std::string(indent, ' ') + fill(hint->template_text, element) + "\n";
      return;
    }
    const auto* hint = table_hint(pointer);
    bool flat = std::all_of(array.begin(), array.end(), [](const json::value& e) { return is_flat_record(e); });
    if (array.empty()) {
      out_ += std::string(indent, ' ') + style_.dim("(none)") + "\n";
    } else if (hint || flat) {
      table(array, hint, indent);
    } else {
      for (std::size_t i = 0; i < array.size(); ++i) {
        if (i) out_ += "\n";
        node(array[i], child(pointer, std::to_string(i)), indent);
      }
    }
  }

  void table(const json::array& array, const sdk::TableHint* hint, std::size_t indent) {
    std::vector<std::string> headers;
    std::vector<std::string> pointers;
    if (hint) {
      for (const auto& column : hint->columns) {
        headers.push_back(column.header);
        pointers.push_back(column.pointer);
      }
    } else {
      for (const auto& element : array)
        for (const auto& m : element.get_object()) {
          std::string p = child("", m.key());
          if (std::find(pointers.begin(), pointers.end(), p) == pointers.end()) {
            pointers.push_back(p);
            std::string header = std::string(m.key());
            std::transform(header.begin(), header.end(), header.begin(), ::toupper);
            headers.push_back(header);
          }
        }
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& element : array) {
      std::vector<std::string> row;
      for (const auto& p : pointers) {
        boost::system::error_code ec;
        const json::value* cell = element.find_pointer(p, ec);
        row.push_back(cell ? compact_text(*cell) : "-");
      }
      rows.push_back(std::move(row));
    }
    out_ += draw_table(headers, rows, indent, style_);
  }

  // "{/file}: {/rule} {/message}" with each placeholder replaced by that member's text.
  static std::string fill(const std::string& text, const json::value& element) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '{') {
        auto close = text.find('}', i);
        if (close != std::string::npos) {
          boost::system::error_code ec;
          const json::value* v = element.find_pointer(text.substr(i + 1, close - i - 1), ec);
          out += v ? compact_text(*v) : "";
          i = close;
          continue;
        }
      }
      out += text[i];
    }
    return out;
  }

  static std::string child(const std::string& pointer, std::string_view key) {
    return sdk::json_pointer_append(pointer, key);
  }


  const Presentation& hints_;
  const Style& style_;
  std::string out_;
};

class TextFormat final : public sdk::OutputFormat {
 public:
  void render(const sdk::Report& report, std::ostream& out, const sdk::RenderOptions& options) const override {
    Style style{options.color};
    out << Renderer(report.presentation, style).render(report.data);
  }
};

}  // namespace
}  // namespace interstice::text_format

INTERSTICE_PLUGIN(interstice::text_format::TextFormat, "text", INTERSTICE_PLUGIN_VERSION,
                  "Aligned, readable text for people: key/value lines and tables, colour on a terminal")
