// The `junit` output format: JUnit XML so CI systems (Jenkins, GitLab) show a check command's
// findings as tests. Findings are grouped by rule into one testcase each, in first-appearance
// order; a testcase fails when any of its findings is an error or a breaking change. It needs
// every finding before it can write the counts, so it is a DocumentFormat.
#include "interstice/sdk/document_format.hpp"
#include "interstice/sdk/finding.hpp"
#include "interstice/sdk/output_format.hpp"
#include "interstice/sdk/util/xml.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sdk = interstice::sdk;

namespace {

/// An error finding (validate) or a breaking change (schema-diff) fails its testcase.
bool is_failure(const sdk::Finding& finding) {
  return finding.severity == sdk::Severity::error || finding.change_class == sdk::ChangeClass::breaking ||
         finding.change_class == sdk::ChangeClass::data_breaking;
}

/// "file: pointer: message", leaving out the parts that are absent.
std::string describe(const sdk::Finding& finding) {
  std::string line;
  for (std::string_view part : {std::string_view(finding.file), finding.pointer ? std::string_view(*finding.pointer) : std::string_view(),
                                std::string_view(finding.message)}) {
    if (part.empty()) continue;
    if (!line.empty()) line += ": ";
    line += part;
  }
  return line;
}

struct RuleCase {
  std::string rule;
  std::vector<std::string> lines;
  std::string failure_message;  ///< the first failing finding's message; empty when it passes
  bool failed = false;
};

std::vector<RuleCase> group_by_rule(const boost::json::value& data) {
  std::vector<RuleCase> cases;
  for (const auto& finding : sdk::findings_of(data)) {
    std::string rule = finding.rule;
    if (rule.empty()) rule = "(no rule)";
    auto it = cases.begin();
    while (it != cases.end() && it->rule != rule) ++it;
    if (it == cases.end()) it = cases.insert(cases.end(), RuleCase{rule, {}, {}, false});
    it->lines.push_back(describe(finding));
    if (is_failure(finding) && !it->failed) {
      it->failed = true;
      it->failure_message = finding.message;
    }
  }
  return cases;
}

class JunitFormat final : public sdk::DocumentFormat {
 public:
  void render(const sdk::Report& report, std::ostream& out, const sdk::RenderOptions& options) const override {
    std::string command = options.command.empty() ? "report" : options.command;
    auto cases = group_by_rule(report.data);
    if (cases.empty()) cases.push_back(RuleCase{command, {}, {}, false});
    std::size_t failures = 0;
    for (const auto& c : cases) failures += c.failed ? 1 : 0;

    std::string counts = "tests=\"" + std::to_string(cases.size()) + "\" failures=\"" + std::to_string(failures) +
                         "\" errors=\"0\"";
    std::string classname = sdk::xml_escape("interstice." + command, true);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<testsuites " << counts << ">\n"
        << "  <testsuite name=\"" << sdk::xml_escape("interstice " + command, true) << "\" " << counts << ">\n";
    for (const auto& c : cases) {
      std::string rule = sdk::xml_escape(c.rule, true);
      out << "    <testcase classname=\"" << classname << "\" name=\"" << rule << '"';
      if (c.lines.empty()) {
        out << "/>\n";
        continue;
      }
      std::string text;
      for (const auto& line : c.lines) text += line + '\n';
      if (c.failed)
        out << ">\n      <failure message=\"" << sdk::xml_escape(c.failure_message, true) << "\" type=\"" << rule << "\">"
            << sdk::xml_escape(text) << "</failure>\n";
      else
        out << ">\n      <system-out>" << sdk::xml_escape(text) << "</system-out>\n";
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n</testsuites>\n";
  }
};

}  // namespace

INTERSTICE_PLUGIN(JunitFormat, "junit", INTERSTICE_PLUGIN_VERSION,
                  "JUnit XML for CI: one testcase per rule, failed when a finding is an error or breaking")
