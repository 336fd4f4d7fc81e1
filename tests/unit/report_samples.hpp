// A sample Report with the values output formats find tricky (u64 max, 3.0, YAML look-alikes,
// escapes), shared by the text, json and yaml format tests.
#pragma once

#include "plugin_harness.hpp"

#include <boost/json/parse.hpp>

#include <limits>

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

/// A streamed result: a header, items with the same tricky values, and a summary.
struct StreamedSample {
  sdk::Report header;
  json::array items;
  sdk::Report summary;
};

inline StreamedSample streamed_sample(std::size_t count = 3) {
  StreamedSample sample;
  sample.header.data = json::object{{"file", "x.log"}, {"format", json::object{{"codec", "v1"}, {"by", "yes"}}}};
  sample.header.items = "records";
  sample.header.presentation.title = "Records";
  for (std::size_t i = 0; i < count; ++i)
    sample.items.push_back(json::object{{"index", i},
                                        {"name", i % 2 ? "yes" : "line\nbreak"},
                                        {"ratio", 0.1 * static_cast<double>(i)},
                                        {"big", std::numeric_limits<std::uint64_t>::max()},
                                        {"row", json::object{{"entries", json::array{1, "a", nullptr, 1e300}}}},
                                        {"old", i == 1 ? json::value(json::object{{"k", 1}}) : json::value(nullptr)}});
  sample.summary.data = json::object{{"count", count}, {"stopped_at", nullptr}, {"done", true}};
  sample.summary.presentation.summary = std::to_string(count) + " records";
  sample.summary.outcome = sdk::Outcome::problems_found;
  return sample;
}

}  // namespace interstice::test::reports
