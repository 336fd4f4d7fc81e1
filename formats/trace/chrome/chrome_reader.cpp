// Chrome trace -> ExecutionTrace. Events stream one at a time (JsonStream), so a file of millions
// of counters and instants costs no memory; only spans are kept, at most kMaxTraceSpans.
#include "chrome_reader.hpp"

#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/trace_check.hpp"
#include "interstice/sdk/util/json_fields.hpp"
#include "interstice/sdk/util/json_stream.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace json = boost::json;

namespace interstice::formats::chrome {

namespace {

struct Read {
  sdk::TraceSpan span;
  std::size_t event = 0;  // its event's index (an `E` event's `B`)
  std::size_t track = 0;  // pid/tid, for nesting: an index into the reader's track names
  bool own_ids = false; // its args carry span_id (and parent_span_id): written by our writer
};

std::string id_text(const json::value& value) { return value.is_string() ? std::string(value.get_string()) : json::serialize(value); }

class ChromeReader {
 public:
  ChromeReader(std::istream& in, const std::string& file)
      : stream_(in, file, {"/traceEvents", ""}, {.max_elements = 100'000'000, .element_noun = "events"},
                {"/stackFrames", "/samples", "/systemTraceEvents"}),  // a profile's parts: not spans
        locate_([this](std::string pointer) { return stream_.location(std::move(pointer)); }) {}

  void read(const sdk::TraceSink& sink) {
    auto document = stream_.next([this](const std::string& pointer, json::value&& event) { add(pointer, event); });
    if (!document) throw sdk::Error::input("holds no trace", locate_(""));
    if (stream_.next([](const std::string&, json::value&&) {}))
      throw sdk::Error::input("a Chrome trace file holds one JSON document; found a second", locate_(""));
    close_open_spans();
    sdk::ExecutionTrace trace = assemble(*document);
    sdk::check_trace(trace, [this](std::size_t span, std::string_view field) { return where(span, field); });
    sink(std::move(trace));
  }

 private:
  void add(const std::string& pointer, const json::value& event) {
    sdk::JsonFields fields(event, pointer, locate_);
    std::string phase = fields.optional_string("ph").value_or("");
    if (phase != "X" && phase != "B" && phase != "E") return;  // instants, counters, metadata, flows...
    std::string track_name = id_text(fields.find("pid") ? fields.at("pid") : json::value(0)) + "/" +
                             id_text(fields.find("tid") ? fields.at("tid") : json::value(0));
    std::size_t track = tracks_.emplace(track_name, tracks_.size()).first->second;
    double ts = fields.optional_number("ts").value_or(0);
    if (!std::isfinite(ts) || std::abs(ts) > 9e15) fields.fail("ts", "the timestamp is out of range");
    if (phase == "E") {
      auto& stack = open_[track];
      if (stack.empty()) fields.fail("ph", fmt::format("an E event with no B event open on track {}", track_name));
      Read begun = std::move(stack.back());
      stack.pop_back();
      begun.span.duration_us = std::llround(ts) - begun.span.start_time_us;
      if (begun.span.duration_us < 0) fields.fail("ts", "the E event ends before its B event begins");
      keep(std::move(begun));
      return;
    }
    Read read;
    events_under_ = pointer.substr(0, pointer.rfind('/'));
    read.event = std::stoul(pointer.substr(pointer.rfind('/') + 1));
    read.track = track;
    read.span.name = fields.optional_string("name").value_or("");
    read.span.start_time_us = std::llround(ts);
    if (phase == "X") {
      auto dur = fields.optional_number("dur").value_or(0);
      if (!std::isfinite(dur) || std::abs(dur) > 9e15) fields.fail("dur", "the duration is out of range");
      read.span.duration_us = std::llround(dur);
    }
    take_args(fields, read);
    if (phase == "B") open_[track].push_back(std::move(read));
    else keep(std::move(read));
  }

  // Our writer's args give the span back as it was; any other args become attributes.
  void take_args(const sdk::JsonFields& fields, Read& read) const {
    const json::object* args = fields.optional_object("args");
    if (args && args->contains("span_id")) {
      sdk::JsonFields own(fields.at("args"), fields.pointer("args"), locate_);
      read.own_ids = true;
      read.span.span_id = own.string("span_id");
      read.span.parent_span_id = own.optional_string("parent_span_id");
      read.span.module_id = own.optional_string("module_id").value_or("");
      read.span.reducer_name = own.optional_string("reducer_name").value_or("");
      if (auto status = own.optional_string("status")) {
        auto parsed = sdk::parse_span_status(*status);
        if (!parsed) own.fail("status", fmt::format("unknown status \"{}\" (Ok, Error or Running)", *status));
        read.span.status = *parsed;
      }
      if (const json::object* attributes = own.optional_object("attributes")) read.span.attributes = *attributes;
      return;
    }
    if (args) read.span.attributes = *args;
    const json::value& tid = fields.find("tid") ? fields.at("tid") : json::value(0);
    read.span.attributes["thread"] = tid;
  }

