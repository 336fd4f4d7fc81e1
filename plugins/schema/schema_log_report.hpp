// The parts of the `schema` result that `--log` adds: a "log" object in each table and the log's
// own facts at the top level.
#pragma once

#include "schema_log.hpp"

#include <boost/json/object.hpp>

#include <string>

namespace interstice::schema_command {

/// {records, inserts, updates, deletes, live_rows, replay_anomalies} for one of the schema's
/// tables; all zero when the log has no record of it.
boost::json::object table_log_json(const SchemaLogFacts& facts, const std::string& module, const std::string& table);

/// {path, format, records, records_in_schema, live_rows, other_modules, unknown_tables,
///  replay_anomalies, damage}.
boost::json::object log_facts_json(const SchemaLogFacts& facts, const sdk::ModuleSchema& schema);

/// "small.log: 249 of 1000 records are this module's, 70 live rows".
std::string log_summary(const SchemaLogFacts& facts, const sdk::ModuleSchema& schema);

}  // namespace interstice::schema_command
