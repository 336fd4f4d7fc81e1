// OtlpWriter: spans grouped into a resourceSpans entry per module, each span with its times in
// nanoseconds (as strings), SpanKind INTERNAL (1) and a status code (OK 1, ERROR 2, unset 0).
#include "otlp_writer.hpp"

#include "otlp_values.hpp"

#include "interstice/sdk/abi.hpp"

#include <boost/json/serialize.hpp>

#include <map>

namespace json = boost::json;

namespace interstice::formats::otlp {

namespace {

constexpr int kSpanKindInternal = 1;

int status_code(sdk::SpanStatus status) {
  switch (status) {
    case sdk::SpanStatus::Ok: return 1;
    case sdk::SpanStatus::Error: return 2;
    case sdk::SpanStatus::Running: return 0;
  }
  return 0;
}

// µs as OTLP's decimal-string nanoseconds, exact (no multiplication to overflow).
std::string nanos(std::int64_t us) { return us == 0 ? "0" : std::to_string(us) + "000"; }

json::object otlp_span(const sdk::ExecutionTrace& trace, const sdk::TraceSpan& span) {
  json::object attributes = span.attributes;
  attributes[kModuleAttribute] = span.module_id;
  if (!span.reducer_name.empty()) attributes[kReducerAttribute] = span.reducer_name;
  if (span.status == sdk::SpanStatus::Running) attributes[kStatusAttribute] = sdk::to_string(span.status);
  json::object out{{"traceId", trace.trace_id}, {"spanId", span.span_id}};
  if (span.parent_span_id) out["parentSpanId"] = *span.parent_span_id;
  out["name"] = span.name;
  out["kind"] = kSpanKindInternal;
  out["startTimeUnixNano"] = nanos(span.start_time_us);
  out["endTimeUnixNano"] = nanos(span.start_time_us + span.duration_us);
  out["attributes"] = key_values(attributes);
  out["status"] = json::object{{"code", status_code(span.status)}};
  return out;
}

}  // namespace

// Written piece by piece (a resource's spans one at a time), so memory does not grow with the
// trace beyond an index of spans per module.
std::vector<std::string> OtlpWriter::write(const sdk::ExecutionTrace& trace) {
  std::map<std::string, std::vector<std::size_t>> by_module;
  for (std::size_t i = 0; i < trace.spans.size(); ++i) by_module[trace.spans[i].module_id].push_back(i);
  const json::object scope{{"name", "interstice"}, {"version", sdk::kSdkVersion}};
  std::string text = "{\"resourceSpans\":[";
  bool first_resource = true;
  for (const auto& [module, spans] : by_module) {
    json::object resource{{"service.name", module.empty() ? (trace.root_name.empty() ? "interstice" : trace.root_name) : module},
                          {kRootNameAttribute, trace.root_name},
                          {kStartAttribute, trace.start_time_us},
                          {kEndAttribute, trace.end_time_us}};
    text += first_resource ? "" : ",";
    first_resource = false;
    text += "{\"resource\":" + json::serialize(json::object{{"attributes", key_values(resource)}});
    text += ",\"scopeSpans\":[{\"scope\":" + json::serialize(scope) + ",\"spans\":[";
    for (std::size_t i = 0; i < spans.size(); ++i) {
      if (i) text += ',';
      text += json::serialize(otlp_span(trace, trace.spans[spans[i]]));
      if (text.size() > (1u << 20)) {
        out_ << text;
        text.clear();
      }
    }
    text += "]}]}";
  }
  text += "]}\n";
  out_ << text;
  return {};
}

}  // namespace interstice::formats::otlp