  void keep(Read read) {
    if (reads_.size() >= sdk::kMaxTraceSpans)
      throw sdk::Error::input(fmt::format("more than {} spans: the limit for one trace", sdk::kMaxTraceSpans),
                              locate_(pointer_of(read)));
    reads_.push_back(std::move(read));
  }

  // A B event never ended: a span still running when the trace was written.
  void close_open_spans() {
    std::int64_t last = 0;
    for (const Read& read : reads_) last = std::max(last, read.span.start_time_us + read.span.duration_us);
    for (auto& [track, stack] : open_) {
      for (Read& read : stack) {
        last = std::max(last, read.span.start_time_us);
        read.span.duration_us = last - read.span.start_time_us;
        read.span.status = sdk::SpanStatus::Running;
        keep(std::move(read));
      }
    }
  }

  // Ids for spans that came without (not written by us), and parents from nesting on a track.
  void infer_ids() {
    std::map<std::size_t, std::vector<std::size_t>> by_track;
    for (std::size_t i = 0; i < reads_.size(); ++i) {
      if (reads_[i].own_ids) continue;
      reads_[i].span.span_id = fmt::format("c{:015x}", i + 1);
      by_track[reads_[i].track].push_back(i);
    }
    for (auto& [track, members] : by_track) {
      auto end = [&](std::size_t i) { return reads_[i].span.start_time_us + reads_[i].span.duration_us; };
      std::sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
        return std::tuple(reads_[a].span.start_time_us, -end(a), a) < std::tuple(reads_[b].span.start_time_us, -end(b), b);
      });
      std::vector<std::size_t> open;
      for (std::size_t i : members) {
        while (!open.empty() && end(open.back()) <= reads_[i].span.start_time_us) open.pop_back();
        if (!open.empty() && end(i) <= end(open.back())) reads_[i].span.parent_span_id = reads_[open.back()].span.span_id;
        open.push_back(i);
      }
    }
  }

  sdk::ExecutionTrace assemble(const json::value& document) {
    infer_ids();
    sdk::ExecutionTrace trace;
    const json::object* other = nullptr;
    if (document.is_object()) {
      sdk::JsonFields top(document, "", locate_);
      if (!top.optional_array("traceEvents")) top.at("traceEvents");
      other = top.optional_object("otherData");
    }
    std::int64_t first = reads_.empty() ? 0 : INT64_MAX, last = 0;
    for (const Read& read : reads_) {
      first = std::min(first, read.span.start_time_us);
      last = std::max(last, read.span.start_time_us + read.span.duration_us);
    }
    const json::value other_data = other ? json::value(*other) : json::value(json::object{});
    sdk::JsonFields others(other_data, "/otherData", locate_);
    trace.trace_id = others.optional_string("trace_id")
                         .value_or(fmt::format("{:016x}{:016x}", static_cast<std::uint64_t>(first), reads_.size() + 1));
    trace.root_name = others.optional_string("root_name").value_or("chrome trace");
    trace.start_time_us = others.optional_integer("start_time_us").value_or(first);
    trace.end_time_us = others.optional_integer("end_time_us").value_or(std::max(first, last));
    trace.total_duration_us = trace.end_time_us - trace.start_time_us;
    trace.spans.reserve(reads_.size());
    for (Read& read : reads_) trace.spans.push_back(std::move(read.span));
    return trace;
  }

  // A field of a span, named as the native format names it, in the Chrome file.
  sdk::Location where(std::size_t span, std::string_view field) const {
    if (span == sdk::kTraceItself) return locate_(sdk::json_pointer_append("/otherData", field));
    if (span >= reads_.size()) return locate_("");
    static const std::map<std::string_view, std::string_view> kChromeNames = {
        {"span_id", "args/span_id"}, {"parent_span_id", "args/parent_span_id"}, {"name", "name"},
        {"duration_us", "dur"}, {"start_time_us", "ts"}};
    auto found = kChromeNames.find(field);
    return locate_(found == kChromeNames.end() ? pointer_of(reads_[span]) : pointer_of(reads_[span]) + "/" + std::string(found->second));
  }

  sdk::JsonStream stream_;
  sdk::JsonLocator locate_;
  std::vector<Read> reads_;
  std::map<std::size_t, std::vector<Read>> open_;  // B events not yet ended, per track
  std::map<std::string, std::size_t> tracks_;      // "pid/tid" -> track index
  std::string events_under_;                       // "/traceEvents", or "" for a bare array

  std::string pointer_of(const Read& read) const { return sdk::json_pointer_append(events_under_, read.event); }
};

}  // namespace

void read_chrome_trace(std::istream& in, const std::string& file, const sdk::TraceSink& sink) {
  ChromeReader(in, file).read(sink);
}

}  // namespace interstice::formats::chrome
