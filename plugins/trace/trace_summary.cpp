// The summary's numbers: groups of durations (by reducer, by span name) with nearest-rank
// percentiles, self times and the critical path from sdk::TraceTree.
#include "trace_summary.hpp"

#include "interstice/sdk/util/trace_tree.hpp"
#include "interstice/sdk/wording.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace json = boost::json;

namespace interstice::plugins::trace {

namespace {

// The durations of one group of spans.
struct Group {
  std::vector<std::int64_t> durations;
  std::int64_t total = 0, self = 0;
  std::set<std::string> modules;
};

// Nearest rank: the smallest duration with at least `q` of the group at or below it.
std::int64_t percentile(const std::vector<std::int64_t>& sorted, double q) {
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

json::array rows(std::map<std::string, Group>& groups, const char* key, bool with_modules) {
  std::vector<std::pair<std::string, Group*>> order;
  for (auto& [name, group] : groups) order.emplace_back(name, &group);
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second->total > b.second->total; });
  json::array out;
  for (auto& [name, group] : order) {
    std::sort(group->durations.begin(), group->durations.end());
    json::object row{{key, name}};
    if (with_modules) row["modules"] = json::array(group->modules.begin(), group->modules.end());
    row["count"] = group->durations.size();
    row["total_us"] = group->total;
    row["self_us"] = group->self;
    row["p50_us"] = percentile(group->durations, 0.50);
    row["p95_us"] = percentile(group->durations, 0.95);
    row["p99_us"] = percentile(group->durations, 0.99);
    row["max_us"] = group->durations.back();
    out.push_back(std::move(row));
  }
  return out;
}

void add(Group& group, const sdk::TraceTree& tree, std::size_t index) {
  const auto& span = tree.span(index);
  group.durations.push_back(span.duration_us);
  group.total += span.duration_us;
  group.self += tree.self_us(index);
  if (!span.module_id.empty()) group.modules.insert(span.module_id);
}

sdk::TableHint stats_table(std::string array, std::string first_header, std::string first_pointer) {
  return {std::move(array),
          {{std::move(first_header), std::move(first_pointer)}, {"CALLS", "/count"}, {"TOTAL µs", "/total_us"},
           {"SELF µs", "/self_us"}, {"P50 µs", "/p50_us"}, {"P95 µs", "/p95_us"}, {"P99 µs", "/p99_us"},
           {"MAX µs", "/max_us"}}};
}

constexpr std::size_t kPathShownInText = 50;  // longer critical paths show in text by name only
constexpr std::size_t kPathListed = 10'000;    // a longer path lists its longest stretches only

}  // namespace

sdk::Report summarize(const TraceInput& input, const std::string& path) {
  const sdk::ExecutionTrace& trace = input.trace;
  sdk::TraceTree tree(trace);
  std::map<std::string, Group> by_reducer, by_name;
  std::uint64_t module_calls = 0, reducer_calls = 0, errors = 0, running = 0;
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    const auto& span = trace.spans[i];
    module_calls += !span.module_id.empty();
    reducer_calls += !span.reducer_name.empty();
    errors += span.status == sdk::SpanStatus::Error;
    running += span.status == sdk::SpanStatus::Running;
    if (!span.reducer_name.empty()) add(by_reducer[span.reducer_name], tree, i);
    add(by_name[span.name], tree, i);
  }
  json::object time_by_reducer;
  json::array reducers = rows(by_reducer, "reducer_name", true);
  for (const auto& row : reducers) time_by_reducer[row.at("reducer_name").as_string()] = row.at("total_us");

  auto segments = tree.critical_path();
  std::int64_t path_us = 0;
  std::map<std::string, std::int64_t> path_time;
  auto name_of = [&](const sdk::TraceTree::Segment& segment) {
    return segment.span == sdk::kNoSpan ? std::string("(no span)") : tree.span(segment.span).name;
  };
  for (const auto& segment : segments) {
    path_us += segment.duration_us;
    path_time[name_of(segment)] += segment.duration_us;
  }
  const std::size_t segment_count = segments.size();
  if (segments.size() > kPathListed) {  // the longest stretches, still in time order
    std::vector<std::size_t> order(segments.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::nth_element(order.begin(), order.begin() + kPathListed, order.end(), [&](std::size_t a, std::size_t b) {
      return std::pair(segments[a].duration_us, b) > std::pair(segments[b].duration_us, a);
    });
    order.resize(kPathListed);
    std::sort(order.begin(), order.end());
    std::vector<sdk::TraceTree::Segment> kept;
    for (std::size_t i : order) kept.push_back(segments[i]);
    segments = std::move(kept);
  }
  json::array critical_path;
  for (const auto& segment : segments) {
    bool untraced = segment.span == sdk::kNoSpan;
    critical_path.push_back(json::object{{"span_id", untraced ? json::value(nullptr) : json::value(tree.span(segment.span).span_id)},
                                         {"name", name_of(segment)},
                                         {"offset_us", segment.start_us - trace.start_time_us},
                                         {"duration_us", segment.duration_us}});
  }
  std::vector<std::pair<std::string, std::int64_t>> path_order(path_time.begin(), path_time.end());
  std::stable_sort(path_order.begin(), path_order.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  json::array path_by_span_name;
  for (const auto& [name, us] : path_order) path_by_span_name.push_back(json::object{{"name", name}, {"duration_us", us}});

  json::object data{{"trace_id", trace.trace_id},
                    {"total_duration_us", trace.total_duration_us},
                    {"span_count", trace.spans.size()},
                    {"module_call_count", module_calls},
                    {"reducer_call_count", reducer_calls},
                    {"total_time_by_reducer", std::move(time_by_reducer)},
                    {"file_path", path},
                    {"format", input.format},
                    {"root_name", trace.root_name},
                    {"start_time_us", trace.start_time_us},
                    {"error_count", errors},
                    {"running_count", running},
                    {"reducers", std::move(reducers)},
                    {"span_names", rows(by_name, "name", false)},
                    {"critical_path_us", path_us},
                    {"critical_path_segments", segment_count},
                    {"critical_path_by_name", std::move(path_by_span_name)},
                    {"critical_path", std::move(critical_path)}};
  sdk::Report report;
  report.presentation.title = fmt::format("Trace {}: {}", trace.trace_id, trace.root_name);
  report.presentation.tables.push_back(stats_table("/reducers", "REDUCER", "/reducer_name"));
  report.presentation.tables.back().columns.insert(report.presentation.tables.back().columns.begin() + 1, {"MODULES", "/modules"});
  report.presentation.tables.push_back(stats_table("/span_names", "SPAN", "/name"));
  report.presentation.tables.push_back({"/critical_path_by_name", {{"SPAN", "/name"}, {"ON THE CRITICAL PATH µs", "/duration_us"}}});
  report.presentation.tables.push_back(
      {"/critical_path", {{"OFFSET µs", "/offset_us"}, {"DURATION µs", "/duration_us"}, {"SPAN", "/name"}, {"ID", "/span_id"}}});
  report.presentation.hidden = {"/total_time_by_reducer", "/file_path", "/trace_id", "/root_name"};
  if (data["critical_path"].as_array().size() > kPathShownInText) report.presentation.hidden.push_back("/critical_path");
  if (segment_count <= kPathShownInText) report.presentation.hidden.push_back("/critical_path_segments");
  report.presentation.summary =
      fmt::format("{}: {}, {}, {} µs in all", path, sdk::plural(trace.spans.size(), "span"),
                  sdk::plural(reducer_calls, "reducer call"), trace.total_duration_us);
  report.data = std::move(data);
  return report;
}

}  // namespace interstice::plugins::trace
