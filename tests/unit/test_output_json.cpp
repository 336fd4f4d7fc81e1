// The json output format: pretty-printed and exact.
#include "report_samples.hpp"

using namespace interstice::test::reports;

BOOST_AUTO_TEST_SUITE(output_json)

BOOST_AUTO_TEST_CASE(json_is_pretty_and_exact) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-json.so");
  auto report = sample_report();
  std::string text = render(*format, report);
  BOOST_TEST(json::parse(text) == report.data);
  BOOST_TEST(text.find("\n  \"name\": \"chat\"") != std::string::npos);
  BOOST_TEST(text.find("18446744073709551615") != std::string::npos);
  BOOST_TEST(text.find("\"whole\": 3.0") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
