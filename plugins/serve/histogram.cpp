// Records over time (histogram.hpp).
#include "histogram.hpp"

#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/record_cursor.hpp"
#include "interstice/sdk/scanned_record.hpp"

#include <algorithm>
#include <limits>
#include <vector>

namespace json = boost::json;

namespace interstice::serve {
namespace {

/// Calls `visit(index, timestamp)` for every intact timed record; returns the untimed count.
template <typename Visit>
std::uint64_t each_timestamp(const sdk::PluginCatalog& plugins, sdk::Logger& log, const std::string& path,
                             const std::vector<sdk::ModuleSchema>& schemas, Visit&& visit) {
  sdk::OpenedLog opened = sdk::open_log(plugins, path, {.schemas = &schemas}, log);
  sdk::RecordCursor cursor(opened, {.damage = sdk::DamagePolicy::keep_going});
  std::uint64_t untimed = 0;
  while (const sdk::ScannedRecord* record = cursor.next()) {
    const auto& view = record->view();
    if (view.timestamp)
      visit(view.index, *view.timestamp);
    else
      ++untimed;
  }
  return untimed;
}

}  // namespace

json::object records_over_time(const sdk::PluginCatalog& plugins, sdk::Logger& log, const std::string& path,
                               const std::vector<sdk::ModuleSchema>& schemas, const HistogramRequest& request) {
  std::uint64_t from = request.from.value_or(0), to = request.to.value_or(0);
  if (!request.from || !request.to) {
    std::uint64_t lowest = std::numeric_limits<std::uint64_t>::max(), highest = 0;
    each_timestamp(plugins, log, path, schemas, [&](std::uint64_t, std::uint64_t t) {
      lowest = std::min(lowest, t);
      highest = std::max(highest, t);
    });
    if (!request.from) from = lowest == std::numeric_limits<std::uint64_t>::max() ? 0 : lowest;
    if (!request.to) to = highest;
  }
  const unsigned count = std::max(1u, request.buckets);
  const std::uint64_t span = to >= from ? to - from + 1 : 1;
  const std::uint64_t width = std::max<std::uint64_t>(1, (span + count - 1) / count);
  std::vector<std::uint64_t> records(count, 0);
  std::vector<std::int64_t> first(count, -1);
  const std::uint64_t untimed = each_timestamp(plugins, log, path, schemas, [&](std::uint64_t index, std::uint64_t t) {
    if (t < from || t > to) return;
    const std::size_t at = std::min<std::size_t>(count - 1, (t - from) / width);
    if (records[at]++ == 0) first[at] = static_cast<std::int64_t>(index);
  });
  json::array buckets;
  for (unsigned i = 0; i < count; ++i)
    buckets.push_back(json::object{{"start", from + i * width},
                                   {"end", from + (i + 1) * width - 1},
                                   {"records", records[i]},
                                   {"first_index", first[i] < 0 ? json::value(nullptr) : json::value(first[i])}});
  return json::object{{"file_path", path}, {"from", from},         {"to", to},
                      {"bucket_ms", width}, {"buckets", std::move(buckets)}, {"untimed", untimed}};
}

}  // namespace interstice::serve
