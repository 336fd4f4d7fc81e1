// The `validate --log` reading loop: decode, check, count, and keep the first findings per rule.
#include "log_check.hpp"

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/record_cursor.hpp"
#include "interstice/sdk/row_check.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/transaction.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace interstice::validate {
namespace {

class FindingCollector {
 public:
  FindingCollector(LogCheckResult& result, const LogCheckOptions& options)
      : result_(result), per_rule_(options.findings_per_rule), ignored_(options.ignored_rules) {}

  bool ignored(const std::string& rule) const {
    return std::find(ignored_.begin(), ignored_.end(), rule) != ignored_.end();
  }

  void add(LogFinding finding) {
    auto& count = result_.counts_by_rule[finding.rule];
    ++count;
    if (per_rule_ != 0 && count > per_rule_) {
      ++result_.findings_omitted;
      return;
    }
    result_.findings.push_back(std::move(finding));
  }

 private:
  LogCheckResult& result_;
  std::size_t per_rule_;
  const std::vector<std::string>& ignored_;
};

void check_record(const sdk::Transaction& record, const std::vector<sdk::ModuleSchema>& schemas,
                  LogCheckResult& result, FindingCollector& findings) {
  ++result.records_checked;
  auto mismatches = sdk::check_transaction(record, schemas);
  std::erase_if(mismatches, [&](const sdk::RowMismatch& mismatch) {
    if (!findings.ignored(mismatch.rule)) return false;
    ++result.ignored_by_rule[mismatch.rule];
    return true;
  });
  if (mismatches.empty()) return;
  ++result.records_with_problems;
  for (auto& mismatch : mismatches) {
    LogFinding finding;
    finding.rule = std::move(mismatch.rule);
    finding.where = std::move(mismatch.where);
    finding.message = fmt::format("record {} ({}.{} {}) at byte {}: {}", record.index, record.module, record.table,
                                  sdk::to_string(record.operation), record.offset, mismatch.message);
    finding.index = record.index;
    finding.offset = record.offset;
    finding.module = record.module;
    finding.table = record.table;
    finding.operation = record.operation;
    findings.add(std::move(finding));
  }
}

void record_damage(const sdk::LogDamage& damage, LogCheckResult& result, FindingCollector& findings) {
  ++result.damaged_records;
  LogFinding finding;
  finding.rule = "LOG_DAMAGED";
  finding.message = fmt::format("record {} at byte {} is damaged: {}", damage.index, damage.offset, damage.reason);
  finding.index = damage.index;
  finding.offset = damage.offset;
  findings.add(std::move(finding));
}

}  // namespace

const std::vector<std::string>& row_rules() {
  static const std::vector<std::string> rules{"LOG_UNKNOWN_MODULE", "LOG_UNKNOWN_TABLE", "LOG_KEY_TYPE",
                                              "LOG_COLUMN_COUNT", "LOG_COLUMN_TYPE"};
  return rules;
}

std::uint64_t LogCheckResult::finding_count() const {
  std::uint64_t total = 0;
  for (const auto& [rule, count] : counts_by_rule) total += count;
  return total;
}

LogCheckResult check_log(sdk::LogReader& reader, const std::vector<sdk::ModuleSchema>& schemas,
                         const LogCheckOptions& options, sdk::Progress* progress) {
  LogCheckResult result;
  FindingCollector findings(result, options);
  sdk::RecordCursor cursor(reader, {.damage = options.keep_going ? sdk::DamagePolicy::keep_going : sdk::DamagePolicy::stop,
                                    .progress = progress,
                                    .on_damage = [&](const sdk::LogDamage& damage) {
                                      record_damage(damage, result, findings);
                                    }});
  while (const sdk::ScannedRecord* record = cursor.next())
    check_record(record->transaction(), schemas, result, findings);
  // Without --keep-going, or when the format offers no way to find the next record, the rest
  // of the log is unchecked: say so rather than imply it was fine.
  if (cursor.summary().stopped_by_damage) result.read_to_end = false;
  return result;
}

}  // namespace interstice::validate
