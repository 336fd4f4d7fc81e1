// --at and --diff (state_dump.hpp).
#include "state_dump.hpp"

#include "replay_cursors.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/replay.hpp"
#include "interstice/sdk/util/state_hash.hpp"
#include "interstice/sdk/value_json.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace json = boost::json;

namespace interstice::determinism {

namespace {

/// `--table T`: "table" matches that table in any module, "module.table" one table.
class TableFilter {
 public:
  explicit TableFilter(const std::optional<std::string>& text) : text_(text) {}
  bool matches(std::string_view module, std::string_view table) const {
    if (!text_) return true;
    if (*text_ == table) return true;
    return text_->size() == module.size() + 1 + table.size() && text_->starts_with(module) &&
           (*text_)[module.size()] == '.' && std::string_view(*text_).substr(module.size() + 1) == table;
  }
  json::value to_json() const { return text_ ? json::value(*text_) : json::value(nullptr); }

 private:
  std::optional<std::string> text_;
};

/// Replays records up to and including `last`, keeping the rows of the tables `filter` selects;
/// `before_apply` sees each of those first (with its decoded transaction), `after_record` every
/// record read. Digests come from the decoded rows (decoded anyway for the kept rows), so the
/// digester may outlive the walk, as a kept cursor's does. Each row is decoded into a transaction
/// of its own and moved into the replay (not copied out of the scanned record's cache). An input
/// error when the log ends before `last`.
template <typename BeforeApply, typename AfterRecord>
void replay_to(LogWalk& walk, sdk::LogReplay& replay, sdk::RecordDigester& digester, const TableFilter& filter,
               std::uint64_t last, BeforeApply&& before_apply, AfterRecord&& after_record) {
  while (walk.records() <= last) {
    const sdk::ScannedRecord* record = walk.next();
    if (!record)
      throw sdk::Error::input(fmt::format("record {} is past the end: the log has {} records", last, walk.records()),
                              sdk::Location::at_byte(walk.path(), walk.position()));
    const auto& view = record->view();
    if (filter.matches(view.module, view.table)) {
      sdk::Transaction transaction = walk.log().reader->decode(record->view());
      const sdk::RecordDigest& digest = digester.digest(transaction);
      before_apply(*record, transaction, digest);
      replay.apply(digest, &transaction.row);
    }
    after_record(view);
  }
}

json::object place_json(const RecordPlace& place) {
  return {{"index", place.index},
          {"offset", place.offset},
          {"timestamp", place.timestamp ? json::value(*place.timestamp) : json::value(nullptr)}};
}

/// `{"module_id":...,"table_name":...,"primary_key":...` as compact JSON text (values in serde's spelling,
/// f32 digits included, as log-query prints them); the caller adds the rest and the brace.
std::string item_head(const sdk::ReplayTable& table, const sdk::Value& key) {
  std::string text = "{\"module_id\":";
  sdk::append_json_string(text, table.module);
  text += ",\"table_name\":";
  sdk::append_json_string(text, table.table);
  text += ",\"primary_key\":";
  sdk::append_value_json(text, key);
  return text;
}

void append_row_or_null(std::string& text, const sdk::Row* row) {
  if (row)
    sdk::append_row_json(text, *row);
  else
    text += "null";
}

}  // namespace

sdk::Report state_at(sdk::CommandContext& context, const std::string& path, const std::vector<sdk::ModuleSchema>& schemas,
                     std::uint64_t at, const std::optional<std::string>& table, const std::string& options) {
  const TableFilter filter(table);
  // A cursor kept from an earlier request of this log (serve), or a fresh one (replay_cursors.hpp).
  const std::string key = cursor_key(path, options + "\n" + (table ? *table : std::string()));
  auto& cursors = ReplayCursors::process();
  ReplayCursor cursor = cursors.take(key, at + 1, [&] { return std::make_unique<LogWalk>(context, path, schemas, false); });
  replay_to(
      *cursor.walk, cursor.replay, *cursor.digester, filter, at,
      [&cursor](const sdk::ScannedRecord& record, const sdk::Transaction&, const sdk::RecordDigest& digest) {
        cursor.applied(digest, record.view().offset);
      },
      [&cursor](const sdk::TransactionView& view) {
        cursor.last.set(view);
        ReplayCursors::maybe_checkpoint(cursor, view.offset + view.size);
      });
  const sdk::LogReplay& replay = cursor.replay;
  json::object record = place_json(cursor.last);
  struct GiveBack {
    ReplayCursors& cursors;
    const std::string& key;
    ReplayCursor& cursor;
    ~GiveBack() { cursors.give_back(key, std::move(cursor)); }
  } give_back{cursors, key, cursor};

  sdk::Report header;
  header.data = json::object{{"file_path", path}, {"at", at}, {"record", std::move(record)},
                             {"table", filter.to_json()}};
  header.items = "rows";
  header.presentation.compact = {"/rows"};  // json copies each row's text: serde's digits, one line each
  header.presentation.title = fmt::format("Live rows of {} after record {}", path, at);
  header.presentation.lines.push_back({"/rows", "{/module_id}.{/table_name} {/primary_key|json} {/row/entries|json}"});
  context.begin(header);
  std::uint64_t rows = 0;
  for (const auto& state : replay.tables()) {
    replay.for_each_row(state.table->module, state.table->table, [&](const sdk::Row& row) {
      std::string text = item_head(*state.table, row.primary_key);
      text += ",\"row\":";
      sdk::append_row_json(text, row);
      context.item_json(text + "}");
      ++rows;
    });
  }
  sdk::Report summary;
  summary.data = json::object{{"live_rows_total", rows}, {"state_hash", sdk::hash_hex(replay.state_hash())}};
  summary.presentation.summary = fmt::format("{} live rows after record {}", rows, at);
  return summary;
}

namespace {

/// A row a record between A and B touched, and what it was after A.
struct Touched {
  const sdk::ReplayTable* table;
  sdk::Value key;
  std::optional<sdk::Row> before;
};

std::string change_of(const sdk::Row* before, const sdk::Row* after) {
  return !before ? "inserted" : !after ? "deleted" : "updated";
}

/// `[0,2]`: the entries that differ, as JSON text.
std::string changed_columns(const sdk::Row& before, const sdk::Row& after) {
  std::string columns;
  const std::size_t count = std::max(before.entries.size(), after.entries.size());
  for (std::size_t i = 0; i < count; ++i)
    if (i >= before.entries.size() || i >= after.entries.size() || !(before.entries[i] == after.entries[i]))
      columns += (columns.empty() ? "" : ",") + std::to_string(i);
  return "[" + columns + "]";
}

}  // namespace

sdk::Report state_diff(sdk::CommandContext& context, LogWalk& walk, std::uint64_t from, std::uint64_t to,
                       const std::optional<std::string>& table) {
  if (to <= from) throw sdk::Error::usage(fmt::format("--diff {} {}: the second record must come after the first", from, to));
  const TableFilter filter(table);
  sdk::RecordDigester digester;
  auto replay = keeping_rows(digester);
  RecordPlace place;
  const auto at = [&place](const sdk::TransactionView& view) { place.set(view); };
  replay_to(walk, replay, digester, filter, from,
            [](const sdk::ScannedRecord&, const sdk::Transaction&, const sdk::RecordDigest&) {}, at);
  json::object from_record = place_json(place);
  const std::uint64_t hash_from = replay.state_hash();

  // Records A+1..B: the first time a key is touched, keep its row as it was after A.
  std::vector<Touched> touched;
  std::map<std::tuple<std::uint32_t, std::uint64_t, std::uint64_t>, std::size_t> seen;
  replay_to(walk, replay, digester, filter, to,
            [&](const sdk::ScannedRecord&, const sdk::Transaction& transaction, const sdk::RecordDigest& digest) {
    if (!seen.emplace(std::tuple(digest.table->id, digest.key.low, digest.key.high), touched.size()).second) return;
    const sdk::Row& row = transaction.row;
    touched.push_back({digest.table, row.primary_key, replay.find_row(digest.table->module, digest.table->table, row.primary_key)});
  }, at);
  json::object to_record = place_json(place);
  std::stable_sort(touched.begin(), touched.end(), [](const Touched& a, const Touched& b) {
    return std::tie(a.table->module, a.table->table) < std::tie(b.table->module, b.table->table);
  });

  sdk::Report header;
  header.data = json::object{{"file_path", walk.path()}, {"from", std::move(from_record)}, {"to", std::move(to_record)},
                             {"table", filter.to_json()}};
  header.items = "changes";
  header.presentation.compact = {"/changes"};
  header.presentation.title = fmt::format("Rows of {} changed between records {} and {}", walk.path(), from, to);
  header.presentation.lines.push_back({"/changes", "{/change} {/module_id}.{/table_name} {/primary_key|json}{ columns /changed_columns|json}"});
  context.begin(header);
  std::uint64_t changes = 0;
  for (const auto& row : touched) {
    const sdk::Row* before = row.before ? &*row.before : nullptr;
    const std::optional<sdk::Row> found_after = replay.find_row(row.table->module, row.table->table, row.key);
    const sdk::Row* after = found_after ? &*found_after : nullptr;
    if (!before && !after) continue;          // inserted and deleted again
    if (before && after && *before == *after) continue;  // changed and changed back
    std::string text = item_head(*row.table, row.key);
    text += fmt::format(",\"change\":\"{}\",\"changed_columns\":{},\"before\":", change_of(before, after),
                        before && after ? changed_columns(*before, *after) : "null");
    append_row_or_null(text, before);
    text += ",\"after\":";
    append_row_or_null(text, after);
    context.item_json(text + "}");
    ++changes;
  }
  sdk::Report summary;
  summary.data = json::object{{"changed_rows", changes},
                              {"state_hash_from", sdk::hash_hex(hash_from)},
                              {"state_hash_to", sdk::hash_hex(replay.state_hash())}};
  summary.presentation.summary = fmt::format("{} rows changed between records {} and {}", changes, from, to);
  return summary;
}

}  // namespace interstice::determinism
