// The `chrome` trace format: a track per module and thread named by M events, an X event per span
// that nests on its track (spans that do not are moved to an overlap track, with a note), and a
// reader that gives our own traces back exactly and infers parents in anyone else's.
#include "trace_harness.hpp"

#include <boost/json/parse.hpp>

#include <map>
#include <set>

namespace json = boost::json;
using namespace interstice::test;
using namespace interstice::test::traces;

namespace {

json::array events_of(const std::string& text) { return json::parse(text).at("traceEvents").as_array(); }

// Every X event of each (pid, tid) nests in the one it starts inside of.
bool all_nest(const json::array& events) {
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::pair<std::int64_t, std::int64_t>>> tracks;
  for (const auto& e : events)
    if (e.at("ph") == "X")
      tracks[{e.at("pid").to_number<std::int64_t>(), e.at("tid").to_number<std::int64_t>()}].emplace_back(
          e.at("ts").to_number<std::int64_t>(), e.at("ts").to_number<std::int64_t>() + e.at("dur").to_number<std::int64_t>());
  for (auto& [track, spans] : tracks) {
    std::sort(spans.begin(), spans.end(), [](auto a, auto b) { return a.first != b.first ? a.first < b.first : a.second > b.second; });
    std::vector<std::int64_t> open;
    for (auto [start, end] : spans) {
      while (!open.empty() && open.back() <= start) open.pop_back();
      if (!open.empty() && end > open.back()) return false;
      open.push_back(end);
    }
  }
  return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(trace_chrome)

BOOST_AUTO_TEST_CASE(tracks_per_module_and_thread_and_an_x_event_per_span) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-chrome.so");
  auto written = write_trace(*format, sample_trace());
  BOOST_TEST(written.notes.empty());
  auto document = json::parse(written.text).as_object();
  BOOST_TEST(document.at("displayTimeUnit") == "ms");
  BOOST_TEST(document.at("otherData").at("trace_id") == "0af7651916cd43dd8448eb211c80319c");
  std::set<std::string> names;
  std::size_t spans = 0;
  for (const auto& e : document.at("traceEvents").as_array()) {
    if (e.at("ph") == "M") names.insert(std::string(e.at("name").as_string()) + "=" + std::string(e.at("args").at("name").as_string()));
    if (e.at("ph") == "X") {
      ++spans;
      BOOST_TEST(e.at("ts").is_int64());
      BOOST_TEST(e.at("args").at("span_id").is_string());
    }
  }
  BOOST_TEST(spans == 5u);
  BOOST_TEST(names == (std::set<std::string>{"process_name=interstice test", "process_name=module payment_service",
                                             "thread_name=thread 1", "thread_name=thread 2"}));
  BOOST_TEST(all_nest(document.at("traceEvents").as_array()));
}

BOOST_AUTO_TEST_CASE(spans_that_do_not_nest_move_to_an_overlap_track_with_a_note) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-chrome.so");
  auto trace = sample_trace();
  trace.spans[3].start_time_us = 1350;  // refund [1350, 1450): starts inside the first call, ends after it
  trace.spans[3].duration_us = 100;
  auto written = write_trace(*format, trace);
  BOOST_REQUIRE_EQUAL(written.notes.size(), 1u);
  BOOST_TEST(written.notes[0] ==
             "span 0000000000000005 (reducer:refund) overlaps span 0000000000000002 (reducer:process_transaction) on track "
             "'module payment_service/thread 1' without nesting in it: moved to an overlap track");
  auto events = events_of(written.text);
  BOOST_TEST(all_nest(events));
  bool named = false;
  for (const auto& e : events) named = named || (e.at("ph") == "M" && e.at("args").at("name") == "thread 1 (overlap 1)");
  BOOST_TEST(named);
}

BOOST_AUTO_TEST_CASE(a_whole_trace_writes_the_same_as_a_streamed_one) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-chrome.so");
  std::ostringstream whole;
  BOOST_TEST(format->open(whole)->write_trace(sample_trace()).empty());
  BOOST_TEST(whole.str() == write_trace(*format, sample_trace()).text);
}

