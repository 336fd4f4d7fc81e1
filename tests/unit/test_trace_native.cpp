// The `native` trace format plugin: it writes span by span exactly what the SDK's writer writes,
// reads it back, recognises its own files and passes the reader's errors on.
#include "trace_harness.hpp"

#include "interstice/sdk/trace_json.hpp"

#include <sstream>

using namespace interstice::test;
using namespace interstice::test::traces;

BOOST_AUTO_TEST_SUITE(trace_native)

BOOST_AUTO_TEST_CASE(writes_what_the_sdk_writes_and_reads_it_back) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-native.so");
  auto written = write_trace(*format, sample_trace());
  std::ostringstream sdk_text;
  sdk::write_trace_json(sdk_text, sample_trace());
  BOOST_TEST(written.text == sdk_text.str());
  std::ostringstream whole;  // the whole trace at once: begin, each span, end
  format->open(whole)->write_trace(sample_trace());
  BOOST_TEST(whole.str() == sdk_text.str());
  BOOST_TEST(written.notes.empty());
  auto traces = read_traces(*format, written.text);
  BOOST_REQUIRE_EQUAL(traces.size(), 1u);
  check_same_trace(traces[0], sample_trace());
  auto empty = sample_trace();
  empty.spans.clear();
  BOOST_TEST(read_traces(*format, write_trace(*format, empty).text).at(0).spans.empty());
}

BOOST_AUTO_TEST_CASE(recognises_its_own_files_only) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-native.so");
  BOOST_TEST(format->can_read());
  BOOST_TEST(format->detect(write_trace(*format, sample_trace()).text) == 90);
  BOOST_TEST(format->detect(R"({"traceEvents":[{"ph":"X"}]})") == 0);
  // A Chrome trace of ours holds the native names in its args and otherData: still not native.
  BOOST_TEST(format->detect(R"({"traceEvents":[{"args":{"span_id":"00000000000000a1"}}],"otherData":{"trace_id":"x","root_name":"r"}})") == 0);
  BOOST_TEST(format->detect(R"({"resourceSpans":[]})") == 0);
  BOOST_TEST(format->detect("") == 0);
}

BOOST_AUTO_TEST_CASE(bad_files_are_errors_at_their_pointer) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-native.so");
  auto text = write_trace(*format, sample_trace()).text;
  auto at = text.find("\"duration_us\":300");
  BOOST_REQUIRE(at != std::string::npos);
  text.replace(at, 17, "\"duration_us\":-300");
  BOOST_TEST(read_error(*format, text) == "t.json: at /spans/1/duration_us: negative duration -300 µs");
}

BOOST_AUTO_TEST_SUITE_END()
