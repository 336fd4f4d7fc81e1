// Turns a `validate --log` run into the same result shape as `validate PATH` (is_valid, issues,
// warnings, findings, error_count, warning_count), plus the log's own totals, so every output
// format (text, json, yaml, junit, github) shows it without knowing which mode made it.
#pragma once

#include "log_check.hpp"

#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/report.hpp"

#include <string>
#include <vector>

namespace interstice::validate {

struct LogCheckFacts {
  std::string log_path;
  std::vector<std::string> schema_paths;
  std::vector<std::string> module_names;  ///< the modules the schemas declare, in file order
  const sdk::OpenedLog* log = nullptr;
  std::size_t findings_per_rule = 0;
};

sdk::Report log_check_report(const LogCheckResult& result, const LogCheckFacts& facts);

}  // namespace interstice::validate
