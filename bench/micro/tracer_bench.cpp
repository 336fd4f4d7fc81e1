// What a span costs (Google Benchmark): with no tracer (the cost left in every build), recorded
// on one thread, nested, with an attribute, and recorded by two threads at once; and, as the
// baseline in the same run, the two cycle-counter reads every recorded span needs. bench/tracer.sh
// runs it next to the `--trace` overhead on log-inspect.
#include "interstice/sdk/tracer.hpp"

#include <benchmark/benchmark.h>

#include <memory>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

namespace sdk = interstice::sdk;

namespace {

// A recording that never fills: a fresh tracer every 500,000 spans (the limit per trace is a
// million), made outside the timed region.
class Recording {
 public:
  sdk::Tracer* get(benchmark::State& state) {
    if (!tracer_ || ++spans_ == 500'000) {
      state.PauseTiming();
      tracer_ = std::make_unique<sdk::Tracer>("bench");
      spans_ = 0;
      state.ResumeTiming();
    }
    return tracer_.get();
  }

 private:
  std::unique_ptr<sdk::Tracer> tracer_;
  int spans_ = 0;
};

// The floor under a recorded span: the two reads of the cycle counter it takes (start and end).
// How much a span costs beyond this is the tracer's own work.
void two_clock_reads(benchmark::State& state) {
  for (auto _ : state) {
#if defined(__x86_64__) || defined(__i386__)
    benchmark::DoNotOptimize(__rdtsc());
    benchmark::DoNotOptimize(__rdtsc());
#else
    state.SkipWithError("no cycle counter on this architecture");
#endif
  }
}

void span_off(benchmark::State& state) {
  sdk::Tracer* volatile off = nullptr;  // as a plugin sees host().tracer() without --trace
  for (auto _ : state) {
    sdk::ScopedSpan span(off, "decode");
    benchmark::DoNotOptimize(span);
  }
}

void span_on(benchmark::State& state) {
  Recording recording;
  for (auto _ : state) {
    sdk::Tracer* tracer = recording.get(state);
    sdk::ScopedSpan span(tracer, "decode");
    benchmark::DoNotOptimize(span);
  }
}

void span_on_nested(benchmark::State& state) {  // per iteration: two spans, one inside the other
  Recording recording;
  for (auto _ : state) {
    sdk::Tracer* tracer = recording.get(state);
    sdk::ScopedSpan outer(tracer, "batch");
    sdk::ScopedSpan inner(tracer, "decode");
    benchmark::DoNotOptimize(inner);
  }
  state.SetItemsProcessed(state.iterations() * 2);
}

void span_on_with_attribute(benchmark::State& state) {  // the slow path, for comparison
  Recording recording;
  for (auto _ : state) {
    sdk::Tracer* tracer = recording.get(state);
    sdk::ScopedSpan span(tracer, "decode");
    span.attribute("records", 4096);
  }
}

sdk::Tracer shared("bench threads");
void span_on_threads(benchmark::State& state) {  // two threads recording into one tracer
  for (auto _ : state) {  // 2 x 200,000 spans: well inside one trace's limit
    sdk::ScopedSpan span(&shared, "decode");
    benchmark::DoNotOptimize(span);
  }
}

}  // namespace

BENCHMARK(two_clock_reads);
BENCHMARK(span_off);
BENCHMARK(span_on);
BENCHMARK(span_on_nested);
BENCHMARK(span_on_with_attribute);
BENCHMARK(span_on_threads)->Threads(2)->Iterations(200'000);

BENCHMARK_MAIN();
