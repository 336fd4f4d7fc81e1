// The `text` output format: for people. Scalars as aligned "key  value" lines, arrays of records
// as tables, nested objects as indented sections, guided by the report's presentation hints so
// any command reads well without this plugin knowing it. A streamed result shown as a listing
// (Presentation::listing) is written one line per item as it comes; others are laid out whole.
#include "item_texts.hpp"
#include "shown_units.hpp"
#include "text_layout.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/output_format.hpp"
#include "interstice/sdk/util/terminal_text.hpp"
#include "interstice/sdk/value_json.hpp"

#include <fmt/format.h>

#include <boost/json/parse.hpp>

#include <algorithm>

namespace json = boost::json;
using interstice::sdk::Presentation;

namespace interstice::text_format {
namespace {

// A summary may be several lines: its line breaks stay, every other control byte is escaped.
std::string escape_lines(std::string_view text) {
  std::string out;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find('\n', start);
    out += sdk::escape_controls(text.substr(start, end - start));
    if (end == std::string_view::npos) return out;
    out += '\n';
    start = end + 1;
  }
}

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

/// What a template needs beyond the element: how to show units and severities.
struct Shown {
  const Style& style;
  bool local_time = false;
};

class Renderer {
 public:
  Renderer(const Presentation& hints, const Style& style, bool local_time)
      : hints_(hints), style_(style), local_time_(local_time) {}

  /// The array at `pointer` is left empty in the data and its items are `texts` (a table; see
  /// TextWriter::end); they are laid out from there and dropped once their rows are made.
  void defer_items(std::string pointer, ItemTexts& texts) {
    deferred_pointer_ = std::move(pointer);
    deferred_ = &texts;
  }

