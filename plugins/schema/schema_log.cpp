// The `schema --log` reading loop: decode only the schema's own records (the replay needs their
// keys); everything else is counted from the record view alone.
#include "schema_log.hpp"

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
  sdk::ThrottledProgress throttle(progress);
  sdk::TransactionView view;
  while (log.reader->next(view)) {
    ++facts.records;
    throttle.at(view.offset);
    if (view.module != schema.name) {
      count(facts.other_modules, view.module);
    } else if (!schema.find_table(view.table)) {
      count(facts.unknown_tables, view.table);
    } else {
      facts.replay.apply(log.reader->decode(view));
    }
  }
  throttle.finish();
  facts.damage = log.reader->damage();
  return facts;
}

}  // namespace interstice::schema_command
