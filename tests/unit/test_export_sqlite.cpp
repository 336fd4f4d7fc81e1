// The `sqlite` exporter, built on the SDK's log replay (replay.hpp, itself tested in
// test_sdk_replay.cpp): the exported database, read back with the SQLite C API, holds the whole
// history and exactly the live state, byte for byte.
#include "replay_harness.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/exporter.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/record_json.hpp"
#include "interstice/sdk/replay.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/util/concurrency.hpp"
#include "interstice/sdk/value_json.hpp"

#include <boost/json.hpp>
#include <sqlite3.h>
#include <sys/resource.h>

#include <cctype>
#include <csignal>
#include <optional>
#include <sstream>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <set>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test;

namespace {

std::vector<sdk::ModuleSchema> fixture_schemas(const std::filesystem::path& log) {
  return sdk::load_module_schemas({log.string() + ".schemas.json"});
}

const sdk::LogCodec* v1_codec() {
  return dynamic_cast<const sdk::LogCodec*>(log_codecs().find(sdk::LogCodec::kind, "interstice-v1"));
}

/// Every record of a v1 log, read through the real codec plugin.
void for_each_record(const std::filesystem::path& log,
                     const std::function<void(const sdk::TransactionView&, const sdk::Transaction&)>& visit) {
  const auto* codec = v1_codec();
  BOOST_REQUIRE(codec);
  sdk::LogInput input(log);
  auto reader = codec->open(input, "interstice-v1");
  sdk::TransactionView view;
  while (reader->next(view)) visit(view, reader->decode(view));
  BOOST_REQUIRE(!reader->damage());
}

/// A unique, empty temp file (as the host's AtomicFile makes one), removed at the end.
class TempFile {
 public:
  TempFile() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("interstice-sqlite-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".db");
    stream_.open(path_, std::ios::binary | std::ios::trunc);
  }
  ~TempFile() {
    stream_.close();
    std::filesystem::remove(path_);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::ofstream& stream() { return stream_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::ofstream stream_;
};

using Selector = std::function<bool(const sdk::Transaction&)>;

/// Drives the exporter by hand, as log-export does, over the records `select` keeps.
void export_log(const std::filesystem::path& log, TempFile& out, const std::vector<sdk::ModuleSchema>* schemas,
                sdk::Logger& logger, const Selector& select = {}, const std::string& filter = "none") {
  TestServices services(&logger);
  LoadedPlugin<sdk::Exporter> sqlite("exporter-sqlite.so", services);
  const auto* codec = v1_codec();
  sdk::ExportTarget target{.stream = out.stream(), .temp_path = out.path(), .final_path = "out.db",
                           .source_path = log.string(), .source_format = "interstice-v1", .source_codec = codec,
                           .filter = filter, .filtered = filter != "none", .schemas = schemas,
                           .plugins = &log_codecs()};
  auto session = sqlite->begin(target);
  for_each_record(log, [&](const sdk::TransactionView& view, const sdk::Transaction& tx) {
    if (select && !select(tx)) return;
    session->write({tx, view});
  });
  session->end();
}

/// Hand-made transactions through the exporter, for cases the fixtures do not have.
void export_transactions(TempFile& out, const std::vector<sdk::ModuleSchema>& schemas,
                         const std::vector<sdk::Transaction>& records, sdk::Logger& logger) {
  TestServices services(&logger);
  LoadedPlugin<sdk::Exporter> sqlite("exporter-sqlite.so", services);
  sdk::ExportTarget target{.stream = out.stream(), .temp_path = out.path(), .final_path = "out.db",
                           .source_path = "log", .source_format = "test", .filter = "none", .schemas = &schemas};
  auto session = sqlite->begin(target);
  sdk::TransactionView view;
  std::uint64_t index = 0;
  for (auto tx : records) {
    tx.index = index++;
    session->write({tx, view});
  }
  session->end();
}

sdk::ValueType type_of(sdk::ValueType::Kind kind) { return sdk::ValueType::primitive(kind); }

sdk::Transaction row_record(sdk::Operation operation, std::string module, std::string table, sdk::Row row,
                            std::optional<sdk::Row> old_row = {}) {
  sdk::Transaction tx;
  tx.operation = operation;
  tx.module = std::move(module);
  tx.table = std::move(table);
  tx.row = std::move(row);
  tx.old_row = std::move(old_row);
  return tx;
}

/// The exported database, read with the SQLite C API.
class Database {
 public:
  explicit Database(const std::filesystem::path& file) {
    BOOST_REQUIRE_EQUAL(sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  }
  ~Database() { sqlite3_close(db_); }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// Calls `row` for every result row of `sql`.
  void query(const std::string& sql, const std::function<void(sqlite3_stmt*)>& row) const {
    sqlite3_stmt* statement = nullptr;
    BOOST_REQUIRE_MESSAGE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK,
                          sql << ": " << sqlite3_errmsg(db_));
    int code;
    while ((code = sqlite3_step(statement)) == SQLITE_ROW) row(statement);
    BOOST_CHECK_MESSAGE(code == SQLITE_DONE, sql << ": " << sqlite3_errmsg(db_));
    sqlite3_finalize(statement);
  }
  std::int64_t integer(const std::string& sql) const {
    std::int64_t value = -1;
    query(sql, [&](sqlite3_stmt* s) { value = sqlite3_column_int64(s, 0); });
    return value;
  }
  /// `PRAGMA table_info`: column name -> declared type.
  std::map<std::string, std::string> declared_types(const std::string& table) const {
    std::map<std::string, std::string> types;
    query("PRAGMA table_info(" + quote(table) + ")", [&](sqlite3_stmt* s) { types[text(s, 1)] = text(s, 2); });
    return types;
  }
  std::set<std::string> tables() const {
    std::set<std::string> names;
    query("SELECT name FROM sqlite_schema WHERE type = 'table'", [&](sqlite3_stmt* s) { names.insert(text(s, 0)); });
    return names;
  }

  /// Column `i` as the exact bytes SQLite holds (NULs included).
  static std::string text(sqlite3_stmt* s, int i) {
    const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
    return bytes ? std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(s, i))) : std::string();
  }
  static std::string quote(const std::string& name) {
    std::string quoted = "\"";
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  }

