// The SDK's trace services: the native JSON writer and reader (round trips, JSON Lines, every kind
// of bad file with its pointer), the streaming JSON reader's limits, and the trace tree's self
// times, critical path and folded stacks on the hand-built trace of trace_samples.hpp.
#include "trace_samples.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/trace_check.hpp"
#include "interstice/sdk/trace_json.hpp"
#include "interstice/sdk/util/json_stream.hpp"
#include "interstice/sdk/util/trace_tree.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <sstream>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test::traces;

namespace {

std::vector<sdk::ExecutionTrace> read_all(const std::string& text, std::uint64_t max_spans = sdk::kMaxTraceSpans) {
  std::istringstream in(text);
  std::vector<sdk::ExecutionTrace> traces;
  sdk::read_trace_json(in, "t.json", [&](sdk::ExecutionTrace&& trace) { traces.push_back(std::move(trace)); }, max_spans);
  return traces;
}

// The error message reading `text` gives (the test fails when it reads fine).
std::string error_of(const std::string& text, std::uint64_t max_spans = sdk::kMaxTraceSpans) {
  try {
    read_all(text, max_spans);
  } catch (const sdk::Error& e) {
    BOOST_TEST((e.kind() == sdk::ErrorKind::input));
    BOOST_TEST(std::string(e.what()).find('\n') == std::string::npos);
    return e.what();
  }
  BOOST_FAIL("no error for: " + text);
  return {};
}

std::string document(const sdk::ExecutionTrace& trace) {
  std::ostringstream out;
  sdk::write_trace_json(out, trace);
  return out.str();
}

// The sample trace as a JSON object, to break one member of it.
json::object sample_json() { return json::parse(document(sample_trace())).as_object(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(sdk_trace)

BOOST_AUTO_TEST_CASE(a_document_reads_back_as_written) {
  auto text = document(sample_trace());
  BOOST_TEST(text.rfind("{\n  \"trace_id\": \"0af7651916cd43dd8448eb211c80319c\",\n", 0) == 0u, text);
  BOOST_TEST(text.find("\n    {\"span_id\":\"0000000000000001\",\"parent_span_id\":null,\"name\":\"request\"") !=
                 std::string::npos, text);
  BOOST_TEST(text.substr(text.size() - 7) == "\n  ]\n}\n");
  auto traces = read_all(text);
  BOOST_REQUIRE_EQUAL(traces.size(), 1u);
  check_same_trace(traces[0], sample_trace());
}

BOOST_AUTO_TEST_CASE(json_lines_hold_several_traces) {
  auto second = sample_trace();
  second.trace_id = "1af7651916cd43dd8448eb211c80319c";
  second.spans.resize(1);
  auto empty = sample_trace();
  empty.spans.clear();
  std::ostringstream out;
  for (const auto& trace : {sample_trace(), second, empty}) sdk::write_trace_json_line(out, trace);
  std::string text = out.str();
  BOOST_TEST(std::count(text.begin(), text.end(), '\n') == 3);
  auto traces = read_all(text);
  BOOST_REQUIRE_EQUAL(traces.size(), 3u);
  check_same_trace(traces[0], sample_trace());
  check_same_trace(traces[1], second);
  check_same_trace(traces[2], empty);
  BOOST_TEST(document(empty).find("\"spans\": []\n}\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_streaming_pieces_write_the_same_document) {
  auto trace = sample_trace();
  std::ostringstream out;
  sdk::write_trace_json_begin(out, trace);
  for (std::size_t i = 0; i < trace.spans.size(); ++i) sdk::write_trace_json_span(out, trace.spans[i], i == 0);
  sdk::write_trace_json_end(out, !trace.spans.empty());
  BOOST_TEST(out.str() == document(trace));
}

BOOST_AUTO_TEST_CASE(optional_members_take_their_defaults) {
  auto traces = read_all(R"({"trace_id":"0af7651916cd43dd8448eb211c80319c","root_name":"r","start_time_us":5,
    "end_time_us":7,"total_duration_us":2,"spans":[{"span_id":"00000000000000ab","name":"x","start_time_us":5,
    "duration_us":2,"unknown":[1,2]}],"future_member":{"a":1}})");
  BOOST_REQUIRE_EQUAL(traces.size(), 1u);
  const auto& span = traces[0].spans.at(0);
  BOOST_TEST(!span.parent_span_id.has_value());
  BOOST_TEST(span.module_id.empty());
  BOOST_TEST((span.status == sdk::SpanStatus::Ok));
  BOOST_TEST(span.attributes.empty());
}

BOOST_AUTO_TEST_CASE(every_kind_of_bad_file_names_its_place) {
  auto with = [](auto change) {
    auto object = sample_json();
    change(object);
    return json::serialize(object);
  };
  auto span = [](json::object& o, int i) -> json::object& { return o["spans"].as_array()[i].as_object(); };
  struct Case {
    std::string text;
    std::string expected;
  };
  std::vector<Case> cases = {
      {"{\"trace_id\": \"0af7651916cd43dd8448eb211c80319c\",\n \"spans\": [{\"span_id\": tru}]}",
       "t.json: at /spans/0/span_id: malformed JSON (line 2, column 24): syntax error"},
      {"{\"trace_id\": \"x\"", "t.json: at /trace_id: malformed JSON (line 1, column 17): incomplete JSON"},
      {with([&](json::object& o) { span(o, 3)["parent_span_id"] = "00000000000000aa"; }),
       "t.json: at /spans/3/parent_span_id: parent span 00000000000000aa does not exist in this trace"},
      {with([&](json::object& o) { span(o, 2)["duration_us"] = -5; }),
       "t.json: at /spans/2/duration_us: negative duration -5 µs"},
      {with([&](json::object& o) { span(o, 0)["parent_span_id"] = span_id(3); }),
       "t.json: at /spans/0/parent_span_id: the parents of span 0000000000000001 form a cycle "
       "(0000000000000001 -> 0000000000000003 -> 0000000000000001)"},
      {with([&](json::object& o) { span(o, 1)["parent_span_id"] = span_id(2); }),
       "t.json: at /spans/1/parent_span_id: span 0000000000000002 is its own parent"},
      {with([&](json::object& o) { span(o, 4)["span_id"] = span_id(1); }),
       "t.json: at /spans/4/span_id: span id 0000000000000001 is not unique (span 0 has it too)"},
      {with([&](json::object& o) { span(o, 4)["span_id"] = "0000000000000ABC"; }),
       "t.json: at /spans/4/span_id: span id \"0000000000000ABC\" is not 16 lower-case hex digits"},
      {with([&](json::object& o) { span(o, 1)["status"] = "Done"; }),
       "t.json: at /spans/1/status: unknown status \"Done\" (Ok, Error or Running)"},
      {with([&](json::object& o) { span(o, 1)["start_time_us"] = 1.5; }),
       "t.json: at /spans/1/start_time_us: expected an integer, found a number"},
      {with([&](json::object& o) { span(o, 1).erase("name"); }), "t.json: at /spans/1: missing member \"name\""},
      {with([&](json::object& o) { span(o, 1)["attributes"] = json::array{}; }),
       "t.json: at /spans/1/attributes: expected an object, found an array"},
      {[&] {  // a number too large for a double parses as infinity, which no writer gives back
         auto text = with([&](json::object& o) { span(o, 2)["attributes"] = json::object{{"n", json::array{1, "HUGE"}}}; });
         return text.replace(text.find("\"HUGE\""), 6, "-1e400");
       }(),
       "t.json: at /spans/2/attributes: attribute \"n\" holds a number out of a double's range (JSON has no infinity)"},
      {with([&](json::object& o) { o["spans"] = json::object{}; }), "t.json: at /spans: expected an array, found an object"},
      {with([&](json::object& o) { o.erase("spans"); }), "t.json: at the document root: missing member \"spans\""},
      {with([&](json::object& o) { o["end_time_us"] = 900; }),
       "t.json: at /end_time_us: end_time_us 900 is before start_time_us 1000"},
      {with([&](json::object& o) { o["total_duration_us"] = 999; }),
       "t.json: at /total_duration_us: total_duration_us 999 is not end_time_us - start_time_us (1000)"},
      {with([&](json::object& o) { o["trace_id"] = "abc"; }),
       "t.json: at /trace_id: trace id \"abc\" is not 32 lower-case hex digits"},
      {"[1, 2]", "t.json: at the document root: expected an object, found an array"},
      {document(sample_trace()) + "\n{\"trace_id\": 7}",
       "t.json: record 1, at /trace_id: expected a string, found an integer"},
  };
  for (const auto& c : cases) BOOST_TEST(error_of(c.text) == c.expected);
}

BOOST_AUTO_TEST_CASE(too_many_spans_stop_the_reader_at_the_limit) {
  BOOST_TEST(error_of(document(sample_trace()), 3) == "t.json: at /spans/3: more than 3 spans: the limit for one document");
  BOOST_TEST(read_all(document(sample_trace()), 5).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_stream_hands_out_elements_one_at_a_time) {
  std::istringstream in(R"({"a":[{"spans":[1,{"x":2}]},{"spans":[]}],"b":"c"} {"a":[{"spans":[3]}]})");
  sdk::JsonStream stream(in, "f.json", {"/a/*/spans"});
  std::vector<std::string> seen;
  auto on = [&](const std::string& pointer, json::value&& v) { seen.push_back(pointer + "=" + json::serialize(v)); };
  auto first = stream.next(on);
  BOOST_REQUIRE(first.has_value());
  BOOST_TEST(json::serialize(*first) == R"({"a":[{"spans":[]},{"spans":[]}],"b":"c"})");
  auto second = stream.next(on);
  BOOST_REQUIRE(second.has_value());
  BOOST_TEST(!stream.next(on).has_value());
  BOOST_TEST(seen == (std::vector<std::string>{"/a/0/spans/0=1", "/a/0/spans/1={\"x\":2}", "/a/0/spans/0=3"}));
  BOOST_TEST(stream.location("/a").describe() == "f.json: record 1, at /a");
}

BOOST_AUTO_TEST_CASE(skipped_members_cost_nothing_and_read_as_null) {
  std::string big = "[";
  for (int i = 0; i < 1000; ++i) big += (i ? ",{\"k\":" : "{\"k\":") + std::to_string(i) + ",\"s\":\"abcdefgh\"}";
  big += "]";
  std::istringstream in(R"({"a":1,"skip":)" + big + R"(,"s2":"0123456789","list":[1,{"x":2}],"b":[true]})");
  sdk::JsonStream stream(in, "f.json", {"/list"}, {.max_values = 10, .max_string = 4}, {"/skip", "/s2"});
  std::vector<std::string> seen;
  auto document = stream.next([&](const std::string& pointer, json::value&& v) { seen.push_back(pointer + "=" + json::serialize(v)); });
  BOOST_REQUIRE(document.has_value());
  BOOST_TEST(json::serialize(*document) == R"({"a":1,"skip":null,"s2":null,"list":[],"b":[true]})");
  BOOST_TEST(seen == (std::vector<std::string>{"/list/0=1", "/list/1={\"x\":2}"}));
}

BOOST_AUTO_TEST_CASE(a_stream_refuses_what_would_cost_unbounded_memory) {
  auto error = [](const std::string& text, sdk::JsonStreamLimits limits) {
    std::istringstream in(text);
    sdk::JsonStream stream(in, "f.json", {""}, limits);
    try {
      while (stream.next([](const std::string&, json::value&&) {})) {
      }
    } catch (const sdk::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  BOOST_TEST(error("[1,2,3]", {.max_elements = 2, .element_noun = "events"}) ==
             "f.json: at /2: more than 2 events: the limit for one document");
  BOOST_TEST(error("[[1,2,3]]", {.max_values = 3}) == "f.json: at /0/2: more than 3 JSON values in one of the elements");
  BOOST_TEST(error("[\"abcdef\"]", {.max_string = 4}) == "f.json: at /0: a string longer than 4 bytes");
  BOOST_TEST(error("[[[[1]]]]", {.max_depth = 3}) == "f.json: at /0/0/0: nested deeper than 3 levels");
  BOOST_TEST(error(std::string(100000, ' ') + "[1,2]", {}) == "no error");
}

BOOST_AUTO_TEST_CASE(self_times_subtract_what_children_cover) {
  auto trace = sample_trace();
  sdk::TraceTree tree(trace);
  std::vector<std::int64_t> self;
  for (std::size_t i = 0; i < trace.spans.size(); ++i) self.push_back(tree.self_us(i));
  BOOST_TEST(self == (std::vector<std::int64_t>{250, 200, 100, 50, 400}));
  BOOST_TEST(tree.roots() == std::vector<std::size_t>{0});
  BOOST_TEST(tree.children(0) == (std::vector<std::size_t>{1, 3, 4}));  // by start time
  // Children on two threads overlapping each other count once.
  trace.spans[3].start_time_us = 1300;  // refund now [1300, 1350), inside the first call's time
  sdk::TraceTree overlapping(trace);
  BOOST_TEST(overlapping.self_us(0) == 1000 - 300 - 400 - 0);
}

BOOST_AUTO_TEST_CASE(the_critical_path_walks_back_from_the_end) {
  auto trace = sample_trace();
  sdk::TraceTree tree(trace);
  std::vector<std::pair<std::size_t, std::int64_t>> path;
  std::int64_t total = 0;
  for (const auto& segment : tree.critical_path()) {
    path.emplace_back(segment.span, segment.duration_us);
    total += segment.duration_us;
  }
  std::vector<std::pair<std::size_t, std::int64_t>> expected = {{0, 100}, {1, 50}, {2, 100}, {1, 150}, {0, 20},
                                                                {3, 50},  {0, 30}, {4, 400}, {0, 100}};
  BOOST_TEST(path == expected);
  BOOST_TEST(total == 1000);
  // Time no span covers belongs to the trace itself.
  trace.end_time_us = 2500;
  trace.total_duration_us = 1500;
  auto longer = sdk::TraceTree(trace).critical_path();
  BOOST_TEST(longer.back().span == sdk::kNoSpan);
  BOOST_TEST(longer.back().duration_us == 500);
}

BOOST_AUTO_TEST_CASE(folded_stacks_sum_self_times_per_stack) {
  auto trace = sample_trace();
  trace.spans[3].name = "reducer;refund\nnow";
  sdk::TraceTree tree(trace);
  auto stacks = sdk::folded_stacks(tree);
  std::vector<std::pair<std::string, std::int64_t>> expected = {
      {"interstice test;request", 250},
      {"interstice test;request;reducer:process_transaction", 600},
      {"interstice test;request;reducer:process_transaction;db write", 100},
      {"interstice test;request;reducer:refund now", 50},
  };
  BOOST_TEST(stacks == expected);
}

BOOST_AUTO_TEST_CASE(a_root_span_named_like_the_trace_is_the_root_frame) {
  auto trace = sample_trace();
  trace.root_name = "request";
  auto stacks = sdk::folded_stacks(sdk::TraceTree(trace));
  BOOST_REQUIRE_EQUAL(stacks.size(), 4u);
  BOOST_TEST(stacks[0].first == "request");
  BOOST_TEST(stacks[0].second == 250);
  BOOST_TEST(stacks[1].first == "request;reducer:process_transaction");
}

BOOST_AUTO_TEST_CASE(deep_chains_neither_overflow_nor_explode) {
  sdk::ExecutionTrace trace = sample_trace();
  trace.spans.clear();
  const int depth = 200000;
  for (int i = 1; i <= depth; ++i) trace.spans.push_back(make_span(i, i - 1, "s", "", "", 1000 + i, 2 * (depth - i) + 2));
  sdk::check_trace(trace, [](std::size_t, std::string_view) { return sdk::Location{}; });
  sdk::TraceTree tree(trace);
  BOOST_TEST(tree.critical_path().size() > 0u);
  auto stacks = sdk::folded_stacks(tree);
  BOOST_TEST(stacks.size() == sdk::kMaxFoldedDepth + 1);
  BOOST_TEST(stacks.back().first.find(";[deeper]") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
