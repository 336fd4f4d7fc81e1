// log-inspect's result document and how the text format shows it.
#include "inspection_report.hpp"

#include "interstice/sdk/log_report.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/wording.hpp"

#include <fmt/format.h>

#include <set>

namespace json = boost::json;

namespace interstice::log_inspect {

namespace {

json::value optional_number(std::optional<std::uint64_t> value) {
  return value ? json::value(*value) : json::value(nullptr);
}

std::string summary(const LogStatistics& stats, const InspectionFacts& facts) {
  auto records = sdk::plural(stats.valid(), "valid transaction");
  if (stats.damage().empty()) return fmt::format("{}: valid, {} ({})", facts.file, records, facts.log->variant);
  const auto& first = stats.damage().front();
  auto text = fmt::format("{}: corrupt, {}; first error at record {} (byte {}): {}", facts.file, records,
                          first.index, first.offset, first.reason);
  if (stats.damage().size() > 1) text += fmt::format(" ({} in all)", sdk::plural(stats.damage().size(), "error"));
  if (facts.repair)
    text += fmt::format("; repaired copy {} keeps {} and drops {} ({} bytes)", facts.repair->output,
                        sdk::plural(facts.repair->records_kept, "record"),
                        sdk::plural(facts.repair->records_dropped, "record"), facts.repair->bytes_dropped);
  return text;
}

}  // namespace

sdk::Report inspection_report(const LogStatistics& stats, const InspectionFacts& facts) {
  static constexpr const char* kOperationNames[] = {"Insert", "Update", "Delete"};
  json::object by_module, by_module_table;
  json::array tables;
  std::set<std::string> table_names;
  for (const auto& [module, counts] : stats.modules()) {
    by_module[module] = counts.total;
    json::object per_table;
    for (const auto& [table, table_counts] : counts.tables) {
      per_table[table] = table_counts.total();
      table_names.insert(table);
      json::object row{{"module_id", module}, {"table_name", table}};
      for (std::size_t i = 0; i < 3; ++i) row[kOperationNames[i]] = table_counts.by_operation[i];
      row["total"] = table_counts.total();
      tables.push_back(std::move(row));
    }
    by_module_table[module] = std::move(per_table);
  }
  json::array modules_involved, tables_involved;
  for (const auto& [module, counts] : stats.modules()) modules_involved.push_back(json::string(module));
  for (const auto& table : table_names) tables_involved.push_back(json::string(table));

  json::object by_type;
  auto totals = stats.by_operation();
  for (std::size_t i = 0; i < 3; ++i) by_type[kOperationNames[i]] = totals[i];

  const auto invalid = stats.damage().size();
  json::object data{
      {"file_path", facts.file},
      {"format", sdk::format_json(*facts.log)},
      {"transaction_count", stats.valid() + invalid},
      {"valid_transactions", stats.valid()},
      {"invalid_transactions", invalid},
      {"modules_involved", std::move(modules_involved)},
      {"tables_involved", std::move(tables_involved)},
      {"log_size_bytes", facts.size},
      {"is_valid", invalid == 0},
      {"by_type", std::move(by_type)},
      {"by_module", std::move(by_module)},
      {"by_module_table", std::move(by_module_table)},
      {"tables", std::move(tables)},
      {"first_timestamp", optional_number(stats.first_timestamp())},
      {"last_timestamp", optional_number(stats.last_timestamp())},
      {"checksums_verified", stats.checksums_verified()},
      {"min_record_size", stats.min_record_size()},
      {"max_record_size", stats.max_record_size()},
      {"bytes_read", facts.bytes_read},
      {"first_error", invalid ? json::value(sdk::damage_json(stats.damage().front())) : json::value(nullptr)},
  };
  if (facts.keep_going) {
    json::array errors;
    for (const auto& damage : stats.damage()) errors.push_back(sdk::damage_json(damage));
    data["errors"] = std::move(errors);
  }
  if (facts.repair)
    data["repair"] = json::object{{"output", facts.repair->output},
                                  {"records_kept", facts.repair->records_kept},
                                  {"records_dropped", facts.repair->records_dropped},
                                  {"bytes_kept", facts.repair->bytes_kept},
                                  {"bytes_dropped", facts.repair->bytes_dropped}};

  sdk::Report report;
  report.data = std::move(data);
  report.outcome = invalid ? sdk::Outcome::problems_found : sdk::Outcome::ok;
  report.presentation.title = fmt::format("Transaction log {} ({})", facts.file, facts.log->variant);
  report.presentation.tables.push_back({"/tables",
                                        {{"MODULE", "/module_id"},
                                         {"TABLE", "/table_name"},
                                         {"INSERT", "/Insert"},
                                         {"UPDATE", "/Update"},
                                         {"DELETE", "/Delete"},
                                         {"TOTAL", "/total"}}});
  if (facts.keep_going)
    report.presentation.lines.push_back({"/errors", "record {/index} at byte {/offset}: {/reason}"});
  report.presentation.hidden = {"/by_module", "/by_module_table", "/modules_involved", "/tables_involved",
                                "/first_error", "/file_path"};
  using Unit = sdk::ValueUnit;
  report.presentation.fields = {{"/transaction_count", "records", Unit::none},
                                {"/valid_transactions", "valid records", Unit::none},
                                {"/invalid_transactions", "damaged records", Unit::none},
                                {"/log_size_bytes", "size", Unit::bytes},
                                {"/is_valid", "valid", Unit::none},
                                {"/first_timestamp", "first record at", Unit::unix_millis},
                                {"/last_timestamp", "last record at", Unit::unix_millis},
                                {"/checksums_verified", "checksums verified", Unit::none},
                                {"/min_record_size", "smallest record", Unit::bytes},
                                {"/max_record_size", "largest record", Unit::bytes},
                                {"/bytes_read", "read", Unit::bytes},
                                {"/format/detected_by", "detected by", Unit::none},
                                {"/by_type", "records by operation", Unit::none},
                                {"/repair/records_kept", "records kept", Unit::none},
                                {"/repair/records_dropped", "records dropped", Unit::none},
                                {"/repair/bytes_kept", "kept", Unit::bytes},
                                {"/repair/bytes_dropped", "dropped", Unit::bytes}};
  report.presentation.summary = summary(stats, facts);
  return report;
}

}  // namespace interstice::log_inspect
