// The `schema --log` reading loop: replay only the schema's own records (hashed from their bytes
// where the codec allows, decoded otherwise); everything else is counted from the record view alone.
#include "schema_log.hpp"

#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/record_cursor.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/schema.hpp"

namespace interstice::schema_command {
namespace {

// Looked up by view first: a log of a million records in other modules allocates nothing.
void count(std::map<std::string, std::uint64_t, std::less<>>& counts, std::string_view name) {
  auto it = counts.find(name);
  if (it == counts.end()) it = counts.emplace(std::string(name), 0).first;
  ++it->second;
}

}  // namespace

SchemaLogFacts read_log_for_schema(const sdk::ModuleSchema& schema, sdk::OpenedLog& log, const std::string& path,
                                   sdk::Progress* progress) {
  SchemaLogFacts facts;
  facts.path = path;
  facts.format = sdk::format_json(log);
  sdk::RecordCursor cursor(log, {.progress = progress});
  while (const sdk::ScannedRecord* record = cursor.next()) {
    const sdk::TransactionView& view = record->view();
    ++facts.records;
    if (view.module != schema.name) {
      count(facts.other_modules, view.module);
    } else if (!schema.find_table(view.table)) {
      count(facts.unknown_tables, view.table);
    } else {
      facts.replay.apply(*record);
    }
  }
  if (!cursor.damages().empty()) facts.damage = cursor.damages().front();
  return facts;
}

}  // namespace interstice::schema_command
