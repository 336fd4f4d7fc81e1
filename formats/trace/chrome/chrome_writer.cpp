// ChromeWriter: tracks per module and thread, overlap tracks for spans that do not nest, then the
// JSON Object Format with the trace's own fields in `otherData`.
#include "chrome_writer.hpp"

#include "interstice/sdk/util/chrome_trace.hpp"
#include "interstice/sdk/value_json.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace json = boost::json;

namespace interstice::formats::chrome {

namespace {

// The thread a span ran on, from its "thread" attribute: its text, "" when it has none.
std::string thread_of(const sdk::TraceSpan& span) {
  const json::value* thread = span.attributes.if_contains("thread");
  if (!thread || thread->is_null()) return "";
  return thread->is_string() ? std::string(thread->get_string()) : json::serialize(*thread);
}

struct Track {
  std::uint64_t pid = 0, tid = 0;
  std::string process, thread;  // names people see
};

// Assigns every span a track: pid per module (sorted, the module-less spans first), tid per
// thread within it; a span that does not nest on its thread's track moves to an overlap track.
class Tracks {
 public:
  Tracks(const sdk::ExecutionTrace& trace, std::vector<std::string>& notes) : trace_(trace), of_span_(trace.spans.size()) {
    std::map<std::string, std::map<std::string, std::vector<std::size_t>>> spans;  // module -> thread -> spans
    for (std::size_t i = 0; i < trace.spans.size(); ++i) spans[trace.spans[i].module_id][thread_of(trace.spans[i])].push_back(i);
    std::uint64_t pid = 0;
    for (auto& [module, threads] : spans) {
      ++pid;
      std::string process = module.empty() ? (trace.root_name.empty() ? "trace" : trace.root_name) : "module " + module;
      std::uint64_t tid = 0;
      std::vector<std::pair<std::string, std::vector<std::size_t>>> overlaps;  // name, spans: after the threads
      for (auto& [thread, members] : threads) {
        Track track{pid, ++tid, process, thread.empty() ? "main" : "thread " + thread};
        tracks_.push_back(track);
        auto lanes = nest(members, track, notes);
        for (std::size_t lane = 1; lane < lanes.size(); ++lane)
          overlaps.emplace_back(fmt::format("{} (overlap {})", track.thread, lane), std::move(lanes[lane]));
      }
      for (auto& [name, members] : overlaps) {
        tracks_.push_back(Track{pid, ++tid, process, name});
        for (std::size_t span : members) of_span_[span] = tracks_.size() - 1;
      }
    }
  }

  const std::vector<Track>& all() const { return tracks_; }
  const Track& of(std::size_t span) const { return tracks_[of_span_[span]]; }

 private:
  // Splits one thread's spans into lanes in which they nest; lane 0 is the thread's own track.
  std::vector<std::vector<std::size_t>> nest(std::vector<std::size_t> members, const Track& track,
                                             std::vector<std::string>& notes) {
    auto end = [&](std::size_t i) { return trace_.spans[i].start_time_us + trace_.spans[i].duration_us; };
    std::sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
      const auto &x = trace_.spans[a], &y = trace_.spans[b];
      return std::tuple(x.start_time_us, -end(a), a) < std::tuple(y.start_time_us, -end(b), b);
    });
    std::vector<std::vector<std::size_t>> lanes, open;  // per lane: its spans, its open spans (a stack)
    for (std::size_t span : members) {
      std::size_t lane = 0;
      for (;; ++lane) {
        if (lane == lanes.size()) lanes.emplace_back(), open.emplace_back();
        auto& stack = open[lane];
        while (!stack.empty() && end(stack.back()) <= trace_.spans[span].start_time_us) stack.pop_back();
        if (stack.empty() || end(span) <= end(stack.back())) break;
        if (lane == 0) {
          const auto &moved = trace_.spans[span], &other = trace_.spans[stack.back()];
          notes.push_back(fmt::format("span {} ({}) overlaps span {} ({}) on track '{}/{}' without nesting in it: "
                                      "moved to an overlap track",
                                      moved.span_id, moved.name, other.span_id, other.name, track.process, track.thread));
        }
      }
      open[lane].push_back(span);
      lanes[lane].push_back(span);
      if (lane == 0) of_span_[span] = tracks_.size() - 1;
    }
    return lanes;
  }

  const sdk::ExecutionTrace& trace_;
  std::vector<Track> tracks_;
  std::vector<std::size_t> of_span_;
};

json::object args_of(const sdk::TraceSpan& span) {
  json::object args{{"span_id", span.span_id}};
  if (span.parent_span_id) args["parent_span_id"] = *span.parent_span_id;
  args["module_id"] = span.module_id;
  args["reducer_name"] = span.reducer_name;
  args["status"] = sdk::to_string(span.status);
  args["attributes"] = span.attributes;
  return args;
}

}  // namespace

std::vector<std::string> ChromeWriter::write(const sdk::ExecutionTrace& trace) {
  std::vector<std::string> notes;
  Tracks tracks(trace, notes);
  std::string text = "{\"traceEvents\":[";
  const char* separator = "\n";
  std::uint64_t named_pid = 0;
  for (const Track& track : tracks.all()) {
    if (track.pid != named_pid) {
      text += separator;
      separator = ",\n";
      sdk::append_chrome_track_name(text, "process_name", track.pid, 0, track.process);
      named_pid = track.pid;
    }
    text += separator;
    sdk::append_chrome_track_name(text, "thread_name", track.pid, track.tid, track.thread);
  }
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    const sdk::TraceSpan& span = trace.spans[i];
    const Track& track = tracks.of(i);
    text += separator;
    separator = ",\n";
    sdk::append_chrome_event_head(text, span.name, span.module_id.empty() ? "interstice" : span.module_id, 'X',
                                  span.start_time_us, track.pid, track.tid);
    text += ",\"dur\":";
    sdk::append_integer(text, span.duration_us);
    text += ",\"args\":" + json::serialize(args_of(span)) + "}";
    if (text.size() > (1u << 20)) {
      out_ << text;
      text.clear();
    }
  }
  json::object other{{"trace_id", trace.trace_id},
                     {"root_name", trace.root_name},
                     {"start_time_us", trace.start_time_us},
                     {"end_time_us", trace.end_time_us},
                     {"total_duration_us", trace.total_duration_us}};
  text += "\n],\"displayTimeUnit\":\"ms\",\"otherData\":" + json::serialize(other) + "}\n";
  out_ << text;
  return notes;
}

}  // namespace interstice::formats::chrome