  std::string render(const json::value& data) {
    if (hints_.listing) return listing(data);
    if (!hints_.title.empty()) out_ += style_.bold(sdk::escape_controls(hints_.title)) + "\n\n";
    node(data, "", 0);
    if (!hints_.summary.empty()) {
      if (!out_.empty() && out_.back() != '\n') out_ += '\n';
      out_ += "\n" + escape_lines(hints_.summary) + "\n";
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
  const sdk::FieldHint* field_hint(const std::string& pointer) const {
    for (const auto& hint : hints_.fields)
      if (hint.pointer == pointer) return &hint;
    return nullptr;
  }
  // A field's label and text in the key/value listing: the hint's words and unit, if any.
  std::string label_of(const std::string& pointer, std::string_view key) const {
    const auto* hint = field_hint(pointer);
    return hint && !hint->label.empty() ? hint->label : std::string(key);
  }
  std::string text_of(const std::string& pointer, const json::value& value) const {
    if (const auto* hint = field_hint(pointer))
      if (auto shown = shown_in_unit(value, hint->unit, local_time_)) return *shown;
    return compact_text(value);
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

  bool deferred(const std::string& at) const { return deferred_ && at == deferred_pointer_; }

  void object(const json::object& object, const std::string& pointer, std::size_t indent) {
    std::size_t width = 0;
    for (const auto& m : object) {
      std::string at = child(pointer, m.key());
      if (is_inline(m.value()) && !deferred(at) && !hidden(at)) width = std::max(width, display_width(label_of(at, m.key())));
    }
    for (const auto& m : object) {
      std::string at = child(pointer, m.key());
      if (!is_inline(m.value()) || hidden(at) || deferred(at)) continue;
      const std::string key = label_of(at, m.key());
      out_ += std::string(indent, ' ') + style_.key(key) + std::string(width - display_width(key) + 2, ' ') +
              text_of(at, m.value()) + "\n";
    }
    for (const auto& m : object) {
      std::string at = child(pointer, m.key());
      if (deferred(at) && !hidden(at)) {
        out_ += "\n" + std::string(indent, ' ') +
                style_.bold(fmt::format("{} ({})", label_of(at, m.key()), deferred_->size())) + "\n";
        deferred_table(*table_hint(at), indent + 2);
        continue;
      }
      if (is_inline(m.value()) || hidden(at) || deferred(at)) continue;
      std::string heading = label_of(at, m.key());
      if (m.value().is_array()) heading += fmt::format(" ({})", m.value().get_array().size());
      out_ += "\n" + std::string(indent, ' ') + style_.bold(heading) + "\n";
      node(m.value(), at, indent + 2);
    }
  }

  void array(const json::array& array, const std::string& pointer, std::size_t indent) {
    if (const auto* hint = line_hint(pointer)) {
      for (const auto& element : array)
        out_ += std::string(indent, ' ') + fill(hint->template_text, element, {style_, local_time_}) + "\n";
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
    for (const auto& element : array) rows.push_back(cells(element, pointers));
    out_ += draw_table(headers, rows, indent, style_);
  }

  std::vector<std::string> cells(const json::value& element, const std::vector<std::string>& pointers) const {
    std::vector<std::string> row;
    for (const auto& p : pointers) {
      const auto [pointer, unit] = split_unit(p);
      boost::system::error_code ec;
      const json::value* cell = element.find_pointer(pointer, ec);
      std::optional<std::string> shown;
      if (cell && unit) shown = shown_in_unit(*cell, *unit, local_time_);
      row.push_back(shown ? *shown : cell ? compact_text(*cell) : "-");
    }
    return row;
  }

  // The deferred items as the hinted table, each parsed for its row; their text goes before the
  // table is drawn.
  void deferred_table(const sdk::TableHint& hint, std::size_t indent) {
    std::vector<std::string> headers, pointers;
    for (const auto& column : hint.columns) {
      headers.push_back(column.header);
      pointers.push_back(column.pointer);
    }
    std::vector<std::vector<std::string>> rows;
    rows.reserve(deferred_->size());
    deferred_->for_each([&](const json::value& element) { rows.push_back(cells(element, pointers)); });
    deferred_->clear();
    out_ += draw_table(headers, rows, indent, style_);
  }

  // Presentation::listing: the hinted lines, unindented, then the summary with no blank line.
  std::string listing(const json::value& data) {
    for (const auto& hint : hints_.lines) {
      boost::system::error_code ec;
      const json::value* array = data.find_pointer(hint.array, ec);
      if (!array || !array->is_array()) continue;
      for (const auto& element : array->get_array()) out_ += fill(hint.template_text, element, {style_, local_time_}) + "\n";
    }
    if (!hints_.summary.empty()) out_ += escape_lines(hints_.summary) + "\n";
    return std::move(out_);
  }

  static std::string child(const std::string& pointer, std::string_view key) {
    return sdk::json_pointer_append(pointer, key);
  }

 public:
  // "{/file}: {/rule} {/message}" with each placeholder replaced by that member's text.
  // `{/row|json}` gives the member as compact JSON (numbers spelt as the codecs spell them);
  // `{/at|time}`, `{/size|size}`, `{/took|ms}` show a number in its unit (shown_units.hpp);
  // `{/severity|severity}` colours "error" red and "warning" yellow on a terminal;
  // `{ t=/timestamp}` writes its prefix (" t=") and value only when the member is there and not null.
  static std::string fill(const std::string& text, const json::value& element, const Shown& shown) {
    return fill_with(text, shown, [&](std::string_view pointer, Want want) -> std::optional<Member> {
      boost::system::error_code ec;
      const json::value* v = element.find_pointer(pointer, ec);
      if (!v) return std::nullopt;
      Member found{want == Want::json ? json_text(*v) : compact_text(*v), v->is_null(), {}};
      if (want == Want::value) found.value = *v;
      return found;
    });
  }

  // The same for an element given as JSON text (a log record from its codec), read in place: no
  // parse of the whole element, and `|json` members copied byte for byte (Boost.JSON 1.81 may
  // parse a double one ulp off, so re-printing could differ).
  static std::string fill(const std::string& text, std::string_view source, const Shown& shown) {
    const auto members = json_members(source);  // one pass: template fields mostly name top-level members
    std::string key;
    return fill_with(text, shown, [&](std::string_view pointer, Want want) -> std::optional<Member> {
      std::optional<std::string_view> written;
      auto end = pointer.find('/', 1);
      std::string_view first = pointer.substr(0, end);
      if (pointer.size() > 1 && first.find('~') == std::string_view::npos) {
        key.clear();
        sdk::append_json_string(key, first.substr(1));
        for (const auto& [name, value] : members)
          if (name == key) written = end == std::string_view::npos ? value : json_text_at(value, pointer.substr(end));
      } else {
        written = json_text_at(source, pointer);
      }
      if (!written) return std::nullopt;
      bool null = *written == "null";
      if (want == Want::json) return Member{std::string(*written), null, {}};
      Member found{null ? "-" : scalar_text_of(*written), null, {}};
      if (want == Want::value) {
        boost::system::error_code ec;
        found.value = boost::json::parse(*written, ec);
      }
      return found;
    });
  }

 private:
  enum class Want { text, json, value };
  struct Member {
    std::string text;
    bool null = false;
    json::value value;  ///< Want::value only
  };

  // "/size|size" -> ("/size", bytes); a suffix that names no unit stays part of the pointer.
  static std::pair<std::string_view, std::optional<sdk::ValueUnit>> split_unit(std::string_view pointer) {
    const auto bar = pointer.rfind('|');
    if (bar == std::string_view::npos) return {pointer, std::nullopt};
    if (auto unit = unit_from_suffix(pointer.substr(bar + 1))) return {pointer.substr(0, bar), unit};
    return {pointer, std::nullopt};
  }

  /// `member(pointer, want)` gives a member's text (and value), or nullopt when it is missing.
  template <typename Lookup>
  static std::string fill_with(const std::string& text, const Shown& shown, Lookup&& member) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '{') {
        auto close = text.find('}', i);
        if (close != std::string::npos) {
          std::string_view spec(text.data() + i + 1, close - i - 1);
          i = close;
          auto slash = spec.find('/');
          std::string_view prefix = spec.substr(0, std::min(slash, spec.size()));
          std::string_view pointer = spec.substr(prefix.size());
          const bool as_json = pointer.size() >= 5 && pointer.substr(pointer.size() - 5) == "|json";
          if (as_json) pointer.remove_suffix(5);
          const bool as_severity = pointer.size() >= 9 && pointer.substr(pointer.size() - 9) == "|severity";
          if (as_severity) pointer.remove_suffix(9);
          const auto [bare, unit] = as_json ? std::pair(pointer, std::optional<sdk::ValueUnit>()) : split_unit(pointer);
          auto value = member(bare, as_json ? Want::json : unit ? Want::value : Want::text);
          if (!prefix.empty() && (!value || value->null)) continue;
          out += prefix;
          if (!value) continue;
          std::optional<std::string> in_unit;
          if (unit) in_unit = shown_in_unit(value->value, *unit, shown.local_time);
          out += in_unit ? *in_unit : as_severity ? shown.style.severity(value->text) : value->text;
          continue;
        }
      }
      out += text[i];
    }
    return out;
  }

  const Presentation& hints_;
  const Style& style_;
  bool local_time_;
  std::string out_;
  std::string deferred_pointer_;
  ItemTexts* deferred_ = nullptr;
};

/// Streams a listing (one line per item, then the summary line); collects anything else and lays
/// it out whole at the end, since a document's layout depends on all of it.
class TextWriter final : public sdk::ResultWriter {
 public:
  TextWriter(std::ostream& out, const sdk::RenderOptions& options)
      : out_(out), style_{options.color}, local_time_(options.local_time) {}

