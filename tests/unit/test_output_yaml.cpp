// The yaml output format: strings that look like other YAML types stay strings.
#include "report_samples.hpp"

using namespace interstice::test::reports;

BOOST_AUTO_TEST_SUITE(output_yaml)

BOOST_AUTO_TEST_CASE(yaml_keeps_tricky_strings_strings) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-yaml.so");
  std::string text = render(*format, sample_report());
  BOOST_TEST(text.find("name: chat") != std::string::npos);
  BOOST_TEST(text.find("big: 18446744073709551615") != std::string::npos);
  BOOST_TEST(text.find("\"yes\"") != std::string::npos);
  BOOST_TEST(text.find("\"1.0\"") != std::string::npos);
  BOOST_TEST(text.find("\"~\"") != std::string::npos);
  BOOST_TEST(text.find("whole: 3.0") != std::string::npos);
  BOOST_TEST(text.find("nothing: ~") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
