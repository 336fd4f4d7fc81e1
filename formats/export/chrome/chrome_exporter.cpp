// The `chrome` exporter: a transaction log as a Chrome Trace Event Format timeline that opens in
// ui.perfetto.dev. A track group per module and a track per table, an instant event per record
// (its operation, table and primary key), and a "records per second" counter. Logs without
// timestamps (framed logs) are laid out by record index, one record per millisecond.
#include "interstice/sdk/exporter.hpp"
#include "interstice/sdk/util/chrome_trace.hpp"
#include "interstice/sdk/value_json.hpp"

#include <map>
#include <string>

namespace sdk = interstice::sdk;

namespace interstice::formats::chrome_export {

namespace {

constexpr std::uint64_t kLogPid = 1;  // the log's own track group: the counter lives there

struct Timeline final : sdk::ExportState {
  std::map<std::string, std::uint64_t, std::less<>> pids;                             // module -> pid
  std::map<std::pair<std::uint64_t, std::string>, std::uint64_t, std::less<>> tids;  // (pid, table) -> tid
  std::map<std::int64_t, std::uint64_t> per_second;                                   // second -> records
  bool timestamps = false;
  std::uint64_t events = 0;
};

class ChromeExporter final : public sdk::TextExporter {
  std::unique_ptr<sdk::ExportState> start(const sdk::ExportTarget&) const override { return std::make_unique<Timeline>(); }

  void header(sdk::ExportState& state, const sdk::ExportTarget& target, std::string& out) const override {
    out += "{\"traceEvents\":[\n";
    sdk::append_chrome_track_name(out, "process_name", kLogPid, 0, "log " + target.source_path);
    static_cast<Timeline&>(state).events = 1;
  }

  void write_record(sdk::ExportState& state, const sdk::ExportRecord& record, std::string& out) const override {
    auto& timeline = static_cast<Timeline&>(state);
    const sdk::TransactionView& view = record.view;
    timeline.timestamps = timeline.timestamps || view.timestamp.has_value();
    std::int64_t ts = static_cast<std::int64_t>(view.timestamp.value_or(view.index)) * 1000;  // ms -> µs
    std::uint64_t pid = pid_of(timeline, view.module, out);
    std::uint64_t tid = tid_of(timeline, pid, view.table, out);
    std::string_view operation = sdk::to_lower_string(view.operation);
    out += ",\n";
    sdk::append_chrome_event_head(out, std::string(operation) + " " + std::string(view.table), view.module, 'i', ts, pid, tid);
    out += ",\"s\":\"t\",\"args\":{\"index\":";
    sdk::append_integer(out, view.index);
    out += ",\"operation\":";
    sdk::append_json_string(out, operation);
    out += ",\"key\":";
    record.append_json(sdk::RowPart::primary_key, out);
    out += ",\"offset\":";
    sdk::append_integer(out, view.offset);
    out += "}}";
    if (view.timestamp) ++timeline.per_second[static_cast<std::int64_t>(*view.timestamp / 1000)];
  }

  void footer(sdk::ExportState& state, std::string& out, std::uint64_t records) const override {
    auto& timeline = static_cast<Timeline&>(state);
    for (const auto& [second, count] : timeline.per_second) {
      out += ",\n";
      sdk::append_chrome_event_head(out, "records per second", "interstice", 'C', second * 1'000'000, kLogPid, 0);
      out += ",\"args\":{\"records\":";
      sdk::append_integer(out, count);
      out += "}}";
    }
    out += "\n],\"displayTimeUnit\":\"ms\",\"otherData\":{\"records\":";
    sdk::append_integer(out, records);
    out += ",\"time\":";
    sdk::append_json_string(out, timeline.timestamps ? "record timestamps" : "record index (the log has no timestamps)");
    out += "}}\n";
  }

  static std::uint64_t pid_of(Timeline& timeline, std::string_view module, std::string& out) {
    auto found = timeline.pids.find(module);
    if (found != timeline.pids.end()) return found->second;
    std::uint64_t pid = kLogPid + 1 + timeline.pids.size();
    timeline.pids.emplace(std::string(module), pid);
    out += ",\n";
    sdk::append_chrome_track_name(out, "process_name", pid, 0, "module " + std::string(module));
    return pid;
  }

  static std::uint64_t tid_of(Timeline& timeline, std::uint64_t pid, std::string_view table, std::string& out) {
    auto key = std::pair(pid, std::string(table));
    auto found = timeline.tids.find(key);
    if (found != timeline.tids.end()) return found->second;
    std::uint64_t tid = timeline.tids.size() + 1;
    timeline.tids.emplace(std::move(key), tid);
    out += ",\n";
    sdk::append_chrome_track_name(out, "thread_name", pid, tid, "table " + std::string(table));
    return tid;
  }
};

}  // namespace

}  // namespace interstice::formats::chrome_export

INTERSTICE_PLUGIN(interstice::formats::chrome_export::ChromeExporter, "chrome", INTERSTICE_PLUGIN_VERSION,
                  "A Chrome trace of the log for ui.perfetto.dev: a track per module and table, a counter of records/s")
