// The `svg` trace format: a self-contained flame graph, a frame per distinct stack as wide as its
// time, names escaped for XML, the zoom and search script inside and nothing fetched from outside.
// (e2e_trace parses it as XML and renders it in headless Chromium.)
#include "trace_harness.hpp"

#include <regex>

using namespace interstice::test;
using namespace interstice::test::traces;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The width of the frame named `name` (its first rect after the g's data-name).
double width_of(const std::string& text, const std::string& name) {
  std::smatch match;
  std::regex frame("data-name=\"" + name + "\"[^>]*><title>[^<]*</title><rect [^>]*width=\"([0-9.]+)\"");
  BOOST_REQUIRE_MESSAGE(std::regex_search(text, match, frame), "no frame " << name);
  return std::stod(match[1]);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(trace_svg)

BOOST_AUTO_TEST_CASE(frames_are_as_wide_as_their_time) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-svg.so");
  auto text = write_trace(*format, sample_trace()).text;
  BOOST_TEST(text.rfind("<?xml", 0) == 0u);
  BOOST_TEST(text.find("width=\"1200\"") != std::string::npos);
  BOOST_TEST(count(text, "<g class=\"f\"") == 5u);  // the trace, request, two reducer names, db write
  BOOST_TEST(width_of(text, "interstice test") == 1180.0);
  BOOST_TEST(width_of(text, "request") == 1180.0);
  BOOST_TEST(width_of(text, "reducer:process_transaction") == 1180.0 * 700 / 1000);
  BOOST_TEST(width_of(text, "db write") == 1180.0 * 100 / 1000);
  BOOST_TEST(text.find("<title>reducer:refund (50 µs, 5.00%)</title>") != std::string::npos);
  BOOST_TEST(text.find("<![CDATA[") != std::string::npos);
  BOOST_TEST(text.find("function zoom(") != std::string::npos);
  BOOST_TEST(text.find("function search(") != std::string::npos);
  BOOST_TEST(!format->can_read());
}

BOOST_AUTO_TEST_CASE(names_are_escaped_and_nothing_is_fetched) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-svg.so");
  auto trace = sample_trace();
  trace.spans[2].name = "<b>&\"x'\x01";
  auto text = write_trace(*format, trace).text;
  BOOST_TEST(text.find("&lt;b&gt;&amp;&quot;x&apos;\xEF\xBF\xBD") != std::string::npos);  // U+FFFD
  BOOST_TEST(text.find("<b>") == std::string::npos);
  BOOST_TEST(text.find("href") == std::string::npos);
  BOOST_TEST(text.find("http://") == text.find("http://www.w3.org/2000/svg"));  // only the namespace
  BOOST_TEST(count(text, "http") == 1u);
}

BOOST_AUTO_TEST_CASE(an_empty_trace_is_one_frame) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-svg.so");
  auto trace = sample_trace();
  trace.spans.clear();
  auto text = write_trace(*format, trace).text;
  BOOST_TEST(count(text, "<g class=\"f\"") == 1u);
  BOOST_TEST(text.find("</svg>\n") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
