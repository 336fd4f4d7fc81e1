// The `otlp` trace format: OTLP/JSON by the field rules (resourceSpans -> scopeSpans -> spans, hex
// ids, integer kind and status codes, 64-bit numbers as strings), our traces read back the same,
// others' read with service.name as the module, and errors at their pointer.
#include "trace_harness.hpp"

#include <boost/json/parse.hpp>

#include <regex>
#include <set>

namespace json = boost::json;
using namespace interstice::test;
using namespace interstice::test::traces;

namespace {

bool is_hex(const json::value& v, std::size_t digits) {
  return v.is_string() && std::regex_match(std::string(v.as_string()), std::regex("[0-9a-f]{" + std::to_string(digits) + "}"));
}

bool is_decimal_string(const json::value& v) {
  return v.is_string() && std::regex_match(std::string(v.as_string()), std::regex("-?[0-9]+"));
}

// Every AnyValue nested in a KeyValue list obeys the rules: intValue a decimal string, ...
void check_any_values(const json::array& list) {
  for (const auto& pair : list) {
    BOOST_TEST(pair.at("key").is_string());
    const auto& value = pair.at("value").as_object();
    BOOST_TEST(value.size() <= 1u);
    if (auto* i = value.if_contains("intValue")) BOOST_TEST(is_decimal_string(*i));
    if (auto* d = value.if_contains("doubleValue")) BOOST_TEST(d->is_double());
    if (auto* a = value.if_contains("arrayValue")) BOOST_TEST(a->at("values").is_array());
    if (auto* k = value.if_contains("kvlistValue")) check_any_values(k->at("values").as_array());
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(trace_otlp)

BOOST_AUTO_TEST_CASE(obeys_the_otlp_json_field_rules) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-otlp.so");
  auto written = write_trace(*format, sample_trace());
  BOOST_TEST(std::count(written.text.begin(), written.text.end(), '\n') == 1);  // one TracesData per line
  auto document = json::parse(written.text).as_object();
  BOOST_REQUIRE_EQUAL(document.size(), 1u);
  std::size_t spans = 0;
  std::set<std::string> services;
  for (const auto& resource : document.at("resourceSpans").as_array()) {
    check_any_values(resource.at("resource").at("attributes").as_array());
    for (const auto& pair : resource.at("resource").at("attributes").as_array())
      if (pair.at("key") == "service.name") services.insert(std::string(pair.at("value").at("stringValue").as_string()));
    for (const auto& scope : resource.at("scopeSpans").as_array()) {
      BOOST_TEST(scope.at("scope").at("name") == "interstice");
      for (const auto& span : scope.at("spans").as_array()) {
        ++spans;
        BOOST_TEST(is_hex(span.at("traceId"), 32));
        BOOST_TEST(is_hex(span.at("spanId"), 16));
        if (auto* parent = span.as_object().if_contains("parentSpanId")) BOOST_TEST(is_hex(*parent, 16));
        BOOST_TEST(span.at("kind") == 1);
        BOOST_TEST(is_decimal_string(span.at("startTimeUnixNano")));
        BOOST_TEST(is_decimal_string(span.at("endTimeUnixNano")));
        BOOST_TEST(span.at("status").at("code").is_int64());
        check_any_values(span.at("attributes").as_array());
      }
    }
  }
  BOOST_TEST(spans == 5u);
  BOOST_TEST(services == (std::set<std::string>{"interstice test", "payment_service"}));
  BOOST_TEST(written.text.find("\"startTimeUnixNano\":\"1100000\"") != std::string::npos);
  BOOST_TEST(written.text.find("\"status\":{\"code\":2}") != std::string::npos);  // the refund failed
}

BOOST_AUTO_TEST_CASE(our_own_traces_read_back_the_same) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-otlp.so");
  auto trace = sample_trace();
  trace.spans[4].status = sdk::SpanStatus::Running;
  auto text = write_trace(*format, trace).text;
  BOOST_TEST(format->detect(text) == 95);
  auto traces = read_traces(*format, text);
  BOOST_REQUIRE_EQUAL(traces.size(), 1u);
  check_same_trace(traces[0], trace);
}

BOOST_AUTO_TEST_CASE(other_traces_take_their_module_from_the_service) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-otlp.so");
  std::string line1 = R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C",
    "spanId":"EEE19B7EC3C1B174","name":"GET /","startTimeUnixNano":1000000,"endTimeUnixNano":"3500000",
    "status":{"code":"STATUS_CODE_ERROR"},"attributes":[{"key":"http.status","value":{"intValue":"500"}},
    {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"boolValue":true}]}}}]}]}],
    "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"frontend"}}]}}]})";
  std::string line2 = R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"db"}}]},
    "scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"0000000000000002",
    "parentSpanId":"eee19b7ec3c1b174","name":"query","startTimeUnixNano":"2000000","endTimeUnixNano":"2500000"},
    {"traceId":"00000000000000000000000000000001","spanId":"0000000000000003","name":"other","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]})";
  auto flat = [](std::string s) { s.erase(std::remove(s.begin(), s.end(), '\n'), s.end()); return s; };
  auto traces = read_traces(*format, flat(line1) + "\n" + flat(line2) + "\n");
  BOOST_REQUIRE_EQUAL(traces.size(), 2u);
  const auto& trace = traces[0];
  BOOST_TEST(trace.trace_id == "5b8efff798038103d269b633813fc60c");
  BOOST_TEST(trace.root_name == "GET /");
  BOOST_TEST(trace.start_time_us == 1000);
  BOOST_TEST(trace.end_time_us == 3500);
  BOOST_REQUIRE_EQUAL(trace.spans.size(), 2u);
  BOOST_TEST(trace.spans[0].module_id == "frontend");
  BOOST_TEST((trace.spans[0].status == sdk::SpanStatus::Error));
  BOOST_TEST(trace.spans[0].attributes.at("http.status") == 500);
  BOOST_TEST(trace.spans[0].attributes.at("tags") == (json::array{"a", true}));
  BOOST_TEST(trace.spans[1].module_id == "db");
  BOOST_TEST(trace.spans[1].parent_span_id.value_or("") == "eee19b7ec3c1b174");
  BOOST_TEST(traces[1].spans.at(0).duration_us == 0);
}

