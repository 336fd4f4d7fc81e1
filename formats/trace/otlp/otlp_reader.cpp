// OTLP/JSON -> ExecutionTrace: spans stream one at a time (JsonStream), are grouped by traceId,
// and take their module from the `interstice.module_id` attribute or else the resource's
// `service.name`, resolved once the document's resources are known.
#include "otlp_reader.hpp"

#include "otlp_values.hpp"
#include "otlp_writer.hpp"  // the interstice.* attribute names

#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/trace_check.hpp"
#include "interstice/sdk/util/json_fields.hpp"
#include "interstice/sdk/util/json_stream.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>

namespace json = boost::json;

namespace interstice::formats::otlp {

namespace {

// Where a span was read from.
struct Place {
  std::uint64_t document = 0;
  std::size_t resource = 0;  // /resourceSpans/<resource>/scopeSpans/<scope>/spans/<index>
  std::size_t scope = 0, index = 0;
  bool has_module = false;   // an interstice.module_id attribute named it
};

// One trace being gathered: its spans and, side by side, where each came from.
struct Building {
  std::string trace_id;
  std::vector<sdk::TraceSpan> spans;
  std::vector<Place> places;
  json::object resource;  // the first span's resource attributes
};

std::string lower_hex(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Takes a string attribute out of `attributes` (the model has a field of its own for it).
std::optional<std::string> take(json::object& attributes, const char* key) {
  auto found = attributes.find(key);
  if (found == attributes.end() || !found->value().is_string()) return std::nullopt;
  std::string text(found->value().get_string());
  attributes.erase(found);
  return text;
}

class OtlpReader {
 public:
  OtlpReader(std::istream& in, const std::string& file)
      : file_(file),
        stream_(in, file, {"/resourceSpans/*/scopeSpans/*/spans"},
                {.max_elements = sdk::kMaxTraceSpans, .element_noun = "spans"}),
        locate_([this](std::string pointer) { return stream_.location(std::move(pointer)); }) {}

  void read(const sdk::TraceSink& sink) {
    std::uint64_t document_index = 0;
    while (true) {
      current_.clear();
      auto document = stream_.next([&](const std::string& pointer, json::value&& span) { add(pointer, span, document_index); });
      if (!document) break;
      resolve_resources(*document);
      ++document_index;
    }
    if (document_index == 0) throw sdk::Error::input("holds no trace", locate_(""));
    for (Building& building : traces_) sink(assemble(building));
  }

 private:
  void add(const std::string& pointer, const json::value& value, std::uint64_t document) {
    if (++span_count_ > sdk::kMaxTraceSpans)
      throw sdk::Error::input(fmt::format("more than {} spans: the limit for one file", sdk::kMaxTraceSpans), locate_(pointer));
    sdk::JsonFields fields(value, pointer, locate_);
    struct {
      sdk::TraceSpan span;
      Place place;
    } read;
    read.place.document = document;
    if (std::sscanf(pointer.c_str(), "/resourceSpans/%zu/scopeSpans/%zu/spans/%zu", &read.place.resource, &read.place.scope,
                    &read.place.index) != 3)
      throw sdk::Error::internal("unexpected OTLP span pointer " + pointer);
    std::string trace_id = lower_hex(fields.string("traceId"));
    read.span.span_id = lower_hex(fields.string("spanId"));
    if (auto parent = fields.optional_string("parentSpanId"); parent && !parent->empty()) read.span.parent_span_id = lower_hex(*parent);
    read.span.name = fields.string("name");
    std::int64_t start = fields.optional_integer_or_string("startTimeUnixNano").value_or(0);
    std::int64_t end = fields.optional_integer_or_string("endTimeUnixNano").value_or(start);
    read.span.start_time_us = start / 1000;
    read.span.duration_us = end / 1000 - start / 1000;
    if (const json::array* attributes = fields.optional_array("attributes")) read.span.attributes = plain(fields, "attributes", *attributes);
    if (auto module = take(read.span.attributes, kModuleAttribute)) {
      read.span.module_id = *module;
      read.place.has_module = true;
    }
    read.span.reducer_name = take(read.span.attributes, kReducerAttribute).value_or("");
    bool running = take(read.span.attributes, kStatusAttribute) == std::optional<std::string>("Running");
    read.span.status = running ? sdk::SpanStatus::Running : status_of(fields);
    auto [at, fresh] = by_trace_id_.emplace(trace_id, traces_.size());
    if (fresh) traces_.push_back(Building{trace_id, {}, {}, {}});
    Building& building = traces_[at->second];
    current_.emplace_back(at->second, building.spans.size());
    building.spans.push_back(std::move(read.span));
    building.places.push_back(read.place);
  }

  json::object plain(const sdk::JsonFields& fields, const char* key, const json::array& list) const {
    try {
      return plain_attributes(list);
    } catch (const std::invalid_argument& e) {
      fields.fail(key, e.what());
    }
  }

  // OK (1) and unset (0) are Ok; ERROR (2) is Error; the enum's names are accepted too.
  sdk::SpanStatus status_of(const sdk::JsonFields& fields) const {
    const json::object* status = fields.optional_object("status");
    if (!status) return sdk::SpanStatus::Ok;
    sdk::JsonFields code(fields.at("status"), fields.pointer("status"), locate_);
    const json::value* value = code.find("code");
    if (!value) return sdk::SpanStatus::Ok;
    if (value->is_string()) {
      std::string_view name = value->get_string();
      if (name == "STATUS_CODE_ERROR") return sdk::SpanStatus::Error;
      if (name == "STATUS_CODE_OK" || name == "STATUS_CODE_UNSET") return sdk::SpanStatus::Ok;
      code.fail("code", fmt::format("unknown status code \"{}\"", name));
    }
    std::int64_t number = code.integer("code");
    if (number < 0 || number > 2) code.fail("code", fmt::format("status code {} is not 0, 1 or 2", number));
    return number == 2 ? sdk::SpanStatus::Error : sdk::SpanStatus::Ok;
  }

  // The spans of this document without an interstice.module_id take their resource's
  // service.name; each trace keeps its first span's resource attributes.
  void resolve_resources(const json::value& document) {
    sdk::JsonFields top(document, "", locate_);
    const json::array* resources = top.optional_array("resourceSpans");
    if (!resources) top.at("resourceSpans");
    std::vector<json::object> attributes;
    for (std::size_t r = 0; r < resources->size(); ++r) {
      sdk::JsonFields entry((*resources)[r], sdk::json_pointer_append("/resourceSpans", r), locate_);
      json::object plain_list;
      if (entry.optional_object("resource")) {
        sdk::JsonFields fields(entry.at("resource"), entry.pointer("resource"), locate_);
        if (const json::array* list = fields.optional_array("attributes")) plain_list = plain(fields, "attributes", *list);
      }
      attributes.push_back(std::move(plain_list));
    }
    for (auto [trace, position] : current_) {
      Building& building = traces_[trace];
      const Place& place = building.places[position];
      if (place.resource >= attributes.size()) continue;
      const json::object& resource = attributes[place.resource];
      const json::value* service = resource.if_contains("service.name");
      if (!place.has_module && service && service->is_string()) building.spans[position].module_id = service->get_string();
      if (position == 0) building.resource = resource;
    }
  }

  sdk::ExecutionTrace assemble(Building& building) {
    sdk::ExecutionTrace trace;
    trace.trace_id = building.trace_id;
    std::int64_t first = INT64_MAX, last = INT64_MIN;
    std::string root_name;
    for (const sdk::TraceSpan& span : building.spans) {
      first = std::min(first, span.start_time_us);
      last = std::max(last, span.start_time_us + span.duration_us);
      if (!span.parent_span_id && root_name.empty()) root_name = span.name;
    }
    auto integer = [&](const char* key, std::int64_t otherwise) {
      const json::value* value = building.resource.if_contains(key);
      return value && value->is_int64() ? value->get_int64() : otherwise;
    };
    const json::value* name = building.resource.if_contains(kRootNameAttribute);
    trace.root_name = name && name->is_string() ? std::string(name->get_string()) : root_name.empty() ? "otlp trace" : root_name;
    trace.start_time_us = integer(kStartAttribute, first);
    trace.end_time_us = integer(kEndAttribute, std::max(first, last));
    trace.total_duration_us = trace.end_time_us - trace.start_time_us;
    trace.spans = std::move(building.spans);
    sdk::check_trace(trace, [&](std::size_t span, std::string_view field) { return where(building, span, field); });
    return trace;
  }

  // A field of a span, named as the native format names it, in the OTLP file.
  sdk::Location where(const Building& building, std::size_t span, std::string_view field) const {
    static const std::map<std::string_view, std::string_view> kOtlpNames = {
        {"span_id", "spanId"}, {"parent_span_id", "parentSpanId"}, {"name", "name"},
        {"duration_us", "endTimeUnixNano"}, {"start_time_us", "startTimeUnixNano"}, {"trace_id", "traceId"}};
    if (span == sdk::kTraceItself || span >= building.places.size()) span = 0;
    const Place& read = building.places[span];
    auto found = kOtlpNames.find(field);
    std::string span_pointer = fmt::format("/resourceSpans/{}/scopeSpans/{}/spans/{}", read.resource, read.scope, read.index);
    std::string pointer = found == kOtlpNames.end() ? span_pointer : sdk::json_pointer_append(span_pointer, found->second);
    sdk::Location location = sdk::Location::at_pointer(file_, pointer);
    if (read.document > 0) location.record_index = read.document;
    return location;
  }

  std::string file_;
  sdk::JsonStream stream_;
  sdk::JsonLocator locate_;
  std::uint64_t span_count_ = 0;
  std::vector<std::pair<std::size_t, std::size_t>> current_;  // (trace, position) of this document's spans
  std::vector<Building> traces_;
  std::map<std::string, std::size_t> by_trace_id_;
};

}  // namespace

void read_otlp_traces(std::istream& in, const std::string& file, const sdk::TraceSink& sink) {
  OtlpReader(in, file).read(sink);
}

}  // namespace interstice::formats::otlp
