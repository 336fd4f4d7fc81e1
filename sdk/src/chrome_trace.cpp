// Chrome Trace Event Format pieces: metadata events and the head of every event.
#include "interstice/sdk/util/chrome_trace.hpp"

#include "interstice/sdk/value_json.hpp"

namespace interstice::sdk {

namespace {

void append_track(std::string& out, std::uint64_t pid, std::uint64_t tid) {
  out += ",\"pid\":";
  append_integer(out, pid);
  out += ",\"tid\":";
  append_integer(out, tid);
}

}  // namespace

void append_chrome_event_head(std::string& out, std::string_view name, std::string_view category, char phase,
                              std::int64_t ts_us, std::uint64_t pid, std::uint64_t tid) {
  out += "{\"name\":";
  append_json_string(out, name);
  out += ",\"cat\":";
  append_json_string(out, category);
  out += ",\"ph\":\"";
  out += phase;
  out += "\",\"ts\":";
  append_integer(out, ts_us);
  append_track(out, pid, tid);
}

void append_chrome_track_name(std::string& out, std::string_view what, std::uint64_t pid, std::uint64_t tid,
                              std::string_view name) {
  out += "{\"name\":";
  append_json_string(out, what);
  out += ",\"ph\":\"M\"";
  append_track(out, pid, tid);
  out += ",\"args\":{\"name\":";
  append_json_string(out, name);
  out += "}}";
}

}  // namespace interstice::sdk
