// Replay: the anomaly rules of replay.hpp, mirroring the reference encoder's facts
// (shared/oracle/src/facts.rs) rule for rule, and the per-table row-hash sums behind the
// incremental state hash.
#include "interstice/sdk/replay.hpp"

#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/value_json.hpp"
#include "replay_rows.hpp"

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/util/canonical_value.hpp"
#include "interstice/sdk/util/state_hash.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace interstice::sdk {

std::string_view anomaly_name(Anomaly anomaly) {
  switch (anomaly) {
    case Anomaly::delete_missing_key: return "delete_missing_key";
    case Anomaly::insert_existing_key: return "insert_existing_key";
    case Anomaly::old_row_on_insert_or_delete: return "old_row_on_insert_or_delete";
    case Anomaly::update_key_mismatch: return "update_key_mismatch";
    case Anomaly::update_missing_key: return "update_missing_key";
    case Anomaly::update_without_old_row: return "update_without_old_row";
  }
  return "?";
}

namespace {

struct Table {
  Table(const ReplayTable& id, bool keep_rows, std::uint64_t bucket_seed) : rows(keep_rows, bucket_seed) {
    state.table = &id;
  }
  TableState state;  // live_rows is filled in when it is read
  ReplayRows rows;
};

}  // namespace

struct LogReplay::State {
  explicit State(const Options& options)
      : keep_rows(options.rows == Rows::keep),
        bucket_seed(options.bucket_seed),
        own_digester(options.digester ? nullptr : std::make_shared<RecordDigester>()),
        digester(options.digester ? *options.digester : *own_digester) {}
  // A clone shares the digester (its tables' ReplayTable pointers point into it), or is bound to
  // `to`, a digester with the same tables under the same ids.
  State(const State& other, RecordDigester* to = nullptr)
      : keep_rows(other.keep_rows),
        bucket_seed(other.bucket_seed),
        own_digester(to ? nullptr : other.own_digester),
        digester(to ? *to : other.digester),
        anomalies(other.anomalies),
        applied(other.applied) {
    tables.reserve(other.tables.size());
    for (const auto& table : other.tables) {
      tables.push_back(table ? std::make_unique<Table>(*table) : nullptr);
      if (table && to) tables.back()->state.table = &to->table(table->state.table->id);
    }
  }

  bool keep_rows;
  std::uint64_t bucket_seed;
  std::shared_ptr<RecordDigester> own_digester;
  RecordDigester& digester;
  std::vector<std::unique_ptr<Table>> tables;  ///< by ReplayTable::id; null: not touched
  ReplayAnomalies anomalies;
  std::uint64_t applied = 0;

  Table& table_of(const ReplayTable& id) {
    if (id.id >= tables.size()) tables.resize(id.id + 1);
    auto& table = tables[id.id];
    if (!table) table = std::make_unique<Table>(id, keep_rows, bucket_seed);
    return *table;
  }

  const Table* find(std::string_view module, std::string_view name) const {
    for (const auto& table : tables)
      if (table && table->state.table->module == module && table->state.table->table == name) return table.get();
    return nullptr;
  }

  TableState snapshot(const Table& table) const {
    TableState state = table.state;
    state.live_rows = table.rows.size();
    return state;
  }

  AnomalySet apply(const RecordDigest& digest, Row* row) {
    ++applied;
    Table& table = table_of(*digest.table);
    TableState& state = table.state;
    AnomalySet found;
    std::optional<std::uint64_t> old_hash;
    switch (digest.operation) {
      case Operation::Insert:
        ++state.inserts;
        if (digest.has_old_row) found.add(Anomaly::old_row_on_insert_or_delete);
        old_hash = table.rows.put(digest.key, digest.row_hash, row);
        if (old_hash) found.add(Anomaly::insert_existing_key);
        state.row_hash_sum += digest.row_hash - old_hash.value_or(0);
        break;
      case Operation::Update:
        ++state.updates;
        if (!digest.has_old_row)
          found.add(Anomaly::update_without_old_row);
        else if (!(digest.old_key == digest.key))
          found.add(Anomaly::update_key_mismatch);  // the old key stays live, as the reference does
        old_hash = table.rows.put(digest.key, digest.row_hash, row);
        if (!old_hash) found.add(Anomaly::update_missing_key);
        state.row_hash_sum += digest.row_hash - old_hash.value_or(0);
        break;
      case Operation::Delete:
        ++state.deletes;
        if (digest.has_old_row) found.add(Anomaly::old_row_on_insert_or_delete);
        old_hash = table.rows.erase(digest.key);
        if (!old_hash) found.add(Anomaly::delete_missing_key);
        state.row_hash_sum -= old_hash.value_or(0);
        break;
    }
    if (!found.empty()) {
      state.anomalies.add(found);
      anomalies.add(found);
    }
    return found;
  }

