// The `yaml` output format: the same data as `json`, written with yaml-cpp so that a YAML 1.1
// loader (PyYAML safe_load) reads back exactly what the JSON output holds. Streamed results are
// written item by item (log-query on a 200 MB log stays in flat memory).
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/output_format.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cmath>
#include <string_view>

namespace json = boost::json;

namespace {

// Plain only when YAML 1.1 cannot read the text as anything but this string: an identifier that
// is not one of its bool or null words. Everything else is double-quoted ("1.0", "yes", "a: b").
bool plain_is_safe(std::string_view text) {
  static constexpr std::string_view kSpecial[] = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
                                                  "true", "True", "TRUE", "false", "False", "FALSE", "on", "On",
                                                  "ON", "off", "Off", "OFF", "null", "Null", "NULL"};
  if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_')) return false;
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  for (auto word : kSpecial)
    if (word == text) return false;
  return true;
}

void emit_string(YAML::Emitter& out, std::string_view text) {
  if (!plain_is_safe(text)) out << YAML::DoubleQuoted;
  out << std::string(text);
}

void emit(YAML::Emitter& out, const json::value& value) {
  switch (value.kind()) {
    case json::kind::null: out << YAML::Null; break;
    case json::kind::bool_: out << value.get_bool(); break;
    case json::kind::int64: out << value.get_int64(); break;
    case json::kind::uint64: out << value.get_uint64(); break;
    case json::kind::double_: {
      double d = value.get_double();
      if (std::isnan(d)) out << ".nan";
      else if (std::isinf(d)) out << (d > 0 ? ".inf" : "-.inf");
      else out << interstice::sdk::format_double(d);  // has a '.', so YAML 1.1 reads a float
      break;
    }
    case json::kind::string: emit_string(out, value.get_string()); break;
    case json::kind::array:
      out << YAML::BeginSeq;
      for (const auto& element : value.get_array()) emit(out, element);
      out << YAML::EndSeq;
      break;
    case json::kind::object:
      out << YAML::BeginMap;
      for (const auto& member : value.get_object()) {
        out << YAML::Key;
        emit_string(out, member.key());
        out << YAML::Value;
        emit(out, member.value());
      }
      out << YAML::EndMap;
      break;
  }
}

std::string emitted(YAML::Emitter& emitter) {
  if (!emitter.good()) throw interstice::sdk::Error::internal("the YAML emitter failed: " + emitter.GetLastError());
  return emitter.c_str();
}

std::string document_text(const json::value& value) {
  YAML::Emitter emitter;
  emitter.SetIndent(2);
  emit(emitter, value);
  return emitted(emitter);
}

/// `key: value` as the same key inside a bigger top-level map is written.
std::string member_text(std::string_view key, const json::value& value) {
  YAML::Emitter emitter;
  emitter.SetIndent(2);
  emitter << YAML::BeginMap << YAML::Key;
  emit_string(emitter, key);
  emitter << YAML::Value;
  emit(emitter, value);
  emitter << YAML::EndMap;
  return emitted(emitter);
}

/// A block sequence under a top-level key is indented by 2; every '\n' yaml-cpp writes is a line
/// break of the layout (strings that could hold one are double-quoted with escapes).
std::string indented(const std::string& text) {
  std::string out = "  ";
  out.reserve(text.size() + text.size() / 16 + 2);
  for (char c : text) {
    out += c;
    if (c == '\n') out += "  ";
  }
  return out;
}

/// A whole report at the end; a streamed one (header.items set) member by member and item by
/// item, each emitted on its own as it sits in the whole document, so memory stays flat.
class YamlWriter final : public interstice::sdk::ResultWriter {
 public:
  explicit YamlWriter(std::ostream& out) : out_(out) {}

  void begin(const interstice::sdk::Report& header) override {
    if (header.items.empty()) {
      whole_ = header;
      return;
    }
    streaming_ = true;
    flush_items_ = header.flush_items;
    items_key_ = header.items;
    members(header.data);
    // "transactions:" as yaml-cpp writes the key of a non-empty sequence.
    std::string key_line = member_text(items_key_, json::array{0});
    seq_key_ = key_line.substr(0, key_line.find('\n')) + "\n";
    if (flush_items_) flush();
  }

  void item(const json::value& item) override {
    if (count_++ == 0) buffer_ += seq_key_;
    YAML::Emitter emitter;
    emitter.SetIndent(2);
    emitter << YAML::BeginSeq;
    emit(emitter, item);
    emitter << YAML::EndSeq;
    buffer_ += indented(emitted(emitter));
    buffer_ += '\n';
    if (flush_items_ || buffer_.size() >= kFlushAt) flush();
  }

  void end(const interstice::sdk::Report& summary) override {
    if (!streaming_) {
      buffer_ += document_text(interstice::sdk::assemble_report(std::move(whole_), {}, summary).data);
      buffer_ += '\n';
      return flush();
    }
    if (count_ == 0) buffer_ += member_text(items_key_, json::array{}) + '\n';
    members(summary.data);
    flush();
  }

 private:
  static constexpr std::size_t kFlushAt = std::size_t{1} << 20;

  void members(const json::value& data) {
    if (data.is_null()) return;
    if (!data.is_object()) throw interstice::sdk::Error::internal("a streamed result's data must be a JSON object");
    for (const auto& member : data.get_object()) buffer_ += member_text(member.key(), member.value()) + '\n';
  }
  void flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    out_.flush();
    buffer_.clear();
  }

  std::ostream& out_;
  std::string buffer_;
  interstice::sdk::Report whole_;
  std::string items_key_;
  std::string seq_key_;
  bool streaming_ = false;
  bool flush_items_ = false;
  std::size_t count_ = 0;
};

class YamlFormat final : public interstice::sdk::OutputFormat {
 public:
  std::unique_ptr<interstice::sdk::ResultWriter> open(std::ostream& out,
                                                      const interstice::sdk::RenderOptions&) const override {
    return std::make_unique<YamlWriter>(out);
  }
};

}  // namespace

INTERSTICE_PLUGIN(YamlFormat, "yaml", INTERSTICE_PLUGIN_VERSION, "YAML 1.1 that loads to the same data as the json output")
