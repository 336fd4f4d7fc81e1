// log-query's result keys (the seed's FilteredLogResult) and how people see them: the json format
// writes each record on one line, the text format one `#index @offset op module.table ...` line
// per record, like `tail -f`.
#include "query_result.hpp"

#include "interstice/sdk/log_report.hpp"
#include "interstice/sdk/wording.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

namespace json = boost::json;

namespace interstice::log_query {

namespace {

std::string summary_line(const QueryFacts& facts, const sdk::ScanSummary& summary) {
  // "5 matches among 27 records read": "5 of 27 transactions match" read as if 27 matched.
  auto text = fmt::format("{} {} among {} read (filter: {})", summary.matched, summary.matched == 1 ? "match" : "matches",
                          sdk::plural(summary.scanned, "record"), facts.filter);
  if (summary.damage)
    text += fmt::format("; stopped at damaged record {} (byte {}): {}", summary.damage->index, summary.damage->offset,
                        summary.damage->reason);
  if (summary.interrupted) text += "; interrupted";
  return text;
}

}  // namespace

sdk::Report query_header(const QueryFacts& facts) {
  sdk::Report header;
  header.data = json::object{{"file_path", facts.file},
                             {"format", sdk::format_json(*facts.log)},
                             {"filter_applied", facts.filter}};
  header.items = "transactions";
  header.flush_items = facts.follow;
  auto& hints = header.presentation;
  hints.compact = {"/format", "/transactions", "/stopped_at"};
  hints.lines.push_back({"/transactions",
                         "#{/index} @{/offset} {/operation} {/module_id}.{/table_name}{ at /timestamp|time} row={/row|json}"
                         "{ old_row=/old_row|json}"});
  hints.listing = true;
  return header;
}

sdk::Report query_summary(const QueryFacts& facts, const sdk::ScanSummary& summary) {
  sdk::Report report;
  report.data = json::object{
      {"total_transactions", summary.scanned},
      {"filtered_count", summary.matched},
      {"stopped_at", summary.damage ? json::value(sdk::damage_json(*summary.damage)) : json::value(nullptr)},
      {"interrupted", summary.interrupted}};
  report.presentation.summary = summary_line(facts, summary);
  report.outcome = summary.damage ? sdk::Outcome::problems_found : sdk::Outcome::ok;
  return report;
}

}  // namespace interstice::log_query