BOOST_AUTO_TEST_CASE(our_own_traces_read_back_the_same) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-chrome.so");
  auto text = write_trace(*format, sample_trace()).text;
  BOOST_TEST(format->detect(text) == 90);
  auto traces = read_traces(*format, text);
  BOOST_REQUIRE_EQUAL(traces.size(), 1u);
  check_same_trace(traces[0], sample_trace());
}

BOOST_AUTO_TEST_CASE(other_traces_get_ids_and_parents_from_nesting) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-chrome.so");
  // A profile's stack frames and samples are not spans: read past, whatever their size.
  BOOST_TEST(read_traces(*format, R"({"traceEvents":[{"name":"a","ph":"X","ts":1,"dur":2}],"stackFrames":{"1":{"name":"f"}},)"
                                  R"("samples":[{"sf":1}]})").at(0).spans.size() == 1u);
  auto traces = read_traces(*format, R"([
    {"name":"main","ph":"B","ts":10,"pid":1,"tid":7},
    {"name":"child","ph":"X","ts":12,"dur":3.4,"pid":1,"tid":7,"args":{"n":1}},
    {"name":"counter","ph":"C","ts":13,"pid":1,"args":{"v":2}},
    {"name":"main","ph":"E","ts":20,"pid":1,"tid":7},
    {"name":"other thread","ph":"X","ts":11,"dur":2,"pid":1,"tid":8},
    {"name":"still running","ph":"B","ts":18,"pid":2,"tid":1}])");
  BOOST_REQUIRE_EQUAL(traces.size(), 1u);
  const auto& trace = traces[0];
  BOOST_TEST(trace.start_time_us == 10);
  BOOST_TEST(trace.end_time_us == 20);
  BOOST_TEST(trace.root_name == "chrome trace");
  std::map<std::string, const sdk::TraceSpan*> by_name;
  for (const auto& span : trace.spans) by_name[span.name] = &span;
  BOOST_REQUIRE_EQUAL(by_name.size(), 4u);
  BOOST_TEST(by_name["child"]->parent_span_id.value_or("") == by_name["main"]->span_id);
  BOOST_TEST(by_name["child"]->duration_us == 3);
  BOOST_TEST(by_name["child"]->attributes.at("n") == 1);
  BOOST_TEST(by_name["child"]->attributes.at("thread") == 7);
  BOOST_TEST(!by_name["other thread"]->parent_span_id.has_value());
  BOOST_TEST(by_name["main"]->duration_us == 10);
  BOOST_TEST((by_name["still running"]->status == sdk::SpanStatus::Running));
  BOOST_TEST(by_name["still running"]->duration_us == 2);
}

BOOST_AUTO_TEST_CASE(bad_events_are_errors_at_their_pointer) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-chrome.so");
  BOOST_TEST(read_error(*format, R"({"traceEvents":[{"name":"a","ph":"X","ts":1,"dur":-4}]})") ==
             "t.json: at /traceEvents/0/dur: negative duration -4 µs");
  BOOST_TEST(read_error(*format, R"({"traceEvents":[{"name":"a","ph":"E","ts":1,"pid":1,"tid":1}]})") ==
             "t.json: at /traceEvents/0/ph: an E event with no B event open on track 1/1");
  BOOST_TEST(read_error(*format, R"({"traceEvents":[{"name":"a","ph":"X","ts":1,"dur":1,"args":{"span_id":"00000000000000a1","parent_span_id":"00000000000000ff"}}]})") ==
             "t.json: at /traceEvents/0/args/parent_span_id: parent span 00000000000000ff does not exist in this trace");
  BOOST_TEST(read_error(*format, R"({"traceEvents":[{"name":"a","ph":"X","ts":"soon"}]})") ==
             "t.json: at /traceEvents/0/ts: expected a number, found a string");
  BOOST_TEST(read_error(*format, R"({"traceEvents":{}})") == "t.json: at /traceEvents: expected an array, found an object");
}

BOOST_AUTO_TEST_SUITE_END()
