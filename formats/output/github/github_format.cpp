// The `github` output format: GitHub Actions workflow commands (`::error file=...::message`), so a
// check command run in a workflow annotates each finding on the pull request. One line per
// finding; reports without findings print nothing.
#include "interstice/sdk/output_format.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace json = boost::json;

namespace {

/// `object[key]` when it is a string, "" otherwise.
std::string_view field(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value && value->is_string() ? std::string_view(value->get_string()) : std::string_view();
}

/// Errors and breaking changes are errors, validate's warnings warnings, anything else a notice.
std::string_view level(const json::object& finding) {
  auto severity = field(finding, "severity");
  auto change = field(finding, "class");
  if (severity == "error" || change == "breaking" || change == "data_breaking") return "error";
  if (severity == "warning") return "warning";
  return "notice";
}

/// GitHub's escaping: '%', CR and LF in a command's data; also ':' and ',' in property values.
std::string escape(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

class GithubFormat final : public interstice::sdk::OutputFormat {
 public:
  void render(const interstice::sdk::Report& report, std::ostream& out,
              const interstice::sdk::RenderOptions&) const override {
    const json::value* findings = report.data.is_object() ? report.data.get_object().if_contains("findings") : nullptr;
    if (!findings || !findings->is_array()) return;
    for (const auto& element : findings->get_array()) {
      if (!element.is_object()) continue;
      const auto& finding = element.get_object();
      std::string properties;
      if (auto file = field(finding, "file"); !file.empty()) properties += "file=" + escape(file, true);
      if (auto rule = field(finding, "rule"); !rule.empty())
        properties += (properties.empty() ? "title=" : ",title=") + escape(rule, true);
      std::string message(field(finding, "message"));
      if (auto pointer = field(finding, "pointer"); !pointer.empty()) message += " (at " + std::string(pointer) + ")";
      out << "::" << level(finding) << (properties.empty() ? "" : " ") << properties << "::" << escape(message, false)
          << '\n';
    }
  }
};

}  // namespace

INTERSTICE_PLUGIN(GithubFormat, "github", INTERSTICE_PLUGIN_VERSION, "GitHub Actions annotations (::error file=...::) for each finding")
