// The two halves of a streamed log-query result: the header (what is queried, how the records
// print) before the records, the summary (counts, where it stopped) after them. The records go
// through CommandContext::item_json in between, so whatever the output format, memory stays flat.
#pragma once

#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/log_scan.hpp"
#include "interstice/sdk/report.hpp"

#include <string>

namespace interstice::log_query {

/// What the query says about itself besides the records.
struct QueryFacts {
  std::string file;
  const sdk::OpenedLog* log = nullptr;
  std::string filter;
  bool follow = false;  ///< flush every record: someone is watching the output live
};

/// `file_path`, `format`, `filter_applied`; the records go under `transactions`, one line each.
sdk::Report query_header(const QueryFacts& facts);
/// `total_transactions`, `filtered_count`, `stopped_at`, `interrupted`, and the closing line.
sdk::Report query_summary(const QueryFacts& facts, const sdk::ScanSummary& summary);

}  // namespace interstice::log_query
