// How log-query prints matches as they stream by: JSON and text write straight to the output
// (memory stays flat however many records match); any other output format gets a Report built
// in memory, since those formats render whole documents.
#pragma once

#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/log_scan.hpp"
#include "interstice/sdk/report.hpp"
#include "interstice/sdk/transaction.hpp"

#include <memory>
#include <ostream>
#include <string>

namespace interstice::log_query {

/// What every writer needs to say about the query besides the records.
struct QueryFacts {
  std::string file;
  const sdk::OpenedLog* log = nullptr;
  std::string filter;
  bool follow = false;  ///< flush every record: someone is watching the output live
};

class QueryWriter {
 public:
  virtual ~QueryWriter() = default;
  virtual void begin(const QueryFacts& facts) = 0;
  virtual void record(const sdk::ScannedRecord& record) = 0;
  /// Finishes the output; returns the Report the host should render (written=true when the
  /// writer already wrote everything).
  virtual sdk::Report end(const QueryFacts& facts, const sdk::ScanSummary& summary) = 0;
};

/// The writer for output format `format` ("json", "text", or anything else).
std::unique_ptr<QueryWriter> make_query_writer(const std::string& format, std::ostream& out);

}  // namespace interstice::log_query
