// Findings reports as validate and schema-diff make them, and rendering them with a named command,
// for the junit and github format tests.
#pragma once

#include "plugin_harness.hpp"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include <sstream>

namespace sdk = interstice::sdk;
namespace json = boost::json;
namespace pt = boost::property_tree;
using namespace interstice::test;

namespace interstice::test::findings {

inline json::object finding(std::string rule, std::string level_key, std::string level, std::string message,
                     std::string file = "", std::string pointer = "") {
  json::object f{{"rule", rule}, {"message", message}, {level_key, level}};
  if (!file.empty()) f["file_path"] = file;
  if (!pointer.empty()) f["pointer"] = pointer;
  return f;
}

inline sdk::Report findings_report(json::array findings) {
  sdk::Report report;
  report.data = json::object{{"findings", std::move(findings)}};
  report.outcome = sdk::Outcome::problems_found;
  return report;
}

/// The harness's render() leaves RenderOptions::command empty; these formats name the command.
inline std::string render_for(const sdk::OutputFormat& format, const sdk::Report& report, const std::string& command) {
  return render(format, report, false, command);
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// Parses the JUnit XML, so tests fail when the output is not well-formed.
inline pt::ptree parse_xml(const std::string& text) {
  std::istringstream in(text);
  pt::ptree tree;
  pt::read_xml(in, tree);
  return tree;
}

}  // namespace interstice::test::findings
