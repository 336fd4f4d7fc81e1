// The `junit` output format: JUnit XML so CI systems (Jenkins, GitLab) show a check command's
// findings as tests. Findings are grouped by rule into one testcase each, in first-appearance
// order; a testcase fails when any of its findings is an error or a breaking change. It needs
// every finding before it can write the counts, so it is a DocumentFormat.
#include "interstice/sdk/document_format.hpp"
#include "interstice/sdk/finding.hpp"
#include "interstice/sdk/output_format.hpp"

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

/// Decodes one UTF-8 code point at `text[i]`, advancing `i`; malformed input gives U+FFFD.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  auto byte = static_cast<unsigned char>(text[i++]);
  if (byte < 0x80) return byte;
  int extra = byte >= 0xF5 ? -1 : byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : byte >= 0xC2 ? 1 : -1;
  if (extra < 0) return 0xFFFD;
  char32_t code = byte & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    if (i >= text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) return 0xFFFD;
    code = (code << 6) | (static_cast<unsigned char>(text[i++]) & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  return code < kMin[extra] || code > 0x10FFFF ? 0xFFFD : code;
}

void append_utf8(std::string& out, char32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

/// `text` escaped for XML 1.0 content and attribute values. Characters XML 1.0 cannot hold at
/// all (control characters, surrogates, U+FFFE/U+FFFF, malformed UTF-8) become U+FFFD. Tab, LF
/// and CR are written as character references in attributes so parsers keep them.
std::string xml_escape(std::string_view text, bool attribute = false) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    char32_t code = next_code_point(text, i);
    switch (code) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += "&quot;"; continue;
      case '\'': out += "&apos;"; continue;
      case '\r': out += "&#13;"; continue;
      case '\t': out += attribute ? "&#9;" : "\t"; continue;
      case '\n': out += attribute ? "&#10;" : "\n"; continue;
      default: break;
    }
    bool legal = (code >= 0x20 && code < 0xD800) || (code >= 0xE000 && code < 0xFFFE) || code >= 0x10000;
    append_utf8(out, legal ? code : 0xFFFD);
  }
  return out;
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
    std::string classname = xml_escape("interstice." + command, true);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<testsuites " << counts << ">\n"
        << "  <testsuite name=\"" << xml_escape("interstice " + command, true) << "\" " << counts << ">\n";
    for (const auto& c : cases) {
      std::string rule = xml_escape(c.rule, true);
      out << "    <testcase classname=\"" << classname << "\" name=\"" << rule << '"';
      if (c.lines.empty()) {
        out << "/>\n";
        continue;
      }
      std::string text;
      for (const auto& line : c.lines) text += line + '\n';
      if (c.failed)
        out << ">\n      <failure message=\"" << xml_escape(c.failure_message, true) << "\" type=\"" << rule << "\">"
            << xml_escape(text) << "</failure>\n";
      else
        out << ">\n      <system-out>" << xml_escape(text) << "</system-out>\n";
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n</testsuites>\n";
  }
};

}  // namespace

INTERSTICE_PLUGIN(JunitFormat, "junit", INTERSTICE_PLUGIN_VERSION,
                  "JUnit XML for CI: one testcase per rule, failed when a finding is an error or breaking")
