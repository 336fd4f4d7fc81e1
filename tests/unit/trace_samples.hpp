// A hand-built execution trace whose analysis is known by heart (self times, percentiles, the
// critical path), shared by the SDK's trace tests, the trace formats' tests and the trace
// command's. Times in µs:
//
//   request                      [1000, 2000)  self 250
//     reducer:process_transaction  [1100, 1400)  self 200   (payment_service, process_transaction)
//       db write                     [1150, 1250)  self 100   (payment_service)
//     reducer:refund               [1420, 1470)  self 50    (payment_service, refund)
//     reducer:process_transaction  [1500, 1900)  self 400   (payment_service, process_transaction)
//
// Critical path: request 100, reducer:process_transaction 50, db write 100,
// reducer:process_transaction 150, request 20, reducer:refund 50, request 30,
// reducer:process_transaction 400, request 100 (1000 in all).
#pragma once

#include "interstice/sdk/trace.hpp"

#include <boost/json/object.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

namespace interstice::test::traces {

inline std::string span_id(int n) {
  std::string id = std::to_string(n);
  return std::string(16 - id.size(), '0') + id;
}

inline sdk::TraceSpan make_span(int id, int parent, std::string name, std::string module, std::string reducer,
                                std::int64_t start, std::int64_t duration) {
  sdk::TraceSpan span;
  span.span_id = span_id(id);
  if (parent) span.parent_span_id = span_id(parent);
  span.name = std::move(name);
  span.module_id = std::move(module);
  span.reducer_name = std::move(reducer);
  span.start_time_us = start;
  span.duration_us = duration;
  return span;
}

inline sdk::ExecutionTrace sample_trace() {
  sdk::ExecutionTrace trace;
  trace.trace_id = "0af7651916cd43dd8448eb211c80319c";
  trace.root_name = "interstice test";
  trace.start_time_us = 1000;
  trace.end_time_us = 2000;
  trace.total_duration_us = 1000;
  trace.spans.push_back(make_span(1, 0, "request", "", "", 1000, 1000));
  trace.spans.push_back(make_span(2, 1, "reducer:process_transaction", "payment_service", "process_transaction", 1100, 300));
  trace.spans.push_back(make_span(4, 2, "db write", "payment_service", "", 1150, 100));
  trace.spans.push_back(make_span(5, 1, "reducer:refund", "payment_service", "refund", 1420, 50));
  trace.spans.push_back(make_span(3, 1, "reducer:process_transaction", "payment_service", "process_transaction", 1500, 400));
  trace.spans[0].attributes = boost::json::object{{"thread", 1}, {"command", "log-inspect"}};
  trace.spans[1].attributes = boost::json::object{{"thread", 1}, {"rows", 12}, {"ratio", 0.5}, {"ok", true}};
  trace.spans[2].attributes = boost::json::object{{"thread", 2}, {"tables", boost::json::array{"a", "b"}}};
  trace.spans[3].status = sdk::SpanStatus::Error;
  trace.spans[3].attributes = boost::json::object{{"thread", 1}};
  trace.spans[4].attributes = boost::json::object{{"thread", 1}, {"extra", nullptr}};
  return trace;
}

inline bool same_span(const sdk::TraceSpan& a, const sdk::TraceSpan& b) {
  return a.span_id == b.span_id && a.parent_span_id == b.parent_span_id && a.name == b.name &&
         a.module_id == b.module_id && a.reducer_name == b.reducer_name && a.start_time_us == b.start_time_us &&
         a.duration_us == b.duration_us && a.status == b.status && a.attributes == b.attributes;
}

/// Two traces hold the same facts (spans in any order).
inline void check_same_trace(const sdk::ExecutionTrace& got, const sdk::ExecutionTrace& want) {
  BOOST_TEST(got.trace_id == want.trace_id);
  BOOST_TEST(got.root_name == want.root_name);
  BOOST_TEST(got.start_time_us == want.start_time_us);
  BOOST_TEST(got.end_time_us == want.end_time_us);
  BOOST_TEST(got.total_duration_us == want.total_duration_us);
  BOOST_REQUIRE_EQUAL(got.spans.size(), want.spans.size());
  for (const auto& span : want.spans) {
    bool found = false;
    for (const auto& other : got.spans) found = found || same_span(span, other);
    BOOST_TEST(found, "span " << span.span_id << " (" << span.name << ") did not come back the same");
  }
}

}  // namespace interstice::test::traces
