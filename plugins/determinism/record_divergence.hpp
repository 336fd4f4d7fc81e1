// What differs between the two records at the first index where two replicas part ways, in the
// words rr and FoundationDB use for a divergence: which record (and where in each file), which
// table and key, which column, both values, both whole records. Decodes just these two records.
#pragma once

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/schema.hpp"

#include <boost/json/object.hpp>

#include <vector>

namespace interstice::determinism {

namespace sdk = interstice::sdk;

/// `{index, offset_a, offset_b, module_id, table_name, primary_key, difference, column_index,
/// column_name, value_a, value_b, record_a, record_b}`. `difference` is "table", "operation",
/// "primary_key" or "row"; for "row" `column_index` is the first entry that differs (0-based,
/// the key not counted, as the reference encoder's `mutate` counts) and `column_name` its name
/// in `schemas` (null when no schema describes the table). Either record may be null: a log
/// that ended first.
boost::json::object divergence_json(const sdk::ScannedRecord* a, const sdk::ScannedRecord* b,
                                    const std::vector<sdk::ModuleSchema>& schemas);

/// A record in `log-query`'s shape (record_json.hpp), as a JSON tree.
boost::json::value record_json(const sdk::ScannedRecord& record);

}  // namespace interstice::determinism
