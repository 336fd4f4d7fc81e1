// Reports as documents: how a streamed result (header, items, summary) becomes the one Report it
// stands for, and the typed Finding's JSON form, so check commands write findings and check
// formats read them through one definition instead of agreeing on key names.
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/finding.hpp"
#include "interstice/sdk/report.hpp"

#include <boost/json.hpp>

namespace json = boost::json;

namespace interstice::sdk {

namespace {

template <typename T>
void append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

json::object members_of(json::value& value, const char* part) {
  if (value.is_object()) return std::move(value.get_object());
  if (!value.is_null())
    throw Error::internal(std::string("a streamed result's ") + part + " data must be a JSON object or null");
  return {};
}

std::optional<std::string> string_member(const json::value& value) {
  if (!value.is_string()) return std::nullopt;
  return std::string(value.get_string());
}

std::optional<std::uint64_t> count_member(const json::value& value) {
  if (value.is_uint64()) return value.get_uint64();
  if (value.is_int64() && value.get_int64() >= 0) return static_cast<std::uint64_t>(value.get_int64());
  return std::nullopt;
}

}  // namespace

Report assemble_report(Report header, json::array items, const Report& summary) {
  Report document = std::move(header);
  if (!document.items.empty() || !summary.data.is_null()) {
    json::object data = members_of(document.data, "header");
    if (!document.items.empty()) data[document.items] = std::move(items);
    json::value tail = summary.data;
    for (auto& member : members_of(tail, "summary")) data[member.key()] = std::move(member.value());
    document.data = std::move(data);
  }
  auto& hints = document.presentation;
  const auto& more = summary.presentation;
  if (!more.title.empty()) hints.title = more.title;
  append(hints.tables, more.tables);
  append(hints.lines, more.lines);
  append(hints.hidden, more.hidden);
  append(hints.fields, more.fields);
  append(hints.compact, more.compact);
  if (!more.summary.empty()) hints.summary = more.summary;
  hints.listing = hints.listing || more.listing;
  document.outcome = summary.outcome;
  document.items.clear();
  document.flush_items = false;
  return document;
}

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::none: break;
  }
  return "";
}

std::string_view to_string(ChangeClass change) {
  switch (change) {
    case ChangeClass::breaking: return "breaking";
    case ChangeClass::data_breaking: return "data_breaking";
    case ChangeClass::compatible: return "compatible";
    case ChangeClass::none: break;
  }
  return "";
}

json::object to_json(const Finding& finding) {
  json::object out;
  out["rule"] = finding.rule;
  if (finding.severity != Severity::none) out["severity"] = to_string(finding.severity);
  if (finding.change_class != ChangeClass::none) out["class"] = to_string(finding.change_class);
  if (finding.pointer) out["pointer"] = *finding.pointer;
  for (const auto& member : finding.subject) out[member.key()] = member.value();
  out["message"] = finding.message;
  out["file_path"] = finding.file;
  if (finding.location) out["location"] = *finding.location;
  if (finding.record) {
    out["index"] = finding.record->index;
    out["offset"] = finding.record->offset;
  }
  for (const auto& member : finding.details) out[member.key()] = member.value();
  return out;
}

Finding finding_from_json(const json::object& object) {
  Finding finding;
  bool after_message = false;
  std::optional<std::uint64_t> index, offset;
  auto other = [&](const json::key_value_pair& member) {
    (after_message ? finding.details : finding.subject)[member.key()] = member.value();
  };
  for (const auto& member : object) {
    const auto key = member.key();
    const auto& value = member.value();
    auto text = string_member(value);
    if (key == "rule") {
      finding.rule = text.value_or("");
    } else if (key == "severity") {
      finding.severity = text == "error" ? Severity::error : text == "warning" ? Severity::warning : Severity::none;
    } else if (key == "class") {
      finding.change_class = text == "breaking"        ? ChangeClass::breaking
                             : text == "data_breaking" ? ChangeClass::data_breaking
                             : text == "compatible"    ? ChangeClass::compatible
                                                       : ChangeClass::none;
    } else if (key == "pointer") {
      finding.pointer = text;
    } else if (key == "message") {
      finding.message = text.value_or("");
      after_message = true;
    } else if (key == "file_path") {
      finding.file = text.value_or("");
    } else if (key == "location") {
      finding.location = text;
    } else if (key == "index" && count_member(value)) {
      index = count_member(value);
    } else if (key == "offset" && count_member(value)) {
      offset = count_member(value);
    } else {
      other(member);
    }
  }
  if (index && offset) finding.record = RecordRef{finding.file, *index, *offset};
  else if (index) finding.details["index"] = *index;
  else if (offset) finding.details["offset"] = *offset;
  return finding;
}

std::vector<Finding> findings_of(const json::value& data) {
  std::vector<Finding> findings;
  const json::value* array = data.is_object() ? data.get_object().if_contains("findings") : nullptr;
  if (!array || !array->is_array()) return findings;
  for (const auto& element : array->get_array())
    if (element.is_object()) findings.push_back(finding_from_json(element.get_object()));
  return findings;
}

}  // namespace interstice::sdk
