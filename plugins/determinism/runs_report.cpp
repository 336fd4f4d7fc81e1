// The JSON and text presentation of runs_report.hpp.
#include "runs_report.hpp"

#include "interstice/sdk/log_report.hpp"
#include "interstice/sdk/util/state_hash.hpp"
#include "interstice/sdk/wording.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <cmath>

namespace json = boost::json;

namespace interstice::determinism {

namespace {

json::object live_rows_json(const std::vector<TableCount>& tables) {
  json::object modules;
  for (const auto& table : tables) {
    auto& module = modules[table.module];
    if (!module.is_object()) module = json::object();
    module.as_object()[table.table] = table.live_rows;
  }
  return modules;
}

json::array snapshots_json(const RunsResult& result) {
  json::array snapshots;
  for (const auto& run : result.snapshots)
    snapshots.push_back({{"run_number", run.plan.number},
                         {"transaction_count", run.transaction_count},
                         {"final_state_hash", sdk::hash_hex(run.final_state_hash)},
                         {"duration_ms", std::round(run.duration_ms * 1000) / 1000},
                         {"strategy", run.plan.description()},
                         {"live_rows_total", run.live_rows_total}});
  return snapshots;
}

std::string summary(const RunsResult& result, std::uint64_t live_rows, std::uint64_t failing) {
  if (!result.deterministic()) return "NOT deterministic: " + result.error_message;
  auto text = fmt::format("deterministic: {} runs reach state {} ({})", result.snapshots.size(),
                          sdk::hash_hex(result.final_state_hash), sdk::plural(live_rows, "live row"));
  if (failing) text += fmt::format("; {} replay {} found", failing, failing == 1 ? "anomaly" : "anomalies");
  return text;
}

}  // namespace

sdk::Report runs_report(LogWalk& walk, const RunsResult& result, const CheckpointWriter* checkpoints) {
  std::uint64_t live_rows = 0;
  for (const auto& table : result.tables) live_rows += table.live_rows;
  const AnomalyList& list = result.anomaly_list;
  const std::uint64_t failing = list.failing(result.anomalies);
  json::array expected;
  for (std::size_t i = 0; i < sdk::kAnomalyKinds; ++i)
    if (list.expected(static_cast<sdk::Anomaly>(i))) expected.push_back(json::string(sdk::anomaly_name(static_cast<sdk::Anomaly>(i))));

  json::object data{
      {"file_path", walk.path()},
      {"format", sdk::format_json(walk.log())},
      {"is_deterministic", result.deterministic()},
      {"runs_performed", result.snapshots.size()},
      {"snapshots", snapshots_json(result)},
      {"divergence_point", result.divergence_point ? json::value(*result.divergence_point) : json::value(nullptr)},
      {"error_message", result.deterministic() ? json::value(nullptr) : json::value(result.error_message)},
      {"transaction_count", result.snapshots.front().transaction_count},
      {"read_ms", std::round(result.read_ms * 1000) / 1000},
      {"final_state_hash", sdk::hash_hex(result.final_state_hash)},
      {"live_rows", live_rows_json(result.tables)},
      {"live_rows_total", live_rows},
      {"anomaly_counts", sdk::anomalies_json(result.anomalies)},
      {"old_row_images", list.old_row_images()},
      {"expected_anomalies", std::move(expected)},
      {"anomalies", list.to_json()}};
  if (checkpoints)
    data["checkpoints"] = json::object{{"out", checkpoints->path()}, {"interval", checkpoints->interval()},
                                       {"written", checkpoints->written()}};

  sdk::Report report;
  report.data = std::move(data);
  report.presentation.title = "Determinism of " + walk.path();
  report.presentation.tables.push_back({"/snapshots",
                                        {{"RUN", "/run_number"},
                                         {"TRANSACTIONS", "/transaction_count"},
                                         {"STATE HASH", "/final_state_hash"},
                                         {"TIME", "/duration_ms|ms"},
                                         {"STRATEGY", "/strategy"}}});
  report.presentation.lines.push_back(
      {"/anomalies", "#{/index} @{/offset} {/kind} {/module_id}.{/table_name} {/primary_key|json}"});
  using Unit = sdk::ValueUnit;
  report.presentation.fields = {{"/file_path", "log", Unit::none},
                                {"/is_deterministic", "deterministic", Unit::none},
                                {"/runs_performed", "runs", Unit::none},
                                {"/divergence_point", "diverges at record", Unit::none},
                                {"/error_message", "error", Unit::none},
                                {"/transaction_count", "records", Unit::none},
                                {"/read_ms", "read in", Unit::millis},
                                {"/final_state_hash", "state hash", Unit::none},
                                {"/live_rows_total", "live rows", Unit::none},
                                {"/old_row_images", "old row images", Unit::none},
                                {"/expected_anomalies", "expected anomalies", Unit::none},
                                {"/anomaly_counts", "anomalies by kind", Unit::none},
                                {"/live_rows", "live rows by table", Unit::none},
                                {"/format/detected_by", "detected by", Unit::none}};
  report.presentation.summary = summary(result, live_rows, failing);
  report.outcome = result.deterministic() && failing == 0 ? sdk::Outcome::ok : sdk::Outcome::problems_found;
  return report;
}

}  // namespace interstice::determinism