  template <typename Visit>
  void for_each_table(Visit&& visit) const {
    for (const auto& table : tables)
      if (table) visit(*table);
  }
};

LogReplay::LogReplay(Rows rows) : LogReplay(Options{.rows = rows}) {}
LogReplay::LogReplay(const Options& options) : state_(std::make_unique<State>(options)) {}
LogReplay::~LogReplay() = default;
LogReplay::LogReplay(LogReplay&&) noexcept = default;
LogReplay& LogReplay::operator=(LogReplay&&) noexcept = default;

LogReplay LogReplay::clone() const {
  LogReplay copy;
  copy.state_ = std::make_unique<State>(*state_);
  return copy;
}

LogReplay LogReplay::clone(RecordDigester& digester) const {
  for (const auto& table : state_->tables)
    if (table && (table->state.table->id >= digester.table_count() ||
                  digester.table(table->state.table->id).module != table->state.table->module ||
                  digester.table(table->state.table->id).table != table->state.table->table))
      throw std::logic_error("LogReplay::clone: the digester does not know this replay's tables under the same ids");
  LogReplay copy;
  copy.state_ = std::make_unique<State>(*state_, &digester);
  return copy;
}

AnomalySet LogReplay::apply(const Transaction& record) {
  const RecordDigest& digest = state_->digester.digest(record);
  if (!state_->keep_rows) return state_->apply(digest, nullptr);
  Row row = record.row;
  return state_->apply(digest, &row);
}

AnomalySet LogReplay::apply(Transaction&& record) {
  const RecordDigest& digest = state_->digester.digest(record);
  return state_->apply(digest, &record.row);
}

AnomalySet LogReplay::apply(const ScannedRecord& record) {
  if (!state_->keep_rows) return state_->apply(state_->digester.digest(record), nullptr);
  return apply(record.transaction());
}

AnomalySet LogReplay::apply(const RecordDigest& digest, Row* row) { return state_->apply(digest, row); }

void LogReplay::prefetch(const RecordDigest& digest) const {
  const std::uint32_t id = digest.table->id;
  if (id < state_->tables.size() && state_->tables[id]) state_->tables[id]->rows.prefetch(digest.key);
}

std::uint64_t LogReplay::applied() const noexcept { return state_->applied; }

const ReplayAnomalies& LogReplay::anomalies() const noexcept { return state_->anomalies; }

std::uint64_t LogReplay::live_rows_total() const noexcept {
  std::uint64_t total = 0;
  state_->for_each_table([&](const Table& table) { total += table.rows.size(); });
  return total;
}

namespace {

TableHash hash_part(const TableState& state) {
  return {state.table->module, state.table->table, state.live_rows, state.row_hash_sum};
}

}  // namespace

std::uint64_t LogReplay::state_hash() const {
  std::vector<TableHash> parts;
  state_->for_each_table([&](const Table& table) { parts.push_back(hash_part(state_->snapshot(table))); });
  return combine_state_hash(parts);
}

std::uint64_t LogReplay::recomputed_state_hash() const {
  std::vector<TableHash> parts;
  state_->for_each_table([&](const Table& table) {
    TableState state = state_->snapshot(table);
    state.row_hash_sum = 0;
    table.rows.for_each_hash([&](std::uint64_t hash) { state.row_hash_sum += hash; });
    parts.push_back(hash_part(state));
  });
  return combine_state_hash(parts);
}

std::vector<TableState> LogReplay::tables() const {
  std::vector<TableState> states;
  state_->for_each_table([&](const Table& table) { states.push_back(state_->snapshot(table)); });
  std::sort(states.begin(), states.end(), [](const TableState& a, const TableState& b) {
    return std::pair<std::string_view, std::string_view>(a.table->module, a.table->table) <
           std::pair<std::string_view, std::string_view>(b.table->module, b.table->table);
  });
  return states;
}

std::optional<TableState> LogReplay::find(std::string_view module, std::string_view table) const {
  const Table* found = state_->find(module, table);
  if (!found) return std::nullopt;
  return state_->snapshot(*found);
}

std::optional<TableState> LogReplay::find(const ReplayTable& table) const {
  if (table.id >= state_->tables.size() || !state_->tables[table.id]) return std::nullopt;
  return state_->snapshot(*state_->tables[table.id]);
}

void LogReplay::for_each_row(std::string_view module, std::string_view table,
                             const std::function<void(const Row&)>& visit) const {
  if (const Table* found = state_->find(module, table)) found->rows.for_each_row(visit);
}

std::optional<Row> LogReplay::find_row(std::string_view module, std::string_view table, const Value& key) const {
  const Table* found = state_->find(module, table);
  if (!found) return std::nullopt;
  const std::string bytes = canonical_bytes(key);
  return found->rows.find(key_fingerprint({reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()}));
}

}  // namespace interstice::sdk
