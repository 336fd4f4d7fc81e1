// check_trace: the rules of trace_check.hpp, in the order a person fixing a file would want them
// (the trace's own fields, then each span's, then the parent links as a whole). Iterative walks
// only: a chain of a million nested spans must not overflow the stack.
#include "interstice/sdk/trace_check.hpp"

#include <boost/json/value.hpp>
#include <fmt/format.h>

#include <cmath>
#include <unordered_map>
#include <vector>

namespace interstice::sdk {

bool is_hex_id(std::string_view text, std::size_t digits) {
  if (text.size() != digits) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

namespace {

[[noreturn]] void fail(const TraceLocator& locate, std::size_t span, std::string_view field, std::string message) {
  throw Error::input(std::move(message), locate(span, field));
}

// The parent of each span as an index (kTraceItself for a root), checking that each exists.
std::vector<std::size_t> parent_indexes(const ExecutionTrace& trace, const TraceLocator& locate) {
  std::unordered_map<std::string_view, std::size_t> by_id;
  by_id.reserve(trace.spans.size());
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    auto [at, fresh] = by_id.emplace(trace.spans[i].span_id, i);
    if (!fresh)
      fail(locate, i, "span_id", fmt::format("span id {} is not unique (span {} has it too)", trace.spans[i].span_id, at->second));
  }
  std::vector<std::size_t> parents(trace.spans.size(), kTraceItself);
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    const auto& parent = trace.spans[i].parent_span_id;
    if (!parent) continue;
    if (*parent == trace.spans[i].span_id) fail(locate, i, "parent_span_id", fmt::format("span {} is its own parent", *parent));
    auto found = by_id.find(*parent);
    if (found == by_id.end())
      fail(locate, i, "parent_span_id", fmt::format("parent span {} does not exist in this trace", *parent));
    parents[i] = found->second;
  }
  return parents;
}

// Fails at a span whose chain of parents comes back to itself.
void check_no_cycles(const ExecutionTrace& trace, const std::vector<std::size_t>& parents, const TraceLocator& locate) {
  enum : std::uint8_t { unseen, walking, rooted };
  std::vector<std::uint8_t> state(parents.size(), unseen);
  std::vector<std::size_t> path;
  for (std::size_t start = 0; start < parents.size(); ++start) {
    path.clear();
    std::size_t at = start;
    while (at != kTraceItself && state[at] == unseen) {
      state[at] = walking;
      path.push_back(at);
      at = parents[at];
    }
    if (at != kTraceItself && state[at] == walking) {
      std::string chain = trace.spans[at].span_id;
      std::size_t hop = at;
      for (int n = 0; n < 5; ++n) {
        hop = parents[hop];
        chain += " -> " + trace.spans[hop].span_id;
        if (hop == at) break;
      }
      if (hop != at) chain += " -> ...";
      fail(locate, at, "parent_span_id", fmt::format("the parents of span {} form a cycle ({})", trace.spans[at].span_id, chain));
    }
    for (std::size_t i : path) state[i] = rooted;
  }
}

namespace json = boost::json;

// The first attribute whose value holds a number that is not finite, or null. JSON text has no
// infinity: a number too large for a double (`1e400`) parses as one, and no trace writer could
// give it back (the native writer writes null), so a trace that holds one is refused.
const json::key_value_pair* non_finite_attribute(const json::object& attributes) {
  std::vector<const json::value*> pending;
  for (const auto& attribute : attributes) {
    pending.assign(1, &attribute.value());
    while (!pending.empty()) {
      const json::value* at = pending.back();
      pending.pop_back();
      if (at->is_double() && !std::isfinite(at->get_double())) return &attribute;
      if (const json::array* array = at->if_array())
        for (const auto& item : *array) pending.push_back(&item);
      else if (const json::object* object = at->if_object())
        for (const auto& member : *object) pending.push_back(&member.value());
    }
  }
  return nullptr;
}

}  // namespace

void check_trace(const ExecutionTrace& trace, const TraceLocator& locate, std::uint64_t max_spans) {
  if (!is_hex_id(trace.trace_id, 32))
    fail(locate, kTraceItself, "trace_id", fmt::format("trace id \"{}\" is not 32 lower-case hex digits", trace.trace_id));
  if (trace.end_time_us < trace.start_time_us)
    fail(locate, kTraceItself, "end_time_us",
         fmt::format("end_time_us {} is before start_time_us {}", trace.end_time_us, trace.start_time_us));
  if (trace.total_duration_us != trace.end_time_us - trace.start_time_us)
    fail(locate, kTraceItself, "total_duration_us",
         fmt::format("total_duration_us {} is not end_time_us - start_time_us ({})", trace.total_duration_us,
                     trace.end_time_us - trace.start_time_us));
  if (trace.spans.size() > max_spans)
    fail(locate, static_cast<std::size_t>(max_spans), "",
         fmt::format("more than {} spans: the limit for one trace", max_spans));
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    const TraceSpan& span = trace.spans[i];
    if (!is_hex_id(span.span_id, 16))
      fail(locate, i, "span_id", fmt::format("span id \"{}\" is not 16 lower-case hex digits", span.span_id));
    if (span.parent_span_id && !is_hex_id(*span.parent_span_id, 16))
      fail(locate, i, "parent_span_id",
           fmt::format("parent span id \"{}\" is not 16 lower-case hex digits", *span.parent_span_id));
    if (span.name.empty()) fail(locate, i, "name", "a span's name must not be empty");
    if (span.duration_us < 0) fail(locate, i, "duration_us", fmt::format("negative duration {} µs", span.duration_us));
    if (const json::key_value_pair* attribute = non_finite_attribute(span.attributes))
      fail(locate, i, "attributes",
           fmt::format("attribute \"{}\" holds a number out of a double's range (JSON has no infinity)",
                       std::string_view(attribute->key())));
  }
  check_no_cycles(trace, parent_indexes(trace, locate), locate);
}

}  // namespace interstice::sdk