 private:
  sqlite3* db_ = nullptr;
};

/// The fixture's live rows, replayed independently of the SDK: (module, table, key JSON) -> the
/// live row's JSON. From records.jsonl when the fixture has one (the reference encoder's own
/// view), else from the codec's decoding. Keys are re-serialized by Boost.JSON so every side
/// spells them alike.
std::map<std::string, json::object> expected_live_rows(const std::filesystem::path& log) {
  std::map<std::string, json::object> live;
  auto apply = [&live](std::string_view module, std::string_view table, bool is_delete, const json::value& row) {
    auto key = std::string(module) + "\n" + std::string(table) + "\n" + json::serialize(row.at("primary_key"));
    if (is_delete)
      live.erase(key);
    else
      live[key] = row.as_object();
  };
  std::ifstream in(log.string() + ".records.jsonl");
  if (!in) {
    for_each_record(log, [&](const sdk::TransactionView&, const sdk::Transaction& tx) {
      apply(tx.module, tx.table, tx.operation == sdk::Operation::Delete, sdk::to_json(tx.row));
    });
    return live;
  }
  for (std::string line; std::getline(in, line);) {
    auto record = json::parse(line).as_object();
    apply(record.at("module").as_string(), record.at("table").as_string(), record.at("type") == "Delete",
          record.at("row"));
  }
  return live;
}

/// The primary key a state table holds, back in serde JSON, for the key types the fixtures use.
json::value state_key(sqlite3_stmt* s, int i, const sdk::ValueType& type) {
  const auto kind = std::string(sdk::kind_name(type.kind()));
  if (type.kind() == sdk::ValueType::Kind::String) return json::object{{kind, Database::text(s, i)}};
  if (type.kind() == sdk::ValueType::Kind::U64) {
    if (sqlite3_column_type(s, i) == SQLITE_TEXT) return json::object{{kind, std::stoull(Database::text(s, i))}};
    return json::object{{kind, static_cast<std::uint64_t>(sqlite3_column_int64(s, i))}};
  }
  return json::object{{kind, sqlite3_column_int64(s, i)}};
}

struct Coverage {
  std::size_t cells = 0;  ///< values compared
  bool nul = false;       ///< a compared string held a NUL
  bool quote = false;     ///< ... a double quote
  bool astral = false;    ///< ... a character outside the BMP (emoji): 4 bytes in UTF-8
  bool big_u64 = false;   ///< a U64 above INT64_MAX was compared
};

/// Cell `i` against the serde JSON `value` of a column of `type`, by the mapping the exporter
/// documents (formats/export/sqlite/column_types.hpp), restated here independently.
void check_cell(sqlite3_stmt* s, int i, const json::value& value, const sdk::ValueType& type, Coverage& coverage,
                const std::string& where) {
  using Kind = sdk::ValueType::Kind;
  ++coverage.cells;
  const int stored = sqlite3_column_type(s, i);
  const auto kind = std::string(sdk::kind_name(type.kind()));
  BOOST_TEST_CONTEXT(where << " (" << type.to_string() << ")") switch (type.kind()) {
    case Kind::Void: BOOST_TEST(stored == SQLITE_NULL); break;
    case Kind::Bool:
      BOOST_TEST(stored == SQLITE_INTEGER);
      BOOST_TEST(sqlite3_column_int64(s, i) == (value.at(kind).as_bool() ? 1 : 0));
      break;
    case Kind::U8:
    case Kind::U32:
    case Kind::I32:
    case Kind::I64:
      BOOST_TEST(stored == SQLITE_INTEGER);
      BOOST_TEST(sqlite3_column_int64(s, i) == value.at(kind).to_number<std::int64_t>());
      break;
    case Kind::U64: {
      // INTEGER, or exact TEXT when the column holds a value above INT64_MAX (then all of it is
      // TEXT: check_one_class_per_column).
      const auto number = value.at(kind).to_number<std::uint64_t>();
      if (number > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) coverage.big_u64 = true;
      if (stored == SQLITE_INTEGER) {
        BOOST_TEST(number <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
        BOOST_TEST(sqlite3_column_int64(s, i) == static_cast<std::int64_t>(number));
      } else {
        BOOST_TEST(stored == SQLITE_TEXT);
        BOOST_TEST(Database::text(s, i) == std::to_string(number));
      }
      break;
    }
    case Kind::F32:
    case Kind::F64: {
      // Boost.JSON 1.81 parses doubles to within an ulp, not exactly; so the stored double is
      // printed the way the log's JSON was (shortest digits) and both texts parsed alike.
      BOOST_TEST(stored == SQLITE_FLOAT);
      const double number = sqlite3_column_double(s, i);
      std::string text;
      if (type.kind() == Kind::F32) {
        BOOST_TEST(static_cast<double>(static_cast<float>(number)) == number);  // widened exactly
        sdk::append_f32_json(text, static_cast<float>(number));
      } else {
        sdk::append_f64_json(text, number);
      }
      BOOST_TEST(json::parse(text) == value.at(kind), text);
      break;
    }
    case Kind::String: {
      BOOST_TEST(stored == SQLITE_TEXT);
      const auto text = Database::text(s, i);
      BOOST_TEST(text == std::string_view(value.at(kind).as_string()));
      coverage.nul = coverage.nul || text.find('\0') != std::string::npos;
      coverage.quote = coverage.quote || text.find('"') != std::string::npos;
      coverage.astral = coverage.astral || text.find('\xF0') != std::string::npos;
      break;
    }
    case Kind::Option: {
      const auto inner = type.element().kind();
      if (inner != Kind::Void && inner != Kind::Option) {
        if (value.at(kind).is_null())
          BOOST_TEST(stored == SQLITE_NULL);
        else
          check_cell(s, i, value.at(kind), type.element(), coverage, where);
        break;
      }
      [[fallthrough]];
    }
    case Kind::Vec:
    case Kind::Row:
    case Kind::Tuple:
    case Kind::Named:
      BOOST_TEST(stored == SQLITE_TEXT);
      BOOST_TEST(json::parse(Database::text(s, i)) == value);
      break;
  }
}

/// No state column mixes storage classes (NULLs aside): a U64 column is all INTEGER or all TEXT.
void check_one_class_per_column(const Database& db, const std::vector<sdk::ModuleSchema>& schemas) {
  for (const auto& module : schemas)
    for (const auto& table : module.tables) {
      std::vector<std::string> columns{table.primary_key.name};
      for (const auto& entry : table.entries) columns.push_back(entry.name);
      for (const auto& column : columns) {
        const auto classes = db.integer("SELECT count(DISTINCT typeof(" + Database::quote(column) + ")) FROM " +
                                        Database::quote(module.name + "__" + table.name) + " WHERE " +
                                        Database::quote(column) + " IS NOT NULL");
        BOOST_TEST(classes <= 1, module.name << "." << table.name << "." << column);
      }
    }
}

/// Every cell of every state table equals the fixture's own replay.
Coverage check_state_values(const Database& db, const std::vector<sdk::ModuleSchema>& schemas,
                            const std::filesystem::path& log) {
  const auto expected = expected_live_rows(log);
  Coverage coverage;
  for (const auto& module : schemas)
    for (const auto& table : module.tables)
      db.query("SELECT * FROM " + Database::quote(module.name + "__" + table.name), [&](sqlite3_stmt* s) {
        auto key = module.name + "\n" + table.name + "\n" + json::serialize(state_key(s, 0, table.primary_key.type));
        auto found = expected.find(key);
        BOOST_REQUIRE_MESSAGE(found != expected.end(), "not live in the fixture: " << key);
        check_cell(s, 0, found->second.at("primary_key"), table.primary_key.type, coverage, key);
        const auto& entries = found->second.at("entries").as_array();
        BOOST_REQUIRE_EQUAL(entries.size(), table.entries.size());
        for (std::size_t c = 0; c < entries.size(); ++c)
          check_cell(s, static_cast<int>(c + 1), entries[c], table.entries[c].type, coverage,
                     key + " " + table.entries[c].name);
      });
  return coverage;
}

/// Each state table holds exactly the fixture's live_rows (0 for tables no record touched).
void check_state_counts(const Database& db, const std::vector<sdk::ModuleSchema>& schemas, const json::object& facts) {
  const auto& live = facts.at("live_rows").as_object();
  std::int64_t total = 0;
  for (const auto& module : schemas)
    for (const auto& table : module.tables) {
      std::int64_t want = 0;
      if (auto m = live.find(module.name); m != live.end())
        if (auto t = m->value().as_object().find(table.name); t != m->value().as_object().end())
          want = t->value().to_number<std::int64_t>();
      auto got = db.integer("SELECT count(*) FROM " + Database::quote(module.name + "__" + table.name));
      BOOST_CHECK_MESSAGE(got == want, module.name << "." << table.name << ": " << got << " rows, want " << want);
      total += got;
    }
  BOOST_TEST(total == facts.at("live_rows_total").to_number<std::int64_t>());
}

/// The transactions table against the fixture's expected counts.
void check_history_counts(const Database& db, const json::object& facts) {
  BOOST_TEST(db.integer("SELECT count(*) FROM transactions") ==
             facts.at("total_transactions").to_number<std::int64_t>());
  for (const auto& [type, count] : facts.at("by_type").as_object()) {
    std::string op(type);
    for (char& c : op) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    BOOST_TEST(db.integer("SELECT count(*) FROM transactions WHERE operation = '" + op + "'") ==
                   count.to_number<std::int64_t>(),
               op);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(exporter_sqlite)

// --- replay into the state tables (the replay rules themselves: test_sdk_replay.cpp) ------------

BOOST_AUTO_TEST_CASE(replay_keeps_the_last_row_of_each_key) {
  sdk::LogReplay replay;
  for_each_record(fixture_log("small.log"), [&](const sdk::TransactionView&, const sdk::Transaction& tx) { replay.apply(tx); });
  const auto expected = expected_live_rows(fixture_log("small.log"));
  std::size_t compared = 0;
  for (const auto& state : replay.tables())
    replay.for_each_row(state.table->module, state.table->table, [&](const sdk::Row& row) {
      auto key = state.table->module + "\n" + state.table->table + "\n" + json::serialize(sdk::to_json(row.primary_key));
      auto found = expected.find(key);
      BOOST_REQUIRE_MESSAGE(found != expected.end(), key);
      BOOST_TEST(json::value(sdk::to_json(row)) == json::value(found->second), key);
      ++compared;
    });
  BOOST_TEST(compared == expected.size());
}

// --- the exporter -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(small_log_history_and_state) {
  const auto log = fixture_log("small.log");
  const auto schemas = fixture_schemas(log);
  const auto facts = expected_facts(log);
  TempFile out;
  RecordingLogger logger;
  export_log(log, out, &schemas, logger);
  BOOST_TEST(logger.messages.empty());

  Database db(out.path());
  check_history_counts(db, facts);
  check_state_counts(db, schemas, facts);
  BOOST_TEST(db.tables().size() == 17u);  // transactions + 16 module tables
  BOOST_TEST(db.integer("PRAGMA user_version") == 2);
  // Every live row joins with the records of its key by `_key`, the keys above 2^63 of
  // game.players included (json_extract would read them as lossy REALs).
  BOOST_TEST(db.integer("SELECT count(DISTINCT _key) FROM game__players__history") ==
             db.integer("SELECT count(*) FROM game__players"));
  BOOST_TEST(db.integer("SELECT count(*) FROM game__players WHERE typeof(id) = 'text'") > 0);
  BOOST_TEST(db.integer("SELECT count(*) FROM game__players p WHERE NOT EXISTS (SELECT 1 FROM transactions t WHERE "
                        "t.primary_key = p._key AND t.module_id = 'game' AND t.table_name = 'players')") == 0);

  // Declared types (U64 has none: see column_types.hpp) and the unwrapped options.
  auto greetings = db.declared_types("hello__greetings");
  BOOST_TEST(greetings["id"] == "");
  BOOST_TEST(greetings["name"] == "TEXT");
  BOOST_TEST(greetings["count"] == "INTEGER");
  BOOST_TEST(greetings["marker"] == "");
  auto visitors = db.declared_types("hello__visitors");
  BOOST_TEST(visitors["name"] == "TEXT");
  BOOST_TEST(visitors["ratio"] == "REAL");
  BOOST_TEST(visitors["tags"] == "TEXT");
  BOOST_TEST(db.declared_types("hello__counters")["id"] == "INTEGER");
  BOOST_TEST(db.declared_types("hello__echoes")["reply"] == "TEXT");  // Option<Option<String>>: JSON
  BOOST_TEST(db.declared_types("payments__transfers")["fee"] == "INTEGER");  // Option<I64>
  BOOST_TEST(db.declared_types("game__matches")["extra"] == "TEXT");  // Option<Row>
  BOOST_TEST(db.integer("SELECT count(*) FROM hello__greetings WHERE marker IS NOT NULL") == 0);
  BOOST_TEST(db.integer("SELECT count(*) FROM hello__counters WHERE typeof(history) != 'text'") == 0);
  BOOST_TEST(db.integer("SELECT count(*) FROM hello__visitors WHERE typeof(ratio) != 'real'") == 0);
  BOOST_TEST(db.integer("SELECT count(*) FROM hello__visitors WHERE typeof(last_seen) NOT IN ('integer', 'null')") ==
             0);
  BOOST_TEST(db.integer("SELECT count(*) FROM chat__users WHERE online NOT IN (0, 1)") == 0);

  // u64 keys above INT64_MAX stay exact (as TEXT), and unique.
  BOOST_TEST(db.integer("SELECT count(*) FROM game__players WHERE typeof(id) = 'text'") > 0);
  BOOST_TEST(db.integer("SELECT count(*) FROM game__players WHERE id = '18446744073659551668'") == 1);
  std::string name;
  db.query("SELECT name FROM game__players WHERE id = '18446744073659551668'",
           [&](sqlite3_stmt* s) { name = Database::text(s, 0); });
  BOOST_TEST(name == "Mary-Jane \xF0\x9F\x8E\xAE\xF0\x9F\x94\xA5");

  // Every value as the mapping says; strings with NUL, quotes and emoji byte for byte.
  auto coverage = check_state_values(db, schemas, log);
  check_one_class_per_column(db, schemas);
  BOOST_TEST(coverage.cells > 1000u);
  BOOST_TEST(coverage.nul);
  BOOST_TEST(coverage.quote);
  BOOST_TEST(coverage.astral);
  BOOST_TEST(coverage.big_u64);
}

BOOST_AUTO_TEST_CASE(history_rows_equal_the_records_jsonl) {
  const auto log = fixture_log("small.log");
  TempFile out;
  RecordingLogger logger;
  export_log(log, out, nullptr, logger);
  Database db(out.path());
  BOOST_TEST(db.tables() == std::set<std::string>{"transactions"}, boost::test_tools::per_element());

  std::vector<json::object> expected;
  std::ifstream in(log.string() + ".records.jsonl");
  for (std::string line; std::getline(in, line);) expected.push_back(json::parse(line).as_object());
  std::size_t i = 0;
  db.query(R"(SELECT "index", module_id, table_name, operation, timestamp, data_hash, primary_key, "row", old_row,
                     typeof(old_row), "offset" FROM transactions ORDER BY "index")",
           [&](sqlite3_stmt* s) {
             BOOST_REQUIRE(i < expected.size());
             const auto& want = expected[i++];
             BOOST_TEST(sqlite3_column_int64(s, 10) == want.at("offset").to_number<std::int64_t>());
             BOOST_TEST(sqlite3_column_int64(s, 0) == want.at("index").to_number<std::int64_t>());
             BOOST_TEST(Database::text(s, 1) == std::string_view(want.at("module").as_string()));
             BOOST_TEST(Database::text(s, 2) == std::string_view(want.at("table").as_string()));
             std::string op(want.at("type").as_string());
             op[0] = static_cast<char>(std::tolower(op[0]));
             BOOST_TEST(Database::text(s, 3) == op);
             BOOST_TEST(sqlite3_column_int64(s, 4) == want.at("timestamp").to_number<std::int64_t>());
             BOOST_TEST(Database::text(s, 5).size() == 16u);
             BOOST_TEST(json::parse(Database::text(s, 6)) == want.at("row").at("primary_key"));
             BOOST_TEST(json::parse(Database::text(s, 7)) == want.at("row"));
             if (want.at("old_row").is_null())
               BOOST_TEST(Database::text(s, 9) == "null");
             else
               BOOST_TEST(json::parse(Database::text(s, 8)) == want.at("old_row"));
           });
  BOOST_TEST(i == expected.size());
  // The history is indexed for log-query's filters: SQLite uses an index, not a scan.
  std::string plan;
  db.query("EXPLAIN QUERY PLAN SELECT count(*) FROM transactions WHERE module_id = 'chat' AND table_name = 'messages' "
           "AND operation = 'insert'",
           [&](sqlite3_stmt* s) { plan += Database::text(s, 3); });
  BOOST_TEST(plan.find("USING COVERING INDEX transactions_by_table") != std::string::npos, plan);
  plan.clear();
  db.query("EXPLAIN QUERY PLAN SELECT * FROM transactions WHERE timestamp BETWEEN 1 AND 2",
           [&](sqlite3_stmt* s) { plan += Database::text(s, 3); });
  BOOST_TEST(plan.find("transactions_by_timestamp") != std::string::npos, plan);
}

BOOST_AUTO_TEST_CASE(wide_log_with_its_schemas) {
  const auto log = fixture_log("wide.log");
  const auto schemas = fixture_schemas(log);
  const auto facts = expected_facts(log);
  TempFile out;
  RecordingLogger logger;
  export_log(log, out, &schemas, logger);
  BOOST_TEST(logger.messages.empty());
  Database db(out.path());
  check_history_counts(db, facts);
  check_state_counts(db, schemas, facts);
  BOOST_TEST(check_state_values(db, schemas, log).cells > 5000u);
}

BOOST_AUTO_TEST_CASE(empty_log_gives_empty_tables) {
  const auto log = fixture_log("empty.log");
  const auto schemas = fixture_schemas(log);
  TempFile out;
  RecordingLogger logger;
  export_log(log, out, &schemas, logger);
  Database db(out.path());
  BOOST_TEST(db.integer("SELECT count(*) FROM transactions") == 0);
  BOOST_TEST(db.integer("SELECT count(*) FROM hello__greetings") == 0);
}

BOOST_AUTO_TEST_CASE(the_state_replays_only_the_selected_records) {
  const auto log = fixture_log("small.log");
  const auto schemas = fixture_schemas(log);
  TempFile out;
  RecordingLogger logger;
  const auto inserts_only = [](const sdk::Transaction& tx) { return tx.operation == sdk::Operation::Insert; };
  export_log(log, out, &schemas, logger, inserts_only, "op=insert");
  Database db(out.path());
  const auto facts = expected_facts(log);
  BOOST_TEST(db.integer("SELECT count(*) FROM transactions") ==
             facts.at("by_type").at("Insert").to_number<std::int64_t>());
  // Nothing was deleted: every inserted key is live.
  BOOST_TEST(db.integer("SELECT count(*) FROM hello__greetings") ==
             db.integer("SELECT count(DISTINCT primary_key) FROM transactions WHERE module_id = 'hello' AND "
                        "table_name = 'greetings'"));
  BOOST_REQUIRE(!logger.messages.empty());
  BOOST_TEST(logger.messages.front().find("op=insert") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(tables_without_a_schema_are_history_only) {
  const auto log = fixture_log("small.log");
  auto schemas = fixture_schemas(log);
  std::erase_if(schemas, [](const sdk::ModuleSchema& m) { return m.name != "chat"; });
  TempFile out;
  RecordingLogger logger;
  export_log(log, out, &schemas, logger);
  Database db(out.path());
  BOOST_TEST(db.tables().size() == 5u);  // transactions + chat's 4 tables
  BOOST_TEST(db.integer("SELECT count(*) FROM transactions") == 1000);
  BOOST_TEST(logger.messages.size() == 12u);  // once per table of hello, game and payments
  for (const auto& message : logger.messages) BOOST_TEST(message.find("no --schema describes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(any_name_is_quoted_and_clashes_are_renamed) {
  // Names that break naive SQL: quotes, spaces, a clash by case, SQLite's reserved prefix.
  using Kind = sdk::ValueType::Kind;
  sdk::ModuleSchema module;
  module.name = "we\"ird mod";
  sdk::TableSchema table;
  table.name = "t; DROP TABLE transactions; --";
  table.primary_key = {"Key \"id\"", type_of(Kind::String)};
  table.entries = {{"value", type_of(Kind::I64)}, {"VALUE", type_of(Kind::F64)}};
  module.tables.push_back(table);
  sdk::ModuleSchema reserved;
  reserved.name = "sqlite";
  reserved.tables.push_back(table);
  reserved.tables.back().name = "x";

  TempFile out;
  RecordingLogger logger;
  export_transactions(out, {module, reserved},
                      {row_record(sdk::Operation::Insert, module.name, table.name,
                                  {sdk::Value::string("k'\"1"), {sdk::Value::i64(-5), sdk::Value::f64(2.5)}})},
                      logger);

  Database db(out.path());
  const std::string state = "we\"ird mod__t; DROP TABLE transactions; --";
  BOOST_TEST(db.tables() == (std::set<std::string>{"transactions", state, "_sqlite__x"}),
             boost::test_tools::per_element());
  BOOST_TEST((db.declared_types(state) ==
              std::map<std::string, std::string>{{"Key \"id\"", "TEXT"}, {"value", "INTEGER"}, {"VALUE_2", "REAL"}, {"_key", "TEXT"}}));
  std::string key;
  db.query("SELECT \"Key \"\"id\"\"\", value, VALUE_2 FROM " + Database::quote(state), [&](sqlite3_stmt* s) {
    key = Database::text(s, 0);
    BOOST_TEST(sqlite3_column_int64(s, 1) == -5);
    BOOST_TEST(sqlite3_column_double(s, 2) == 2.5);
  });
  BOOST_TEST(key == "k'\"1");
  BOOST_TEST(logger.messages.size() == 3u);  // VALUE renamed twice (two tables), sqlite__x renamed
}

BOOST_AUTO_TEST_CASE(options_unwrap_only_where_null_is_unambiguous) {
  using Kind = sdk::ValueType::Kind;
  sdk::ModuleSchema module;
  module.name = "m";
  sdk::TableSchema table;
  table.name = "t";
  table.primary_key = {"id", sdk::ValueType::option(type_of(Kind::U32))};  // a key is never unwrapped
  table.entries = {{"plain", sdk::ValueType::option(type_of(Kind::I64))},
                   {"nested", sdk::ValueType::option(sdk::ValueType::option(type_of(Kind::String)))},
                   {"unit", sdk::ValueType::option(type_of(Kind::Void))},
                   {"list", sdk::ValueType::option(sdk::ValueType::vec(type_of(Kind::Bool)))}};
  module.tables.push_back(table);
  auto some = [](sdk::Value v) { return sdk::Value::option(std::move(v)); };
  const auto none = sdk::Value::option(std::nullopt);
  TempFile out;
  RecordingLogger logger;
  export_transactions(
      out, {module},
      {row_record(sdk::Operation::Insert, "m", "t",
                  {some(sdk::Value::u32(1)),
                   {some(sdk::Value::i64(-7)), some(none), some(sdk::Value::make_void()),
                    some(sdk::Value::vec({sdk::Value::boolean(true)}))}}),
       row_record(sdk::Operation::Insert, "m", "t", {none, {none, none, none, none}})},
      logger);
  BOOST_TEST(logger.messages.empty());
  Database db(out.path());
  BOOST_TEST((db.declared_types("m__t") == std::map<std::string, std::string>{{"id", "TEXT"},
                                                                             {"plain", "INTEGER"},
                                                                             {"nested", "TEXT"},
                                                                             {"unit", "TEXT"},
                                                                             {"list", "TEXT"},
                                                                             {"_key", "TEXT"}}));
  std::vector<std::string> rows;
  db.query("SELECT id, quote(plain), quote(nested), quote(unit), quote(list) FROM m__t ORDER BY rowid",
           [&](sqlite3_stmt* s) {
             std::string row;
             for (int i = 0; i < 5; ++i) row += (i ? " | " : "") + Database::text(s, i);
             rows.push_back(row);
           });
  BOOST_TEST(rows == (std::vector<std::string>{
                         R"({"Option":{"U32":1}} | -7 | '{"Option":{"Option":null}}' | '{"Option":"Void"}' | )"
                         R"('{"Vec":[{"Bool":true}]}')",
                         R"({"Option":null} | NULL | '{"Option":null}' | '{"Option":null}' | NULL)"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rows_that_break_the_schema_or_sqlite_keys_are_reported) {
  using Kind = sdk::ValueType::Kind;
  sdk::ModuleSchema module;
  module.name = "m";
  sdk::TableSchema floats;
  floats.name = "floats";
  floats.primary_key = {"k", type_of(Kind::F64)};
  module.tables.push_back(floats);
  sdk::TableSchema loose;
  loose.name = "loose";
  loose.primary_key = {"k", type_of(Kind::U32)};
  loose.entries = {{"a", type_of(Kind::U32)}, {"b", type_of(Kind::U32)}};
  module.tables.push_back(loose);

  TempFile out;
  RecordingLogger logger;
  using sdk::Operation;
  export_transactions(
      out, {module},
      {// -0.0 and 0.0 are two keys in the log, one in SQLite: the second row cannot be stored.
       row_record(Operation::Insert, "m", "floats", {sdk::Value::f64(0.0), {}}),
       row_record(Operation::Insert, "m", "floats", {sdk::Value::f64(-0.0), {}}),
       // A string where a U32 belongs, a missing entry, an extra entry: stored as they are.
       row_record(Operation::Insert, "m", "loose", {sdk::Value::u32(1), {sdk::Value::string("x")}}),
       row_record(Operation::Insert, "m", "loose",
                  {sdk::Value::u32(2), {sdk::Value::u32(1), sdk::Value::u32(2), sdk::Value::u32(3)}}),
       // A framed-style update (no old row in the whole log) is no anomaly worth a warning.
       row_record(Operation::Update, "m", "loose", {sdk::Value::u32(2), {sdk::Value::u32(5), sdk::Value::u32(6)}}),
       // A framed-style delete: the key only.
       row_record(Operation::Insert, "m", "loose", {sdk::Value::u32(3), {sdk::Value::u32(0), sdk::Value::u32(0)}}),
       row_record(Operation::Delete, "m", "loose", {sdk::Value::u32(3), {}, true})},
      logger);
  Database db(out.path());
  BOOST_TEST(db.integer("SELECT count(*) FROM transactions") == 7);
  BOOST_TEST(db.integer("SELECT count(*) FROM m__floats") == 1);
  BOOST_TEST(db.integer("SELECT count(*) FROM m__loose") == 2);
  BOOST_TEST(db.integer("SELECT count(*) FROM m__loose WHERE k = 1 AND a = 'x' AND b IS NULL") == 1);
  BOOST_TEST(db.integer("SELECT count(*) FROM m__loose WHERE k = 2 AND a = 5 AND b = 6") == 1);
  std::string key_only;
  db.query(R"(SELECT "row" FROM transactions WHERE operation = 'delete')",
           [&](sqlite3_stmt* s) { key_only = Database::text(s, 0); });
  BOOST_TEST(key_only == R"({"primary_key":{"U32":3}})");
  BOOST_REQUIRE_EQUAL(logger.messages.size(), 2u);
  BOOST_TEST(logger.messages[0].find("1 live row of m.floats was left out") != std::string::npos, logger.messages[0]);
  BOOST_TEST(logger.messages[1].find("1 live row of m.loose does not fit its schema") != std::string::npos,
             logger.messages[1]);
}

BOOST_AUTO_TEST_CASE(sqlite_errors_name_the_output_file) {
  TempFile out;
  out.stream() << "this is not an SQLite database, and it is long enough to have a header.........";
  out.stream().flush();
  RecordingLogger logger;
  LoadedPlugin<sdk::Exporter> sqlite("exporter-sqlite.so");
  sdk::ExportTarget target{.stream = out.stream(), .temp_path = out.path(), .final_path = "final.db",
                           .source_path = "log", .source_format = "interstice-v1", .filter = {}};
  try {
    sqlite->begin(target);
    BOOST_FAIL("a file that is not a database was accepted");
  } catch (const sdk::Error& error) {
    BOOST_TEST((error.kind() == sdk::ErrorKind::input));
    BOOST_TEST(error.location().file == "final.db");
    BOOST_TEST(error.message().find("not a database") != std::string::npos, error.what());
  }
}

/// The bytes of a file, to compare two databases.
std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A v1 log of `count` chat.messages inserts whose one string column has `text_size(i)` bytes.
TempBytes generated_log(std::uint64_t count, const std::function<std::size_t(std::uint64_t)>& text_size) {
  const auto* codec = v1_codec();
  BOOST_REQUIRE(codec);
  std::ostringstream bytes;
  auto writer = codec->writer(bytes, "interstice-v1");
  for (std::uint64_t i = 0; i < count; ++i) {
    sdk::Transaction tx;
    tx.module = "chat";
    tx.table = "messages";
    tx.row.primary_key = sdk::Value::u64(i);
    tx.row.entries.push_back(sdk::Value::string(std::string(text_size(i), static_cast<char>('a' + i % 26))));
    tx.timestamp = 1'700'000'000'000 + i;
    writer->write(tx);
  }
  writer->finish();
  const auto text = bytes.str();
  return TempBytes(std::vector<unsigned char>(text.begin(), text.end()));
}

// Without a schema the rows are inserted on a thread of their own (insert_thread.hpp) when a CPU
// is spare; with every CPU claimed, on the record loop's. The two databases are the same bytes:
// for the fixtures, and for rows of 100 KB among small ones (batches then go over before they
// are full, and the big rows' buffers are freed once inserted).
BOOST_AUTO_TEST_CASE(rows_inserted_on_a_second_thread_make_the_same_database) {
  BOOST_WARN_MESSAGE(sdk::usable_cpus() > 1, "one CPU: both exports insert on the record loop's thread");
  const TempBytes big_rows = generated_log(600, [](std::uint64_t i) { return i % 3 == 0 ? 100'000 : 40; });
  for (const auto& log : {fixture_log("small.log"), fixture_log("wide.log"), fixture_log("empty.log"), big_rows.path()}) {
    const auto name = log.filename().string();
    TempFile threaded, sequential;
    RecordingLogger logger;
    export_log(log, threaded, nullptr, logger);
    {
      const sdk::CpuClaim claim(sdk::usable_cpus());
      export_log(log, sequential, nullptr, logger);
    }
    BOOST_TEST(logger.messages.empty());
    BOOST_TEST((file_bytes(threaded.path()) == file_bytes(sequential.path())), name);
  }
}

/// While it lives, files this process writes stop at `bytes` (writes past it fail with EFBIG
/// instead of raising SIGXFSZ): a disk that fills up, for this process alone.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    previous_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*previous_)(int) = SIG_DFL;
};

// A database that outgrows the page cache writes pages while rows are inserted; when the disk is
// full then, the error raised on the insert thread reaches the record loop as the one-line input
// error naming the output, exactly as when the loop inserts itself, and nothing hangs.
BOOST_AUTO_TEST_CASE(a_full_disk_while_rows_are_inserted_is_an_input_error_naming_the_output) {
  BOOST_WARN_MESSAGE(sdk::usable_cpus() > 1, "one CPU: both exports insert on the record loop's thread");
  const TempBytes log = generated_log(20000, [](std::uint64_t) { return 600; });
  for (const bool threaded : {true, false}) {
    TempFile out;
    RecordingLogger logger;
    std::optional<sdk::CpuClaim> claim;
    if (!threaded) claim.emplace(sdk::usable_cpus());
    try {
      const FileSizeLimit limit(1 << 20);  // the rows need ~15 MB; the page cache holds 8 MiB
      export_log(log.path(), out, nullptr, logger);
      BOOST_FAIL("the export did not fail");
    } catch (const sdk::Error& error) {
      BOOST_TEST((error.kind() == sdk::ErrorKind::input), error.what());
      BOOST_TEST(error.location().file == "out.db");
      BOOST_TEST(error.message().find("SQLite error while inserting a row") != std::string::npos, error.what());
    }
  }
}

BOOST_AUTO_TEST_CASE(a_pipe_is_refused) {
  std::ostringstream stream;
  LoadedPlugin<sdk::Exporter> sqlite("exporter-sqlite.so");
  sdk::ExportTarget target{.stream = stream, .temp_path = {}, .final_path = "/dev/stdout", .source_path = "log",
                           .source_format = "interstice-v1", .filter = {}};
  BOOST_CHECK_THROW(sqlite->begin(target), sdk::Error);
}

BOOST_AUTO_TEST_SUITE_END()
