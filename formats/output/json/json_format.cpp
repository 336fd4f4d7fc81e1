// The `json` output format: the report's data, pretty-printed, exactly as commands document it.
// A streamed result is written as it comes (header members, then each item, then the summary
// members), byte for byte the text the whole document gives, so memory stays flat on any log.
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/output_format.hpp"
#include "interstice/sdk/value_json.hpp"

#include <algorithm>
#include <sstream>
#include <string>

namespace json = boost::json;
namespace sdk = interstice::sdk;

namespace {

constexpr std::size_t kFlushAt = std::size_t{1} << 20;

/// Pretty-printing with two spaces per level, except for the values `compact` names (the
/// report's Presentation::compact): those go on one line, or for arrays one element per line.
class Printer {
 public:
  explicit Printer(std::vector<std::string> compact) : compact_(std::move(compact)) {}

  void add_compact(const std::vector<std::string>& more) { compact_.insert(compact_.end(), more.begin(), more.end()); }
  bool is_compact(const std::string& pointer) const {
    return std::find(compact_.begin(), compact_.end(), pointer) != compact_.end();
  }
  /// A pointer only matters when some value is compact; skip building them otherwise.
  std::string child(const std::string& pointer, std::string_view key) const {
    return compact_.empty() ? std::string() : sdk::json_pointer_append(pointer, key);
  }
  std::string child(const std::string& pointer, std::size_t index) const {
    return compact_.empty() ? std::string() : sdk::json_pointer_append(pointer, index);
  }

  void value(std::string& out, const json::value& value, int depth, const std::string& pointer) const {
    if (!compact_.empty() && is_compact(pointer)) {
      if (value.is_array()) return array(out, value.get_array(), depth, pointer, true);
      return flat(out, value);
    }
    switch (value.kind()) {
      case json::kind::array: return array(out, value.get_array(), depth, pointer, false);
      case json::kind::object: {
        const auto& object = value.get_object();
        if (object.empty()) {
          out += "{}";
          return;
        }
        out += '{';
        bool first = true;
        for (const auto& member : object) {
          out += first ? "" : ",";
          first = false;
          this->member(out, member.key(), member.value(), depth + 1, pointer);
        }
        newline(out, depth);
        out += '}';
        return;
      }
      default: return flat(out, value);
    }
  }

  /// `"key": value` on a new line at `depth`.
  void member(std::string& out, std::string_view key, const json::value& value, int depth,
              const std::string& parent) const {
    newline(out, depth);
    sdk::append_json_string(out, key);
    out += ": ";
    this->value(out, value, depth, child(parent, key));
  }

  static void newline(std::string& out, int depth) {
    out += '\n';
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
  }

  /// Compact JSON: the SDK's writer (json_text.hpp) with no indent.
  static void flat(std::string& out, const json::value& value) {
    std::ostringstream text;
    sdk::write_json(text, value, 0);
    out += text.str();
  }

 private:
  void array(std::string& out, const json::array& array, int depth, const std::string& pointer, bool compact) const {
    if (array.empty()) {
      out += "[]";
      return;
    }
    out += '[';
    for (std::size_t i = 0; i < array.size(); ++i) {
      out += i ? "," : "";
      newline(out, depth + 1);
      if (compact) flat(out, array[i]);
      else value(out, array[i], depth + 1, child(pointer, i));
    }
    newline(out, depth);
    out += ']';
  }

  std::vector<std::string> compact_;
};

/// Writes a whole report at the end; a streamed one (header.items set) as it comes.
class JsonWriter final : public sdk::ResultWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  void begin(const sdk::Report& header) override {
    if (header.items.empty()) {
      whole_ = header;
      return;
    }
    streaming_ = true;
    flush_items_ = header.flush_items;
    printer_.add_compact(header.presentation.compact);
    items_pointer_ = sdk::json_pointer_append("", header.items);
    compact_items_ = printer_.is_compact(items_pointer_);
    buffer_ += '{';
    if (header.data.is_object()) {
      for (const auto& member : header.data.get_object()) {
        separate();
        printer_.member(buffer_, member.key(), member.value(), 1, "");
      }
    } else if (!header.data.is_null()) {
      throw sdk::Error::internal("a streamed result's header data must be a JSON object");
    }
    separate();
    Printer::newline(buffer_, 1);
    sdk::append_json_string(buffer_, header.items);
    buffer_ += ": ";
    if (flush_items_) flush();
  }

  void item(const json::value& item) override {
    open_item();
    if (compact_items_) Printer::flat(buffer_, item);
    else printer_.value(buffer_, item, 2, printer_.child(items_pointer_, count_));
    close_item();
  }

  void item_json(std::string_view compact_json) override {
    if (!compact_items_) return sdk::ResultWriter::item_json(compact_json);
    open_item();
    buffer_ += compact_json;  // already the compact text; its numbers keep the command's spelling
    close_item();
  }

  void end(const sdk::Report& summary) override {
    if (!streaming_) {
      auto document = sdk::assemble_report(std::move(whole_), {}, summary);
      Printer(document.presentation.compact).value(buffer_, document.data, 0, "");
      buffer_ += '\n';
      return flush();
    }
    buffer_ += count_ ? "\n  ]" : "[]";
    printer_.add_compact(summary.presentation.compact);
    if (summary.data.is_object()) {
      for (const auto& member : summary.data.get_object()) {
        buffer_ += ',';
        printer_.member(buffer_, member.key(), member.value(), 1, "");
      }
    } else if (!summary.data.is_null()) {
      throw sdk::Error::internal("a streamed result's summary data must be a JSON object");
    }
    buffer_ += "\n}\n";
    flush();
  }

 private:
  void separate() {
    if (members_++) buffer_ += ',';
  }
  void open_item() {
    buffer_ += count_ ? "," : "[";
    Printer::newline(buffer_, 2);
  }
  void close_item() {
    ++count_;
    if (flush_items_ || buffer_.size() >= kFlushAt) flush();
  }
  void flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    out_.flush();  // with --follow each item should reach a pipe promptly
    buffer_.clear();
  }

  std::ostream& out_;
  std::string buffer_;
  Printer printer_{{}};
  sdk::Report whole_;
  std::string items_pointer_;
  bool streaming_ = false;
  bool flush_items_ = false;
  bool compact_items_ = false;
  std::size_t members_ = 0;
  std::size_t count_ = 0;
};

class JsonFormat final : public sdk::OutputFormat {
 public:
  std::unique_ptr<sdk::ResultWriter> open(std::ostream& out, const sdk::RenderOptions&) const override {
    return std::make_unique<JsonWriter>(out);
  }
};

}  // namespace

INTERSTICE_PLUGIN(JsonFormat, "json", INTERSTICE_PLUGIN_VERSION, "Pretty-printed JSON: the machine-readable result of any command")
