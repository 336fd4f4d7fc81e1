// The `trace` command: summary statistics on the hand-built trace with known answers (counts,
// per-reducer percentiles and self time, the critical path), the same from a Chrome copy found by
// detection, export through a trace format, and every usage and input error.
#include "log_harness.hpp"
#include "trace_harness.hpp"

#include "interstice/sdk/trace_json.hpp"

#include <boost/json/parse.hpp>

#include <fstream>
#include <sstream>

namespace json = boost::json;
using namespace interstice::test;
using namespace interstice::test::traces;

namespace {

TestCatalog& trace_formats() {
  static TestCatalog catalog({"trace-format-native.so", "trace-format-chrome.so", "trace-format-otlp.so",
                              "trace-format-folded.so", "trace-format-svg.so"});
  return catalog;
}

std::vector<unsigned char> bytes(const std::string& text) { return {text.begin(), text.end()}; }

std::string native_text(const std::vector<sdk::ExecutionTrace>& traces) {
  std::ostringstream out;
  for (const auto& trace : traces) sdk::write_trace_json_line(out, trace);
  return out.str();
}

sdk::Report run(const std::vector<std::string>& args) {
  LoadedPlugin<sdk::Command> command("command-trace.so");
  TestContext context(*command, args, &trace_formats());
  return command->run(context);
}

// The error `args` give: its kind and message.
std::pair<sdk::ErrorKind, std::string> error_of(const std::vector<std::string>& args) {
  try {
    run(args);
  } catch (const sdk::Error& e) {
    return {e.kind(), e.what()};
  }
  BOOST_FAIL("no error");
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(command_trace)

BOOST_AUTO_TEST_CASE(summary_statistics_have_known_answers) {
  TempBytes file(bytes(native_text({sample_trace()})), "trace.json");
  auto report = run({"summary", file.path().string()});
  const auto& data = report.data.as_object();
  BOOST_TEST(data.at("trace_id") == "0af7651916cd43dd8448eb211c80319c");
  BOOST_TEST(data.at("total_duration_us") == 1000);
  BOOST_TEST(data.at("span_count") == 5);
  BOOST_TEST(data.at("module_call_count") == 4);
  BOOST_TEST(data.at("reducer_call_count") == 3);
  BOOST_TEST(data.at("total_time_by_reducer") == (json::object{{"process_transaction", 700}, {"refund", 50}}));
  BOOST_TEST(data.at("format") == "native");
  BOOST_TEST(data.at("error_count") == 1);
  const auto& reducers = data.at("reducers").as_array();
  BOOST_REQUIRE_EQUAL(reducers.size(), 2u);
  BOOST_TEST(reducers[0] == (json::object{{"reducer_name", "process_transaction"}, {"modules", json::array{"payment_service"}},
                                          {"count", 2}, {"total_us", 700}, {"self_us", 600}, {"p50_us", 300},
                                          {"p95_us", 400}, {"p99_us", 400}, {"max_us", 400}}));
  BOOST_TEST(reducers[1].at("reducer_name") == "refund");
  BOOST_TEST(reducers[1].at("self_us") == 50);
  const auto& names = data.at("span_names").as_array();
  BOOST_TEST(names[0].at("name") == "request");  // sorted by total time
  BOOST_TEST(names[0].at("self_us") == 250);
  BOOST_TEST(data.at("critical_path_us") == 1000);
  std::vector<std::string> path;
  for (const auto& segment : data.at("critical_path").as_array())
    path.push_back(std::string(segment.at("name").as_string()) + " " + std::to_string(segment.at("duration_us").to_number<int>()));
  BOOST_TEST(path == (std::vector<std::string>{"request 100", "reducer:process_transaction 50", "db write 100",
                                               "reducer:process_transaction 150", "request 20", "reducer:refund 50",
                                               "request 30", "reducer:process_transaction 400", "request 100"}));
  BOOST_TEST(data.at("critical_path_by_name").at(0) == (json::object{{"name", "reducer:process_transaction"}, {"duration_us", 600}}));
  BOOST_TEST(report.presentation.summary.find(": 5 spans, 3 reducer calls, 1000 µs in all") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(percentiles_are_nearest_rank) {
  auto trace = sample_trace();
  trace.spans.resize(1);
  for (int i = 1; i <= 100; ++i)
    trace.spans.push_back(make_span(100 + i, 1, "call", "m", "work", 1000 + i, i));  // durations 1..100
  TempBytes file(bytes(native_text({trace})), "trace.json");
  auto report = run({"summary", file.path().string()});
  const auto& row = report.data.at("reducers").at(0);
  BOOST_TEST(row.at("count") == 100);
  BOOST_TEST(row.at("p50_us") == 50);
  BOOST_TEST(row.at("p95_us") == 95);
  BOOST_TEST(row.at("p99_us") == 99);
  BOOST_TEST(row.at("max_us") == 100);
}

BOOST_AUTO_TEST_CASE(a_chrome_copy_is_detected_and_sums_the_same) {
  LoadedPlugin<sdk::TraceFormat> chrome("trace-format-chrome.so");
  TempBytes file(bytes(write_trace(*chrome, sample_trace()).text), "trace.chrome.json");
  auto data = run({"summary", file.path().string()}).data.as_object();
  BOOST_TEST(data.at("format") == "chrome");
  BOOST_TEST(data.at("total_time_by_reducer") == (json::object{{"process_transaction", 700}, {"refund", 50}}));
  BOOST_TEST(data.at("critical_path_us") == 1000);
}

BOOST_AUTO_TEST_CASE(export_writes_through_the_chosen_format) {
  TempBytes file(bytes(native_text({sample_trace()})), "trace.json");
  auto out = std::filesystem::temp_directory_path() / ("interstice-test-trace-export-" + std::to_string(::getpid()) + ".json");
  auto report = run({"export", file.path().string(), "--to", "otlp", "--out", out.string()});
  std::ifstream in(out);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  BOOST_TEST(json::parse(text).at("resourceSpans").as_array().size() == 2u);
  BOOST_TEST(report.data.at("span_count") == 5);
  BOOST_TEST(report.data.at("notes").as_array().empty());
  BOOST_TEST(report.presentation.summary.find("wrote trace 0af7651916cd43dd8448eb211c80319c (5 spans) to") != std::string::npos);
  // The OTLP copy reads back (detected) to the same summary.
  auto again = run({"summary", out.string()}).data;
  BOOST_TEST(again.at("format") == "otlp");
  BOOST_TEST(again.at("reducers") == run({"summary", file.path().string()}).data.at("reducers"));
  std::filesystem::remove(out);
}

BOOST_AUTO_TEST_CASE(several_traces_need_a_trace_id) {
  auto second = sample_trace();
  second.trace_id = "1af7651916cd43dd8448eb211c80319c";
  second.spans.resize(2);
  TempBytes file(bytes(native_text({sample_trace(), second})), "traces.jsonl");
  auto [kind, message] = error_of({"summary", file.path().string()});
  BOOST_TEST((kind == sdk::ErrorKind::usage));
  BOOST_TEST(message == file.path().string() +
                            " holds 2 traces; pick one with --trace-id (0af7651916cd43dd8448eb211c80319c, "
                            "1af7651916cd43dd8448eb211c80319c)");
  BOOST_TEST(run({"summary", file.path().string(), "--trace-id", second.trace_id}).data.at("span_count") == 2);
  BOOST_TEST(error_of({"summary", file.path().string(), "--trace-id", "ff"}).second.find("holds no trace with id ff") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(usage_and_input_errors) {
  TempBytes file(bytes(native_text({sample_trace()})), "trace.json");
  const auto path = file.path().string();
  using K = sdk::ErrorKind;
  auto expect = [](std::pair<K, std::string> got, K kind, const std::string& text) {
    BOOST_TEST((got.first == kind), got.second);
    BOOST_TEST(got.second == text);
  };
  expect(error_of({"sumary", path}), K::usage, "unknown action 'sumary' (summary or export)");
  expect(error_of({"export", path, "--to", "chrome"}), K::usage, "trace export needs --to ID and --out FILE (--out - for standard output)");
  expect(error_of({"summary", path, "--to", "chrome"}), K::usage, "--to and --out are for 'trace export'");
  expect(error_of({"export", path, "--to", "pprof", "--out", "x"}), K::usage,
         "unknown trace format 'pprof' (these can write: chrome, folded, native, otlp, svg)");
  expect(error_of({"summary", path, "--from", "svg"}), K::usage,
         "cannot read with the trace format 'svg' (these can read: chrome, native, otlp)");
  expect(error_of({"export", path, "--to", "native", "--out", path}), K::usage, "--out must not be the trace being read (" + path + ")");
  expect(error_of({"summary", "/nonexistent/t.json"}), K::input, "/nonexistent/t.json: cannot open file: no such file");
  TempBytes text(bytes("just some text\n"), "notes.txt");
  expect(error_of({"summary", text.path().string()}), K::input,
         text.path().string() + ": cannot tell which trace format this is (readers: chrome, native, otlp); name it with --from");
  auto bad = native_text({sample_trace()});
  bad.replace(bad.find("\"parent_span_id\":\"0000000000000002\""), 35, "\"parent_span_id\":\"00000000000000aa\"");
  TempBytes broken(bytes(bad), "broken.json");
  expect(error_of({"summary", broken.path().string()}), K::input,
         broken.path().string() + ": at /spans/2/parent_span_id: parent span 00000000000000aa does not exist in this trace");
}

BOOST_AUTO_TEST_SUITE_END()
