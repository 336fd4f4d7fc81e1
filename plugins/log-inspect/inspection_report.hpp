// Turning LogStatistics into log-inspect's Report: the seed's LogInspectionResult keys plus the
// breakdowns, first error and (with --keep-going) every error.
#pragma once

#include "log_statistics.hpp"

#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/report.hpp"

#include <optional>
#include <string>

namespace interstice::log_inspect {

struct RepairResult {
  std::string output;
  std::uint64_t records_kept = 0;
  std::uint64_t records_dropped = 0;
  std::uint64_t bytes_kept = 0;
  std::uint64_t bytes_dropped = 0;
};

struct InspectionFacts {
  std::string file;
  std::uint64_t size = 0;
  const sdk::OpenedLog* log = nullptr;
  bool keep_going = false;
  std::uint64_t bytes_read = 0;  ///< where reading stopped
  std::optional<RepairResult> repair;
};

sdk::Report inspection_report(const LogStatistics& stats, const InspectionFacts& facts);

}  // namespace interstice::log_inspect