  void begin(const sdk::Report& header) override {
    header_ = header;
    if (!header.presentation.listing || header.items.empty()) return;
    auto pointer = sdk::json_pointer_append("", header.items);
    for (const auto& hint : header_.presentation.lines)
      if (hint.array == pointer) line_ = &hint.template_text;
    // Lines of other arrays come first in a listing; stream only when the items are all there is.
    streaming_ = line_ && header_.presentation.lines.size() == 1;
  }

  void item(const json::value& item) override {
    if (!streaming_) {
      texts_to_items();
      return items_.push_back(item);
    }
    line(Renderer::fill(*line_, item, {style_, local_time_}));
  }

  // Kept as text while every item so far came as text (the items of a table hint are then laid
  // out from it, see end); otherwise parsed, as the default does.
  void item_json(std::string_view compact_json) override {
    if (!streaming_ && items_.empty()) return texts_.add(compact_json);
    if (!streaming_) return sdk::ResultWriter::item_json(compact_json);
    line(Renderer::fill(*line_, compact_json, {style_, local_time_}));
  }

  void line(std::string text) {
    text += '\n';
    out_.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (header_.flush_items) out_.flush();
  }

  void end(const sdk::Report& summary) override {
    if (streaming_) {
      const auto& line = summary.presentation.summary.empty() ? header_.presentation.summary : summary.presentation.summary;
      if (!line.empty()) out_ << escape_lines(line) << '\n';
      return;
    }
    const std::string pointer = sdk::json_pointer_append("", header_.items);
    if (!texts_.empty() && !can_defer(summary, pointer)) texts_to_items();
    auto document = sdk::assemble_report(std::move(header_), std::move(items_), summary);
    Renderer renderer(document.presentation, style_, local_time_);
    if (!texts_.empty()) renderer.defer_items(pointer, texts_);
    out_ << renderer.render(document.data);
  }

 private:
  // Items kept as text are laid out from it only as a hinted table of objects or arrays in a
  // document (not a listing, no line hint); anything else gets the DOM it always had.
  bool can_defer(const sdk::Report& summary, const std::string& pointer) const {
    const auto has = [&pointer](const auto& hints) {
      return std::any_of(hints.begin(), hints.end(), [&pointer](const auto& hint) { return hint.array == pointer; });
    };
    const auto& mine = header_.presentation;
    const auto& more = summary.presentation;
    return !mine.listing && !more.listing && !has(mine.lines) && !has(more.lines) && has(mine.tables) &&
           !has(more.tables) && !texts_.all_scalars();
  }

  void texts_to_items() {
    texts_.for_each([this](const json::value& item) { items_.push_back(item); });
    texts_.clear();
  }

 private:
  std::ostream& out_;
  Style style_;
  bool local_time_;
  sdk::Report header_;
  json::array items_;
  ItemTexts texts_;
  const std::string* line_ = nullptr;
  bool streaming_ = false;
};

class TextFormat final : public sdk::OutputFormat {
 public:
  std::unique_ptr<sdk::ResultWriter> open(std::ostream& out, const sdk::RenderOptions& options) const override {
    return std::make_unique<TextWriter>(out, options);
  }
};

}  // namespace
}  // namespace interstice::text_format

INTERSTICE_PLUGIN(interstice::text_format::TextFormat, "text", INTERSTICE_PLUGIN_VERSION,
                  "Aligned, readable text for people: key/value lines and tables, colour on a terminal")
