// The `yaml` output format: the same data as `json`, written with yaml-cpp so that a YAML 1.1
// loader (PyYAML safe_load) reads back exactly what the JSON output holds.
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

class YamlFormat final : public interstice::sdk::OutputFormat {
 public:
  void render(const interstice::sdk::Report& report, std::ostream& out,
              const interstice::sdk::RenderOptions&) const override {
    YAML::Emitter emitter;
    emitter.SetIndent(2);
    emit(emitter, report.data);
    if (!emitter.good())
      throw interstice::sdk::Error::internal("the YAML emitter failed: " + emitter.GetLastError());
    out << emitter.c_str() << '\n';
  }
};

}  // namespace

INTERSTICE_PLUGIN(YamlFormat, "yaml", INTERSTICE_PLUGIN_VERSION, "YAML 1.1 that loads to the same data as the json output")