BOOST_AUTO_TEST_CASE(bad_spans_are_errors_at_their_pointer) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-otlp.so");
  auto span = [](const std::string& members) {
    return R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"0000000000000001","name":"a",)" +
           members + "}]}]}]}";
  };
  BOOST_TEST(read_error(*format, span(R"("startTimeUnixNano":"9000","endTimeUnixNano":"1000")")) ==
             "t.json: at /resourceSpans/0/scopeSpans/0/spans/0/endTimeUnixNano: negative duration -8 µs");
  BOOST_TEST(read_error(*format, span(R"("parentSpanId":"00000000000000ff")")) ==
             "t.json: at /resourceSpans/0/scopeSpans/0/spans/0/parentSpanId: parent span 00000000000000ff does not exist in this trace");
  BOOST_TEST(read_error(*format, span(R"("startTimeUnixNano":"12x")")) ==
             "t.json: at /resourceSpans/0/scopeSpans/0/spans/0/startTimeUnixNano: \"12x\" is not a decimal integer");
  BOOST_TEST(read_error(*format, span(R"("attributes":[{"key":"n","value":{"intValue":"x"}}])")) ==
             "t.json: at /resourceSpans/0/scopeSpans/0/spans/0/attributes: intValue must be a decimal integer (a string)");
  BOOST_TEST(read_error(*format, span(R"("status":{"code":7})")) ==
             "t.json: at /resourceSpans/0/scopeSpans/0/spans/0/status/code: status code 7 is not 0, 1 or 2");
}

BOOST_AUTO_TEST_SUITE_END()
