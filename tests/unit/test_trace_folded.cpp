// The `folded` trace format: one line per stack, `frames <µs>`, whose numbers add up to the spans'
// self times, so a flame graph of it has the trace's totals.
#include "trace_harness.hpp"

#include "interstice/sdk/util/trace_tree.hpp"

#include <map>

using namespace interstice::test;
using namespace interstice::test::traces;

BOOST_AUTO_TEST_SUITE(trace_folded)

BOOST_AUTO_TEST_CASE(one_line_per_stack_with_its_self_time) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-folded.so");
  auto written = write_trace(*format, sample_trace());
  BOOST_TEST(written.text ==
             "interstice test;request 250\n"
             "interstice test;request;reducer:process_transaction 600\n"
             "interstice test;request;reducer:process_transaction;db write 100\n"
             "interstice test;request;reducer:refund 50\n");
  BOOST_TEST(!format->can_read());
}

BOOST_AUTO_TEST_CASE(totals_round_trip) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-folded.so");
  auto trace = sample_trace();
  trace.spans[3].start_time_us = 1300;  // overlapping siblings: self time counts the overlap once
  auto text = write_trace(*format, trace).text;
  std::map<std::string, std::int64_t> by_leaf;
  std::int64_t total = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    auto space = line.rfind(' ');
    auto stack = line.substr(0, space);
    auto value = std::stoll(line.substr(space + 1));
    by_leaf[stack.substr(stack.rfind(';') + 1)] += value;
    total += value;
  }
  sdk::TraceTree tree(trace);
  std::map<std::string, std::int64_t> self_by_name;
  std::int64_t self_total = 0;
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    self_by_name[trace.spans[i].name] += tree.self_us(i);
    self_total += tree.self_us(i);
  }
  BOOST_TEST(by_leaf == self_by_name);
  BOOST_TEST(total == self_total);
}

BOOST_AUTO_TEST_CASE(an_empty_trace_has_no_lines) {
  LoadedPlugin<sdk::TraceFormat> format("trace-format-folded.so");
  auto trace = sample_trace();
  trace.spans.clear();
  BOOST_TEST(write_trace(*format, trace).text.empty());
}

BOOST_AUTO_TEST_SUITE_END()
