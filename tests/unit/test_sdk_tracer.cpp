// The execution tracer (tracer.hpp): parenting per thread and across threads, statuses (Ok, Error
// on an exception, Running while open), attributes, the ids, and that every snapshot passes the
// rules every trace reader applies (check_trace). Speed is bench/tracer's business, not a test's.
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/trace_check.hpp"
#include "interstice/sdk/tracer.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <stdexcept>
#include <string>
#include <thread>

namespace sdk = interstice::sdk;

namespace {

const sdk::TraceSpan& named(const sdk::ExecutionTrace& trace, const std::string& name) {
  for (const auto& span : trace.spans)
    if (span.name == name) return span;
  BOOST_FAIL("no span named " + name);
  throw std::logic_error("unreachable");
}

void check(const sdk::ExecutionTrace& trace) {
  BOOST_CHECK_NO_THROW(sdk::check_trace(trace, [](std::size_t, std::string_view) { return sdk::Location{}; }));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sdk_tracer)

BOOST_AUTO_TEST_CASE(spans_nest_per_thread_under_the_root) {
  sdk::Tracer tracer("interstice test");
  {
    sdk::ScopedSpan outer(&tracer, "outer");
    outer.module("payments").reducer("transfer").attribute("records", 3).attribute("kind", "v1");
    { sdk::ScopedSpan inner(&tracer, "inner"); }
    { sdk::ScopedSpan second(&tracer, "second"); }
  }
  { sdk::ScopedSpan after(&tracer, "after"); }
  const auto trace = tracer.snapshot();
  check(trace);
  BOOST_TEST(trace.spans.size() == 5u);
  const auto& root = trace.spans.front();
  BOOST_TEST(root.name == "interstice test");
  BOOST_TEST(!root.parent_span_id.has_value());
  BOOST_TEST(trace.root_name == "interstice test");
  BOOST_TEST(sdk::is_hex_id(trace.trace_id, 32));
  const auto& outer = named(trace, "outer");
  BOOST_TEST(*outer.parent_span_id == root.span_id);
  BOOST_TEST(*named(trace, "inner").parent_span_id == outer.span_id);
  BOOST_TEST(*named(trace, "second").parent_span_id == outer.span_id);
  BOOST_TEST(*named(trace, "after").parent_span_id == root.span_id);
  BOOST_TEST(outer.module_id == "payments");
  BOOST_TEST(outer.reducer_name == "transfer");
  BOOST_TEST(outer.attributes.at("records").as_int64() == 3);
  BOOST_TEST(outer.attributes.at("kind").as_string() == "v1");
  BOOST_TEST(outer.attributes.at("thread").to_number<int>() == 0);
  const auto& inner = named(trace, "inner");
  BOOST_TEST(inner.start_time_us >= outer.start_time_us);
  BOOST_TEST(inner.start_time_us + inner.duration_us <= outer.start_time_us + outer.duration_us);
  BOOST_TEST(outer.start_time_us + outer.duration_us <= trace.end_time_us);
  BOOST_TEST(trace.total_duration_us == trace.end_time_us - trace.start_time_us);
  for (const auto& span : trace.spans) BOOST_TEST((span.status == sdk::SpanStatus::Ok));
}

BOOST_AUTO_TEST_CASE(other_threads_hang_from_the_root_or_from_the_span_they_name) {
  sdk::Tracer tracer("threads");
  sdk::ScopedSpan command(&tracer, "command");
  const sdk::SpanRef parent = tracer.current();
  BOOST_TEST(parent.id == command.ref().id);
  std::thread worker([&] {
    { sdk::ScopedSpan batch(&tracer, "batch", parent); sdk::ScopedSpan nested(&tracer, "nested"); }
    sdk::ScopedSpan loose(&tracer, "loose");
  });
  worker.join();
  command.end();
  const auto trace = tracer.snapshot();
  check(trace);
  const auto& batch = named(trace, "batch");
  BOOST_TEST(*batch.parent_span_id == named(trace, "command").span_id);
  BOOST_TEST(*named(trace, "nested").parent_span_id == batch.span_id);
  BOOST_TEST(*named(trace, "loose").parent_span_id == trace.spans.front().span_id);
  BOOST_TEST(batch.attributes.at("thread").to_number<int>() == 1);
  BOOST_TEST(named(trace, "command").attributes.at("thread").to_number<int>() == 0);
}

BOOST_AUTO_TEST_CASE(many_threads_at_once_give_unique_ids) {
  sdk::Tracer tracer("many");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 3000; ++i) {
        sdk::ScopedSpan a(&tracer, "a");
        sdk::ScopedSpan b(&tracer, "b");
      }
    });
  const auto during = tracer.snapshot();  // while they run: every span seen is consistent
  check(during);
  for (auto& thread : threads) thread.join();
  const auto trace = tracer.snapshot();
  BOOST_TEST(trace.spans.size() == 1u + 4u * 6000u);
  check(trace);  // includes: ids unique, parents exist
}

BOOST_AUTO_TEST_CASE(an_exception_marks_the_span_error_and_an_open_span_is_running) {
  sdk::Tracer tracer("status");
  try {
    sdk::ScopedSpan failing(&tracer, "failing");
    throw std::runtime_error("boom");
  } catch (const std::runtime_error&) {
  }
  { sdk::ScopedSpan marked(&tracer, "marked"); marked.fail(); }
  sdk::ScopedSpan open(&tracer, "open");
  const auto trace = tracer.snapshot();
  check(trace);
  BOOST_TEST((named(trace, "failing").status == sdk::SpanStatus::Error));
  BOOST_TEST((named(trace, "marked").status == sdk::SpanStatus::Error));
  const auto& running = named(trace, "open");
  BOOST_TEST((running.status == sdk::SpanStatus::Running));
  BOOST_TEST(running.start_time_us + running.duration_us == trace.end_time_us);
}

BOOST_AUTO_TEST_CASE(nothing_is_recorded_without_a_tracer) {
  sdk::ScopedSpan span(nullptr, "nothing");
  span.attribute("x", 1).module("m");
  BOOST_TEST(!span.recording());
  BOOST_TEST(span.ref().id == 0u);
  BOOST_TEST(sdk::Tracer::active() == nullptr);
  {
    sdk::Tracer tracer("active");
    sdk::Tracer::set_active(&tracer);
    BOOST_TEST(sdk::Tracer::active() == &tracer);
  }
  BOOST_TEST(sdk::Tracer::active() == nullptr);  // a destroyed tracer is no longer the process's
}

BOOST_AUTO_TEST_CASE(log_events_can_name_the_current_span) {
  sdk::Tracer tracer("ids");
  sdk::ScopedSpan span(&tracer, "work");
  BOOST_TEST(tracer.span_id(tracer.current()) == named(tracer.snapshot(), "work").span_id);
  BOOST_TEST(sdk::is_hex_id(tracer.span_id(tracer.current()), 16));
  BOOST_TEST(tracer.trace_id() == tracer.snapshot().trace_id);
}

BOOST_AUTO_TEST_SUITE_END()
