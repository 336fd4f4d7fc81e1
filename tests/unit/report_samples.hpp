// A sample Report with the values output formats find tricky (u64 max, 3.0, YAML look-alikes,
// escapes), shared by the text, json and yaml format tests.
#pragma once

#include "plugin_harness.hpp"

#include <boost/json/parse.hpp>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test;

namespace interstice::test::reports {

inline sdk::Report sample_report() {
  sdk::Report report;
  report.data = json::object{
      {"name", "chat"},
      {"big", std::numeric_limits<std::uint64_t>::max()},
      {"ratio", 0.1},
      {"whole", 3.0},
      {"flag", true},
      {"nothing", nullptr},
      {"tricky", json::array{"yes", "1.0", "null", "~", "a: b", "#x", "line\nbreak", "", "\x1b[31mred"}},
      {"rows", json::array{json::object{{"id", 1}, {"name", "a"}}, json::object{{"id", 22}, {"name", "bbb"}}}},
  };
  report.presentation.title = "Sample";
  report.presentation.summary = "2 rows";
  return report;
}

}  // namespace interstice::test::reports
