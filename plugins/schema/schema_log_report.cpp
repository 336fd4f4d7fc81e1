// JSON for `schema --log`: per-table replay counts and the log's facts.
#include "schema_log_report.hpp"

#include "interstice/sdk/log_report.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/wording.hpp"

#include <fmt/format.h>

namespace json = boost::json;

namespace interstice::schema_command {
namespace {

json::object counts_json(const std::map<std::string, std::uint64_t, std::less<>>& counts) {
  json::object out;
  for (const auto& [name, count] : counts) out[name] = count;
  return out;
}

// Totals over the schema's own tables, in the schema's order.
struct SchemaTotals {
  std::uint64_t records = 0;
  std::uint64_t live_rows = 0;
  sdk::ReplayAnomalies anomalies;
};

SchemaTotals totals(const SchemaLogFacts& facts, const sdk::ModuleSchema& schema) {
  SchemaTotals sum;
  for (const auto& table : schema.tables) {
    const auto replay = facts.replay.find(schema.name, table.name);
    if (!replay) continue;
    sum.records += replay->inserts + replay->updates + replay->deletes;
    sum.live_rows += replay->live_rows;
    sum.anomalies += replay->anomalies;
  }
  return sum;
}

}  // namespace

json::object table_log_json(const SchemaLogFacts& facts, const std::string& module, const std::string& table) {
  const auto replay = facts.replay.find(module, table).value_or(sdk::TableState{});
  return {{"records", replay.inserts + replay.updates + replay.deletes},
          {"inserts", replay.inserts},
          {"updates", replay.updates},
          {"deletes", replay.deletes},
          {"live_rows", replay.live_rows},
          {"replay_anomalies", replay.anomalies.total()}};
}

json::object log_facts_json(const SchemaLogFacts& facts, const sdk::ModuleSchema& schema) {
  auto sum = totals(facts, schema);
  json::value damage = facts.damage ? json::value(sdk::damage_json(*facts.damage)) : json::value(nullptr);
  return {{"path", facts.path},
          {"format", facts.format},
          {"records", facts.records},
          {"records_in_schema", sum.records},
          {"live_rows", sum.live_rows},
          {"other_modules", counts_json(facts.other_modules)},
          {"unknown_tables", counts_json(facts.unknown_tables)},
          {"replay_anomalies", sdk::anomalies_json(sum.anomalies)},
          {"damage", std::move(damage)}};
}

std::string log_summary(const SchemaLogFacts& facts, const sdk::ModuleSchema& schema) {
  auto sum = totals(facts, schema);
  auto text = fmt::format("{}: {} of {} in this schema's tables, {}", facts.path, sum.records,
                          sdk::plural(facts.records, "record"), sdk::plural(sum.live_rows, "live row"));
  if (facts.damage)
    text += fmt::format("; reading stopped at damaged record {} (byte {})", facts.damage->index, facts.damage->offset);
  return text;
}

}  // namespace interstice::schema_command
