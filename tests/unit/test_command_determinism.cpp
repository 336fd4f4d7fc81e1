// The `determinism` command on logs built by hand: the runs agree and report the fixtures' facts;
// each anomaly kind is listed at its record; replicas differing in one column are caught at that
// record and column, a shorter one is a prefix, and a v1 log and a framed log of the same rows
// agree; a hash stream matches its own log and names the window where another differs; --at and
// --diff show the state; damage and bad usage are errors that say where.
#include "replay_harness.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/replay.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/value_json.hpp"

#include <boost/json.hpp>

#include <set>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test;

namespace {

struct Run {
  sdk::Report report;  ///< the whole document (a streamed result assembled)
  const json::object& data() const { return report.data.as_object(); }
  bool ok() const { return report.outcome == sdk::Outcome::ok; }
};

Run determinism(const std::vector<std::string>& args) {
  LoadedPlugin<sdk::Command> command("command-determinism.so");
  TestContext context(*command, args, &log_codecs());
  auto returned = command->run(context);
  return {context.finish(returned)};
}

std::string path_of(const std::unique_ptr<TempBytes>& file) { return file->path().string(); }

/// Ten orders, then updates and deletes, every record with its old row as v1 logs have them.
std::vector<sdk::Transaction> orders() {
  std::vector<sdk::Transaction> records;
  for (std::uint64_t i = 0; i < 10; ++i)
    records.push_back(make_record(Operation::Insert, "shop", i % 2 ? "orders" : "items", Value::u64(i),
                                  {Value::string("item " + std::to_string(i)), Value::f64(i * 1.5)}));
  for (std::uint64_t i = 0; i < 10; i += 3) {
    auto update = make_record(Operation::Update, "shop", i % 2 ? "orders" : "items", Value::u64(i),
                              {Value::string("changed " + std::to_string(i)), Value::f64(-0.0)}, Value::u64(i));
    records.push_back(update);
  }
  records.push_back(make_record(Operation::Delete, "shop", "orders", Value::u64(5), {Value::string("item 5"), Value::f64(7.5)}));
  return records;
}

std::uint64_t number(const json::value& value) { return value.to_number<std::uint64_t>(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(command_determinism)

BOOST_AUTO_TEST_CASE(the_runs_agree_and_report_the_fixture_facts) {
  const auto log = shared_fixtures() / "v1" / "logs" / "wide.log";
  const auto facts = sdk::read_json_file(log.string() + ".expected.json").as_object();
  const auto run = determinism({log.string(), "--runs", "4"});
  const auto data = run.data();
  BOOST_TEST(run.ok());
  BOOST_TEST(data.at("is_deterministic").as_bool());
  BOOST_TEST(number(data.at("runs_performed")) == 4u);
  BOOST_TEST(data.at("live_rows") == facts.at("live_rows"));
  BOOST_TEST(data.at("live_rows_total") == facts.at("live_rows_total"));
  BOOST_TEST(data.at("anomaly_counts") == facts.at("replay_anomalies"));
  for (const auto& snapshot : data.at("snapshots").as_array()) {
    BOOST_TEST(snapshot.at("final_state_hash") == data.at("final_state_hash"));
    BOOST_TEST(snapshot.at("transaction_count") == facts.at("total_transactions"));
  }
  BOOST_TEST(data.at("divergence_point").is_null());
}

BOOST_AUTO_TEST_CASE(each_anomaly_kind_is_listed_at_its_record) {
  auto records = orders();                                     // 0-14: clean
  records.push_back(records[1]);                               // 15: insert_existing_key
  records.push_back(make_record(Operation::Update, "shop", "orders", Value::u64(77), {}, Value::u64(77)));  // 16
  records.push_back(make_record(Operation::Update, "shop", "orders", Value::u64(3)));  // 17: update_without_old_row
  records.push_back(make_record(Operation::Update, "shop", "orders", Value::u64(3), {}, Value::u64(4)));  // 18: mismatch
  records.push_back(make_record(Operation::Delete, "shop", "items", Value::u64(99)));  // 19: delete_missing_key
  // (old_row_on_insert_or_delete: the v1 writer keeps old rows of updates only; the e2e suite
  // writes such a record byte by byte.)
  const auto log = v1_log(records);
  const auto run = determinism({path_of(log)});
  BOOST_TEST(!run.ok());
  BOOST_TEST(run.data().at("is_deterministic").as_bool());  // anomalies are not nondeterminism
  std::string found;
  for (const auto& a : run.data().at("anomalies").as_array())
    found += std::to_string(number(a.at("index"))) + " " + std::string(a.at("kind").as_string()) + "; ";
  BOOST_TEST(found == "15 insert_existing_key; 16 update_missing_key; 17 update_without_old_row; "
                      "18 update_key_mismatch; 19 delete_missing_key; ");
  const auto& mismatch = run.data().at("anomalies").as_array().at(3).as_object();
  BOOST_TEST(mismatch.at("table_name") == "orders");
  BOOST_TEST(mismatch.at("primary_key") == json::parse(R"({"U64":3})"));
}

BOOST_AUTO_TEST_CASE(updates_without_old_rows_do_not_fail_a_framed_log) {
  auto records = orders();
  for (auto& record : records) record.old_row.reset();  // framed logs carry none
  const auto run = determinism({path_of(framed_g1_log(records))});
  BOOST_TEST(run.ok());
  BOOST_TEST(number(run.data().at("anomaly_counts").at("update_without_old_row")) == 4u);
  BOOST_TEST(run.data().at("anomalies").as_array().empty());
  BOOST_TEST(run.data().at("old_row_images").as_bool() == false);
}

BOOST_AUTO_TEST_CASE(replicas_are_compared_record_by_record) {
  const auto records = orders();
  for (std::size_t k : {std::size_t{0}, std::size_t{6}, records.size() - 1}) {
    BOOST_TEST_CONTEXT("record " << k) {
      auto changed = records;
      changed[k].row.entries.at(1) = Value::f64(changed[k].row.entries.at(1).float_value == 0 ? -0.0 : 99.0);
      const auto a = v1_log(records), b = v1_log(changed);
      const auto run = determinism({path_of(a), "--against", path_of(b)});
      const auto data = run.data();
      BOOST_TEST(!run.ok());
      BOOST_TEST(number(data.at("divergence_point")) == k);
      const auto& d = data.at("divergence").as_object();
      BOOST_TEST(d.at("difference") == "row");
      BOOST_TEST(number(d.at("column_index")) == 1u);
      BOOST_TEST(d.at("value_a") == sdk::to_json(records[k].row.entries[1]));
      BOOST_TEST(d.at("value_b") == sdk::to_json(changed[k].row.entries[1]));
      // Record k is the last (a Delete): its payload changes no state.
      BOOST_TEST(data.at("state_divergence_point").is_null() == (k == records.size() - 1));
    }
  }
  const auto same = v1_log(records);
  BOOST_TEST(determinism({path_of(same), "--against", path_of(same)}).ok());

  auto shorter = records;
  shorter.resize(12);
  const auto a = v1_log(records), b = v1_log(shorter);
  const auto prefix = determinism({path_of(a), "--against", path_of(b)}).data();
  BOOST_TEST(number(prefix.at("divergence_point")) == 12u);
  BOOST_TEST(prefix.at("length").at("shorter") == "b");
  BOOST_TEST(prefix.at("length").at("is_prefix").as_bool());
}

// While two logs are the same bytes only A is replayed; B goes on from a copy of A's state at the
// first record that differs. Its final state must be the one B's own replay reaches, wherever the
// fork falls, whether B has a record more (every later record moves) and in either format.
BOOST_AUTO_TEST_CASE(a_replica_goes_on_from_where_its_bytes_differ_with_its_own_state) {
  auto records = orders();
  for (std::size_t i = 0; i < 6; ++i)  // later records touch the tables of the shared prefix
    records.push_back(make_record(Operation::Insert, "shop", i % 2 ? "orders" : "items", Value::u64(100 + i),
                                  {Value::string("late " + std::to_string(i)), Value::f64(i)}));
  for (bool framed : {false, true}) {
    auto plain = records;
    if (framed)
      for (auto& record : plain) record.old_row.reset();
    const auto write = [framed](const std::vector<sdk::Transaction>& r) { return framed ? framed_g1_log(r) : v1_log(r); };
    // k = plain.size(): A ends while the bytes are still shared and B has one record more.
    for (std::size_t k : {std::size_t{0}, std::size_t{7}, plain.size() - 1, plain.size()}) {
      BOOST_TEST_CONTEXT((framed ? "framed" : "v1") << ", an extra record at " << k) {
        auto changed = plain;
        changed.insert(changed.begin() + static_cast<std::ptrdiff_t>(k),
                       make_record(Operation::Insert, "shop", "items", Value::u64(7000), {Value::string("extra"), Value::f64(1)}));
        const auto a = write(plain), b = write(changed);
        const auto run = determinism({path_of(a), "--against", path_of(b)}).data();
        const auto own_a = determinism({path_of(a)}).data(), own_b = determinism({path_of(b)}).data();
        BOOST_TEST(number(run.at("divergence_point")) == k);
        BOOST_TEST(number(run.at("state_divergence_point")) == k);
        const auto& logs = run.at("logs").as_array();
        BOOST_TEST(logs.at(0).at("final_state_hash") == own_a.at("final_state_hash"));
        BOOST_TEST(logs.at(1).at("final_state_hash") == own_b.at("final_state_hash"));
        BOOST_TEST(logs.at(1).at("live_rows_total") == own_b.at("live_rows_total"));
        BOOST_TEST(number(logs.at(1).at("records")) == changed.size());
        BOOST_TEST(number(run.at("length").at("records_b")) == changed.size());
        // The records before the divergence are listed with B's offsets (the same as A's there).
        for (const auto& before : run.at("divergence").at("preceding").as_array())
          BOOST_TEST(before.at("offset_a") == before.at("offset_b"));
      }
    }
    // B a copy of A (another file), and B a prefix of A: B's side is B's own replay.
    auto prefix = plain;
    prefix.resize(12);
    for (const auto& b_records : {plain, prefix}) {
      BOOST_TEST_CONTEXT((framed ? "framed" : "v1") << ", B has " << b_records.size() << " records") {
        const auto a = write(plain), b = write(b_records);
        const auto run = determinism({path_of(a), "--against", path_of(b)}).data();
        const auto own_b = determinism({path_of(b)}).data();
        const auto& log_b = run.at("logs").as_array().at(1);
        BOOST_TEST(number(log_b.at("records")) == b_records.size());
        BOOST_TEST(number(log_b.at("end_offset")) == std::filesystem::file_size(b->path()));
        BOOST_TEST(log_b.at("final_state_hash") == own_b.at("final_state_hash"));
        BOOST_TEST(log_b.at("live_rows_total") == own_b.at("live_rows_total"));
        BOOST_TEST(run.at("identical").as_bool() == (b_records.size() == plain.size()));
      }
    }
  }
}

// A damaged record right after the bytes the two logs share is reported in the log that has it,
// at its record and byte, whichever side it is on (B's reader starts there after a seek).
BOOST_AUTO_TEST_CASE(damage_after_the_shared_bytes_is_reported_where_it_is) {
  const auto good = shared_fixtures() / "v1" / "logs" / "small.log";
  const auto damaged = shared_fixtures() / "v1" / "corrupt" / "small.flip.log";
  const auto truth = sdk::read_json_file(damaged.string() + ".expected.json").as_object();
  for (bool damaged_is_b : {true, false}) {
    BOOST_TEST_CONTEXT("the damaged log is " << (damaged_is_b ? "B" : "A")) {
      try {
        determinism({(damaged_is_b ? good : damaged).string(), "--against", (damaged_is_b ? damaged : good).string()});
        BOOST_FAIL("a damaged replica compares");
      } catch (const sdk::Error& error) {
        BOOST_TEST((error.kind() == sdk::ErrorKind::input));
        BOOST_TEST(error.location().file == damaged.string());
        BOOST_TEST(error.location().record_index.value() == number(truth.at("first_damaged_index")));
        BOOST_TEST(error.location().byte_offset.value() == number(truth.at("first_damaged_offset")));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_v1_log_and_a_framed_log_of_the_same_rows_agree) {
  auto records = orders();
  for (auto& record : records) record.old_row.reset();
  const auto v1 = v1_log(records), framed = framed_g1_log(records);
  const auto a = determinism({path_of(v1)}).data(), b = determinism({path_of(framed)}).data();
  BOOST_TEST(a.at("format").at("codec") == "interstice-v1");
  BOOST_TEST(b.at("format").at("codec") == "framed");
  BOOST_TEST(a.at("final_state_hash") == b.at("final_state_hash"));
  BOOST_TEST(determinism({path_of(v1), "--against", path_of(framed)}).ok());
}

BOOST_AUTO_TEST_CASE(a_hash_stream_matches_its_log_and_finds_the_window_of_another) {
  const auto records = orders();
  auto changed = records;
  changed[9].row.entries.at(0) = Value::string("item 9!");
  const auto a = v1_log(records), b = v1_log(changed);
  const auto stream = std::filesystem::temp_directory_path() / ("interstice-test-stream-" + std::to_string(::getpid()));
  const auto written = determinism({path_of(a), "--checkpoints", "4", "--out", stream.string()}).data();
  BOOST_TEST(number(written.at("checkpoints").at("written")) == records.size() / 4);

  const auto itself = determinism({path_of(a), "--against-checkpoints", stream.string()});
  BOOST_TEST(itself.ok());
  BOOST_TEST(number(itself.data().at("checkpoints_compared")) == records.size() / 4 + 1);  // and the end line
  BOOST_TEST(itself.data().at("final_state_hash") == written.at("final_state_hash"));

  const auto other = determinism({path_of(b), "--against-checkpoints", stream.string()});
  BOOST_TEST(!other.ok());
  const auto& window = other.data().at("first_differing_window");
  BOOST_TEST(number(window.at("from_index")) == 8u);
  BOOST_TEST(number(window.at("to_index")) == 11u);
  std::filesystem::remove(stream);
}

BOOST_AUTO_TEST_CASE(the_state_at_a_record_and_between_two) {
  const auto log = v1_log(orders());
  const auto at = determinism({path_of(log), "--at", "3", "--table", "shop.orders"}).data();
  BOOST_TEST(at.at("rows").as_array().size() == 2u);  // orders 1 and 3
  BOOST_TEST(at.at("rows").as_array().at(1).at("primary_key") == json::parse(R"({"U64":3})"));

  const auto diff = determinism({path_of(log), "--diff", "9", "14"}).data();
  std::vector<std::string> changes;
  for (const auto& c : diff.at("changes").as_array())
    changes.push_back(json::serialize(c.at("primary_key")) + " " + std::string(c.at("change").as_string()));
  // updates of 0, 3, 6, 9 and the delete of 5; items (even keys) sort before orders
  BOOST_TEST(changes == (std::vector<std::string>{R"({"U64":0} updated)", R"({"U64":6} updated)",
                                                  R"({"U64":3} updated)", R"({"U64":9} updated)",
                                                  R"({"U64":5} deleted)"}),
             boost::test_tools::per_element());
  BOOST_TEST(diff.at("changes").as_array().at(0).at("changed_columns") == json::parse("[0,1]"));
}

// `--at` asked many times of one log in one process (serve's slider): the kept replay and the
// checkpoints it comes back from (the reader seeks, the live rows are read again from the records
// that wrote them) give exactly the rows a replay from record 0 gives, in the same order,
// forwards, backwards and in place, in both formats (framed: no old rows, key-only deletes).
BOOST_AUTO_TEST_CASE(the_state_at_many_records_in_one_process) {
  std::vector<sdk::Transaction> records;
  std::uint64_t seed = 7;
  auto next = [&seed] { return (seed = seed * 6364136223846793005u + 1442695040888963407u) >> 33; };
  for (int i = 0; i < 3000; ++i) {
    const std::string table = next() % 3 == 0 ? "orders" : "items";
    const auto key = Value::u64(next() % 200);
    const Operation ops[] = {Operation::Insert, Operation::Update, Operation::Delete};
    const auto op = i < 300 ? Operation::Insert : ops[next() % 3];
    records.push_back(make_record(op, "shop", table, key, {Value::string("v" + std::to_string(i)), Value::f64(i)},
                                  op == Operation::Update ? std::optional<Value>(key) : std::nullopt));
  }
  // What a replay from record 0 leaves after record n: each live row's key and row, as JSON
  // text, tables by name and rows in the order they became live (as --at lists them).
  auto expected = [&](std::uint64_t n, const std::optional<std::string>& only) {
    sdk::LogReplay replay;
    for (std::uint64_t i = 0; i <= n; ++i)
      if (!only || records[i].table == *only) replay.apply(records[i]);
    std::vector<std::string> rows;
    for (const auto& state : replay.tables())
      replay.for_each_row(state.table->module, state.table->table, [&](const sdk::Row& row) {
        rows.push_back(state.table->table + " " + json::serialize(json::parse(sdk::to_json_text(row.primary_key))) + " " +
                       json::serialize(json::parse(sdk::to_json_text(row))));
      });
    return rows;
  };
  const auto v1 = v1_log(records);
  auto framed_records = records;
  for (auto& record : framed_records) record.old_row.reset();  // framed logs carry none
  const auto framed = framed_g1_log(framed_records);
  LoadedPlugin<sdk::Command> command("command-determinism.so");  // one plugin: one process's cache
  for (const auto* log : {v1.get(), framed.get()}) {
    for (const std::optional<std::string>& only : {std::optional<std::string>(), std::optional<std::string>("orders")}) {
      auto state_at = [&](std::uint64_t n) {
        std::vector<std::string> args{log->path().string(), "--at", std::to_string(n)};
        if (only) args.insert(args.end(), {"--table", *only});
        TestContext context(*command, args, &log_codecs());
        auto returned = command->run(context);
        const auto data = context.finish(returned).data.as_object();
        BOOST_TEST(data.at("record").at("index").to_number<std::uint64_t>() == n);
        std::vector<std::string> rows;
        for (const auto& item : data.at("rows").as_array()) {
          const auto& o = item.as_object();
          rows.push_back(std::string(o.at("table_name").as_string()) + " " + json::serialize(o.at("primary_key")) + " " +
                         json::serialize(o.at("row")));
        }
        return rows;
      };
      for (std::uint64_t n : {2999u, 2999u, 100u, 2900u, 1000u, 1001u, 50u, 1500u, 0u, 2400u, 2399u, 1999u, 2999u})
        BOOST_TEST((state_at(n) == expected(n, only)), log->path() << (only ? " --table orders" : "") << " --at " << n);
    }
  }
}

BOOST_AUTO_TEST_CASE(damage_and_bad_usage_are_errors_that_say_where) {
  const auto damaged = shared_fixtures() / "v1" / "corrupt" / "small.flip.log";
  const auto truth = sdk::read_json_file(damaged.string() + ".expected.json").as_object();
  try {
    determinism({damaged.string()});
    BOOST_FAIL("a damaged log replays");
  } catch (const sdk::Error& error) {
    BOOST_TEST((error.kind() == sdk::ErrorKind::input));
    BOOST_TEST(error.location().record_index.value() == number(truth.at("first_damaged_index")));
    BOOST_TEST(error.location().byte_offset.value() == number(truth.at("first_damaged_offset")));
  }
  const auto log = v1_log(orders());
  for (const auto& args : std::vector<std::vector<std::string>>{{"--runs", "1"},
                                                                {"--checkpoints", "3"},
                                                                {"--against", path_of(log), "--at", "2"},
                                                                {"--table", "orders"},
                                                                {"--diff", "4", "4"}}) {
    auto with_log = args;
    with_log.insert(with_log.begin(), path_of(log));
    BOOST_CHECK_EXCEPTION(determinism(with_log), sdk::Error,
                          [](const sdk::Error& e) { return e.kind() == sdk::ErrorKind::usage; });
  }
}

BOOST_AUTO_TEST_SUITE_END()
