// The `github` output format: GitHub Actions workflow commands (`::error file=...::message`), so a
// check command run in a workflow annotates each finding on the pull request. One line per
// finding; reports without findings print nothing. Findings are read as sdk::Finding.
#include "interstice/sdk/document_format.hpp"
#include "interstice/sdk/finding.hpp"
#include "interstice/sdk/output_format.hpp"

#include <string>
#include <string_view>

namespace sdk = interstice::sdk;

namespace {

/// Errors and breaking changes are errors, validate's warnings warnings, anything else a notice.
std::string_view level(const sdk::Finding& finding) {
  if (finding.severity == sdk::Severity::error || finding.change_class == sdk::ChangeClass::breaking ||
      finding.change_class == sdk::ChangeClass::data_breaking)
    return "error";
  if (finding.severity == sdk::Severity::warning) return "warning";
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

class GithubFormat final : public sdk::DocumentFormat {
 public:
  void render(const sdk::Report& report, std::ostream& out, const sdk::RenderOptions&) const override {
    for (const auto& finding : sdk::findings_of(report.data)) {
      std::string properties;
      if (!finding.file.empty()) properties += "file=" + escape(finding.file, true);
      if (!finding.rule.empty()) properties += (properties.empty() ? "title=" : ",title=") + escape(finding.rule, true);
      std::string message = finding.message;
      if (finding.pointer && !finding.pointer->empty()) message += " (at " + *finding.pointer + ")";
      out << "::" << level(finding) << (properties.empty() ? "" : " ") << properties << "::" << escape(message, false)
          << '\n';
    }
  }
};

}  // namespace

INTERSTICE_PLUGIN(GithubFormat, "github", INTERSTICE_PLUGIN_VERSION, "GitHub Actions annotations (::error file=...::) for each finding")
