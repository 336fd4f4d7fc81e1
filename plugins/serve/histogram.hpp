// The Overview's histogram of records over time: a log's records counted into equal time
// buckets between two timestamps. Two streaming passes over the log (its time span, then the
// counts), so memory is the bucket array whatever the log's size; `from`/`to` zoom into a span.
#pragma once

#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/schema.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace interstice::sdk { class Logger; }

namespace interstice::serve {

struct HistogramRequest {
  std::optional<std::uint64_t> from;  ///< ms since the epoch, inclusive; default: the first record's
  std::optional<std::uint64_t> to;    ///< inclusive; default: the last record's
  unsigned buckets = 60;
};

/// `{"file_path", "from", "to", "bucket_ms", "buckets": [{"start", "end", "records", "first_index"}], "untimed"}`.
/// `schemas` settle an ambiguous log format, as the log commands' --schema does.
boost::json::object records_over_time(const sdk::PluginCatalog& plugins, sdk::Logger& log, const std::string& path,
                                      const std::vector<sdk::ModuleSchema>& schemas, const HistogramRequest& request);

}  // namespace interstice::serve
