// The SDK's shared record loop, RecordCursor, on the v1 codec: each damage policy on the sample
// log and on the damaged fixtures (stop, keep_going, follow with a growing and a shrinking file),
// resynchronising by hand after a stop, progress throttling, cancellation, decode on demand, and
// reading big logs on two threads: counting (`tally`) and selecting (`CursorOptions::select`).
#include "log_harness.hpp"
#include "plugin_harness.hpp"
#include "test_paths.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/record_cursor.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/transaction.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <array>
#include <atomic>
#include <csignal>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>
#include <vector>

namespace sdk = interstice::sdk;
using namespace interstice::test;

namespace {

using Bytes = std::vector<unsigned char>;

constexpr const char* kPluginFile = "log-codec-interstice-v1.so";
constexpr const char* kVariant = "interstice-v1";

std::filesystem::path v1_fixtures() { return shared_fixtures() / "v1"; }
std::filesystem::path small_log() { return v1_fixtures() / "logs" / "small.log"; }

boost::json::object expected_for(const std::filesystem::path& log) {
  return sdk::read_json_file(log.string() + ".expected.json").as_object();
}

std::uint64_t number(const boost::json::object& object, const char* key) {
  return object.at(key).to_number<std::uint64_t>();
}

std::vector<std::filesystem::path> corrupt_fixtures() {
  std::vector<std::filesystem::path> logs;
  for (const auto& entry : std::filesystem::directory_iterator(v1_fixtures() / "corrupt"))
    if (entry.path().extension() == ".log") logs.push_back(entry.path());
  std::sort(logs.begin(), logs.end());
  return logs;
}

sdk::OpenedLog open_v1(const sdk::LogCodec& codec, const std::filesystem::path& path) {
  sdk::OpenedLog log;
  log.input = std::make_unique<sdk::LogInput>(path);
  log.reader = codec.open(*log.input, kVariant);
  log.codec = &codec;
  log.variant = kVariant;
  return log;
}

Bytes operator+(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// small.log 30 times over: 13 MB, which the reader checks on two threads.
Bytes small_log_30_times() {
  const auto one = read_bytes(small_log());
  Bytes many;
  for (int i = 0; i < 30; ++i) many = many + one;
  return many;
}

Bytes random_bytes(std::size_t size, unsigned seed) {
  std::mt19937_64 random(seed);
  Bytes bytes(size);
  for (auto& byte : bytes) byte = static_cast<unsigned char>(random());
  return bytes;
}

class RecordingProgress final : public sdk::Progress {
 public:
  void update(std::uint64_t done) override { updates.push_back(done); }
  void finish() override { ++finishes; }
  std::vector<std::uint64_t> updates;
  int finishes = 0;
};

/// A reader that counts `decode` calls and passes everything else on.
class CountingReader final : public sdk::LogReader {
 public:
  explicit CountingReader(sdk::LogReader& inner) : inner_(inner) {}
  bool next(sdk::TransactionView& record) override { return inner_.next(record); }
  const std::optional<sdk::LogDamage>& damage() const override { return inner_.damage(); }
  bool resynchronize() override { return inner_.resynchronize(); }
  void retry() override { inner_.retry(); }
  sdk::Transaction decode(const sdk::TransactionView& record) const override {
    ++decodes;
    return inner_.decode(record);
  }
  std::string format() const override { return inner_.format(); }
  std::uint64_t position() const override { return inner_.position(); }
  mutable int decodes = 0;

 private:
  sdk::LogReader& inner_;
};

bool flag_set(const void* flag) { return static_cast<const std::atomic<bool>*>(flag)->load(); }

/// A writer that, 300 ms from now, appends what follows `cut` in `whole` to `path` (which holds
/// what comes before it).
std::thread finish_writing_later(const std::filesystem::path& path, const Bytes& whole, std::uint64_t cut) {
  return std::thread([&path, &whole, cut] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out.write(reinterpret_cast<const char*>(whole.data() + cut), static_cast<std::streamsize>(whole.size() - cut));
  });
}

/// Two cursors that read the same log another way report the same summary and damages.
void check_same_reading(const sdk::RecordCursor& other_way, const sdk::RecordCursor& by_next) {
  const auto& a = by_next.summary();
  const auto& b = other_way.summary();
  BOOST_TEST(b.records == a.records);
  BOOST_TEST(b.records_before_damage == a.records_before_damage);
  BOOST_TEST(b.valid_prefix_end == a.valid_prefix_end);
  BOOST_TEST(b.read_to == a.read_to);
  BOOST_TEST(b.stopped_by_damage == a.stopped_by_damage);
  BOOST_REQUIRE_EQUAL(other_way.damages().size(), by_next.damages().size());
  for (std::size_t i = 0; i < by_next.damages().size(); ++i) {
    BOOST_TEST(other_way.damages()[i].index == by_next.damages()[i].index);
    BOOST_TEST(other_way.damages()[i].offset == by_next.damages()[i].offset);
    BOOST_TEST(other_way.damages()[i].reason == by_next.damages()[i].reason);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sdk_record_cursor)

BOOST_AUTO_TEST_CASE(every_policy_reads_an_intact_log_to_the_end) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const auto size = std::filesystem::file_size(small_log());
  for (auto policy : {sdk::DamagePolicy::stop, sdk::DamagePolicy::keep_going}) {
    auto log = open_v1(*codec, small_log());
    sdk::RecordCursor cursor(log, {.damage = policy});
    std::uint64_t expected_index = 0;
    while (const sdk::ScannedRecord* record = cursor.next()) {
      BOOST_REQUIRE_EQUAL(record->view().index, expected_index);
      BOOST_REQUIRE(record->reader() == log.reader.get());
      ++expected_index;
    }
    BOOST_TEST(!cursor.next());  // stays ended
    const auto& summary = cursor.summary();
    BOOST_TEST(summary.records == 1000u);
    BOOST_TEST(summary.records_before_damage == 1000u);
    BOOST_TEST(summary.valid_prefix_end == size);
    BOOST_TEST(summary.read_to == size);
    BOOST_TEST(!summary.stopped_by_damage);
    BOOST_TEST(!summary.interrupted);
    BOOST_TEST(cursor.damages().empty());
    BOOST_TEST(!cursor.resynchronize());  // nothing to skip
  }
}

BOOST_AUTO_TEST_CASE(stop_reports_the_first_damage_of_each_fixture) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  for (const auto& path : corrupt_fixtures()) {
    BOOST_TEST_CONTEXT(path.filename().string()) {
      const auto expected = expected_for(path);
      auto log = open_v1(*codec, path);
      sdk::RecordCursor cursor(log);  // stop is the default
      std::uint64_t records = 0;
      while (cursor.next()) ++records;
      const auto& summary = cursor.summary();
      BOOST_TEST(records == number(expected, "intact_records_before"));
      BOOST_TEST(summary.records == records);
      BOOST_TEST(summary.records_before_damage == records);
      BOOST_TEST(summary.valid_prefix_end == number(expected, "intact_bytes_before"));
      BOOST_TEST(summary.stopped_by_damage);
      BOOST_REQUIRE_EQUAL(cursor.damages().size(), 1u);
      const auto& damage = cursor.damages().front();
      BOOST_TEST(damage.index == number(expected, "first_damaged_index"));
      BOOST_TEST(damage.offset == number(expected, "first_damaged_offset"));
      BOOST_TEST(damage.reason == expected.at("reference_reader").at("message").as_string());
      BOOST_TEST(summary.read_to == damage.offset);
    }
  }
}

BOOST_AUTO_TEST_CASE(keep_going_resynchronises_and_reports_each_damage_in_order) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  for (const auto& path : corrupt_fixtures()) {
    BOOST_TEST_CONTEXT(path.filename().string()) {
      const auto expected = expected_for(path);
      const auto before = number(expected, "intact_records_before");
      const auto after = number(expected, "records_after_damaged");
      auto log = open_v1(*codec, path);
      std::vector<std::uint64_t> records_when_damaged;
      std::uint64_t records = 0;
      sdk::RecordCursor cursor(log, {.damage = sdk::DamagePolicy::keep_going,
                                     .on_damage = [&](const sdk::LogDamage&) { records_when_damaged.push_back(records); }});
      while (const sdk::ScannedRecord* record = cursor.next()) {
        // The damaged record keeps its number: the records after it skip one.
        BOOST_REQUIRE_EQUAL(record->view().index, records < before ? records : records + 1);
        ++records;
      }
      const auto& summary = cursor.summary();
      BOOST_TEST(records == before + after);
      BOOST_TEST(summary.records_before_damage == before);
      BOOST_TEST(summary.valid_prefix_end == number(expected, "intact_bytes_before"));
      BOOST_REQUIRE_EQUAL(cursor.damages().size(), 1u);
      BOOST_TEST(cursor.damages().front().index == number(expected, "first_damaged_index"));
      BOOST_TEST(records_when_damaged == std::vector<std::uint64_t>{before});  // met before the records after it
      // A truncated log has nothing after the damage to resynchronise to: that stops it.
      BOOST_TEST(summary.stopped_by_damage == (after == 0));
      BOOST_TEST(summary.read_to == (after == 0 ? cursor.damages().front().offset : log.input->size()));
    }
  }
}

BOOST_AUTO_TEST_CASE(keep_going_meets_several_damages_and_stop_only_the_first) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const auto two = read_bytes(v1_fixtures() / "example" / "two-records.log");
  const auto garbage = random_bytes(3000, 5);
  TempBytes file(garbage + two + garbage + two);

  auto log = open_v1(*codec, file.path());
  sdk::RecordCursor cursor(log, {.damage = sdk::DamagePolicy::keep_going});
  std::vector<std::uint64_t> offsets;
  while (const sdk::ScannedRecord* record = cursor.next()) offsets.push_back(record->view().offset);
  const std::uint64_t second = garbage.size() * 2 + two.size();
  BOOST_TEST(offsets.size() == 4u);
  BOOST_TEST(offsets.at(0) == garbage.size());
  BOOST_TEST(offsets.at(2) == second);
  BOOST_REQUIRE_EQUAL(cursor.damages().size(), 2u);
  BOOST_TEST(cursor.damages()[0].offset == 0u);
  BOOST_TEST(cursor.damages()[1].offset == garbage.size() + two.size());
  BOOST_TEST(cursor.summary().records_before_damage == 0u);
  BOOST_TEST(cursor.summary().valid_prefix_end == 0u);  // --repair would keep nothing
  BOOST_TEST(!cursor.summary().stopped_by_damage);

  // `stop`, then resynchronising by hand, as format detection does.
  auto again = open_v1(*codec, file.path());
  sdk::RecordCursor stopping(again);
  BOOST_TEST(!stopping.next());
  BOOST_TEST(stopping.summary().stopped_by_damage);
  BOOST_TEST(stopping.damages().size() == 1u);
  BOOST_REQUIRE(stopping.resynchronize());
  BOOST_TEST(!stopping.summary().stopped_by_damage);
  int records = 0;
  while (stopping.next()) ++records;
  BOOST_TEST(records == 2);
  BOOST_TEST(stopping.damages().size() == 2u);
  BOOST_REQUIRE(stopping.resynchronize());
  while (stopping.next()) ++records;
  BOOST_TEST(records == 4);
  BOOST_TEST(!stopping.summary().stopped_by_damage);
  BOOST_TEST(!stopping.resynchronize());  // ended at the end of the file, not at damage
}

BOOST_AUTO_TEST_CASE(follow_waits_for_a_half_written_record_and_stops_when_cancelled) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const auto whole = read_bytes(small_log());
  const auto records = read_log(*codec, small_log(), kVariant);
  // Cut inside record 500: the writer has not finished it yet.
  std::uint64_t cut = 0;
  for (std::size_t i = 0; i < 500; ++i) cut += records.sizes[i];
  cut += 10;
  TempBytes file(Bytes(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(cut)));
  std::thread writer = finish_writing_later(file.path(), whole, cut);
  auto log = open_v1(*codec, file.path());
  std::atomic<bool> stop{false};
  sdk::RecordCursor cursor(log, {.damage = sdk::DamagePolicy::follow, .cancel = {flag_set, &stop}});
  std::uint64_t read = 0;
  while (const sdk::ScannedRecord* record = cursor.next()) {
    BOOST_REQUIRE_EQUAL(record->view().index, read);
    if (++read == 1000) stop = true;  // as Ctrl-C would, while the cursor waits for more
  }
  writer.join();
  BOOST_TEST(read == 1000u);
  BOOST_TEST(cursor.summary().interrupted);
  BOOST_TEST(cursor.damages().empty());  // the half-written record was waited for, not reported
  BOOST_TEST(!cursor.summary().stopped_by_damage);
  BOOST_TEST(cursor.summary().read_to == whole.size());
}

BOOST_AUTO_TEST_CASE(follow_reports_a_file_that_shrinks) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  TempBytes file(read_bytes(small_log()));
  const auto size = std::filesystem::file_size(file.path());
  auto log = open_v1(*codec, file.path());
  sdk::RecordCursor cursor(log, {.damage = sdk::DamagePolicy::follow});
  std::uint64_t read = 0;
  while (cursor.next())
    if (++read == 1000) std::filesystem::resize_file(file.path(), size / 2);  // rewritten under the reader
  BOOST_TEST(read == 1000u);
  BOOST_TEST(cursor.summary().stopped_by_damage);
  BOOST_TEST(!cursor.summary().interrupted);
  BOOST_REQUIRE_EQUAL(cursor.damages().size(), 1u);
  const auto& damage = cursor.damages().front();
  BOOST_TEST(damage.index == 1000u);
  BOOST_TEST(damage.offset == size);
  BOOST_TEST(damage.reason == "the file shrank to " + std::to_string(size / 2) +
                                  " bytes while it was being followed (truncated or rewritten)");
  BOOST_TEST(!damage.incomplete);
  BOOST_TEST(cursor.summary().read_to == size);
  BOOST_TEST(!cursor.resynchronize());
}

BOOST_AUTO_TEST_CASE(a_log_cut_under_a_reader_that_does_not_follow_is_an_input_error) {
  // As in a command's process: SIGBUS at its default, not Boost.Test's handler (mapped_bytes.cpp).
  ::signal(SIGBUS, SIG_DFL);
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const auto one = read_bytes(small_log());
  const Bytes many = small_log_30_times();
  // The sample alone is read by the sequential reader in one mapped block. Cut at a page
  // boundary (the pages after it fault and read as zeros) and in the middle of a page (the rest
  // of that page reads as zeros without a fault; the reader meets damage there).
  for (const Bytes* bytes : std::array<const Bytes*, 2>{&one, &many})
    for (const std::uint64_t cut : {std::uint64_t{200704}, std::uint64_t{200000}}) {
      BOOST_TEST_CONTEXT("log of " << bytes->size() << " bytes cut to " << cut) {
        TempBytes file(*bytes);
        auto log = open_v1(*codec, file.path());
        sdk::RecordCursor cursor(log, {});
        std::uint64_t read = 0;
        std::string error;
        try {
          while (cursor.next())
            if (++read == 100) std::filesystem::resize_file(file.path(), cut);  // truncated by someone else
        } catch (const sdk::Error& e) {
          BOOST_TEST((e.kind() == sdk::ErrorKind::input));
          error = e.what();
        }
        BOOST_TEST(error.find("the file shrank to " + std::to_string(cut) +
                              " bytes while it was being read (truncated or rewritten by another process)") !=
                   std::string::npos);
        BOOST_TEST(error.find(file.path().string()) != std::string::npos);
        // Every record handed out lies before the cut; the sequential reader hands out all of
        // them (the pipeline's worker may meet the cut first, while checking ahead). One more
        // may come from the pipeline: the record the cut falls in, when the worker checked it
        // before the cut and its lengths lie before the cut (any record starting past the cut
        // reads as zeros, which no longer frame what was checked: the reader goes back to
        // reading itself and meets the damage).
        std::uint64_t before_cut = 0;
        {
          TempBytes intact(*bytes);
          auto whole = open_v1(*codec, intact.path());
          sdk::RecordCursor all(whole, {});
          while (const auto* record = all.next())
            if (record->view().offset + record->view().size <= cut) ++before_cut;
        }
        BOOST_TEST(read >= 100u);
        BOOST_TEST(read <= before_cut + (bytes == &many ? 1u : 0u));
        if (bytes == &one) BOOST_TEST(read == before_cut);
      }
    }
}

// The reader itself, cut under while its pipeline's worker has checked far past the cut: no
// record that starts past the cut is handed out as checked (its lengths, zeros now, no longer
// frame it; the reader reads on by itself and meets the damage).
BOOST_AUTO_TEST_CASE(a_reader_cut_under_hands_out_nothing_its_worker_checked_past_the_cut) {
  ::signal(SIGBUS, SIG_DFL);
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const Bytes many = small_log_30_times();
  std::vector<std::uint64_t> starts;
  {
    TempBytes intact(many);
    auto whole = open_v1(*codec, intact.path());
    sdk::TransactionView view;
    while (whole.reader->next(view)) starts.push_back(view.offset);
  }
  const std::uint64_t k = 2000;  // the cut falls inside record k, inside the pipeline's first chunk
  const std::uint64_t cut = starts[k] + 30;
  BOOST_REQUIRE(cut % 4096 != 0);
  TempBytes file(many);
  auto log = open_v1(*codec, file.path());
  sdk::TransactionView view;
  std::uint64_t records = 0;
  while (records < 100 && log.reader->next(view)) ++records;
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the worker checks its chunks
  std::filesystem::resize_file(file.path(), cut);
  while (log.reader->next(view)) ++records;
  BOOST_TEST(records >= k);
  BOOST_TEST(records <= k + 1);  // record k itself, when its lengths lie before the cut
  BOOST_TEST((log.reader->damage().has_value() || log.input->cut_at() != UINT64_MAX));
}

BOOST_AUTO_TEST_CASE(follow_needs_an_opened_log) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  auto log = open_v1(*codec, small_log());
  BOOST_CHECK_THROW(sdk::RecordCursor(*log.reader, {.damage = sdk::DamagePolicy::follow}), sdk::Error);
}

BOOST_AUTO_TEST_CASE(progress_is_throttled_to_one_update_per_4_mib_and_finished_once) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const Bytes many = small_log_30_times();  // 30,000 records
  TempBytes file(many);
  {
    RecordingProgress progress;
    auto log = open_v1(*codec, file.path());
    {
      sdk::RecordCursor cursor(log, {.progress = &progress});
      std::uint64_t records = 0;
      while (cursor.next()) ++records;
      BOOST_TEST(records == 30000u);
      BOOST_TEST(progress.finishes == 1);
    }
    BOOST_TEST(progress.finishes == 1);  // not again when the cursor goes away
    constexpr std::uint64_t step = std::uint64_t{4} << 20;
    BOOST_REQUIRE_EQUAL(progress.updates.size(), 3u);  // 13 MB: past 4, about 8 and about 12 MiB
    BOOST_TEST(progress.updates[0] >= step);
    for (std::size_t i = 1; i < progress.updates.size(); ++i)
      BOOST_TEST(progress.updates[i] - progress.updates[i - 1] >= step);
  }
  {
    RecordingProgress progress;  // a caller that stops early (--limit) still gets it finished
    auto log = open_v1(*codec, file.path());
    {
      sdk::RecordCursor cursor(log, {.progress = &progress});
      for (int i = 0; i < 10; ++i) BOOST_REQUIRE(cursor.next());
      BOOST_TEST(progress.finishes == 0);
    }
    BOOST_TEST(progress.finishes == 1);
  }
}

BOOST_AUTO_TEST_CASE(cancellation_is_asked_before_every_read) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  auto log = open_v1(*codec, small_log());
  std::atomic<bool> stop{false};
  sdk::RecordCursor cursor(log, {.cancel = {flag_set, &stop}});
  std::uint64_t read = 0;
  std::uint64_t end_of_last = 0;
  while (const sdk::ScannedRecord* record = cursor.next()) {
    end_of_last = record->view().offset + record->view().size;
    if (++read == 10) stop = true;
  }
  BOOST_TEST(read == 10u);
  BOOST_TEST(cursor.summary().interrupted);
  BOOST_TEST(!cursor.summary().stopped_by_damage);
  BOOST_TEST(cursor.damages().empty());
  BOOST_TEST(cursor.summary().valid_prefix_end == end_of_last);
  BOOST_TEST(cursor.summary().read_to == end_of_last);
  BOOST_TEST(!cursor.next());
}

// `tally` (log-inspect's loop) reads as `next` does: the same records, damages and summary on a
// 26 MB log (counted on two threads) with garbage in its middle, under both policies.
BOOST_AUTO_TEST_CASE(tally_counts_what_next_hands_out_with_the_same_damages_and_summary) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const Bytes many = small_log_30_times();
  TempBytes file(many + random_bytes(3000, 5) + many);
  for (const auto policy : {sdk::DamagePolicy::stop, sdk::DamagePolicy::keep_going}) {
    BOOST_TEST_CONTEXT("keep going: " << (policy == sdk::DamagePolicy::keep_going)) {
      auto by_next_log = open_v1(*codec, file.path());
      sdk::RecordCursor by_next(by_next_log, {.damage = policy});
      LineTally handed_out;
      while (const sdk::ScannedRecord* record = by_next.next()) handed_out.add(record->view());
      auto by_tally_log = open_v1(*codec, file.path());
      RecordingProgress progress;
      sdk::RecordCursor by_tally(by_tally_log, {.damage = policy, .progress = &progress});
      LineTally counted;
      by_tally.tally(counted);
      BOOST_TEST(counted.twice == 0u);
      BOOST_TEST((counted.lines == handed_out.lines));
      BOOST_TEST(counted.lines.size() == (policy == sdk::DamagePolicy::stop ? 30u : 60u) * 1000u);  // small.log: 1000 records
      check_same_reading(by_tally, by_next);
      BOOST_TEST(progress.finishes == 1);
      BOOST_TEST(!by_tally.next());  // ended
    }
  }
}

// A cancel stops `tally` between the reader's chunks: what was counted is a prefix of the log,
// and the summary says where it ends.
BOOST_AUTO_TEST_CASE(tally_stops_when_cancelled) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  TempBytes file(small_log_30_times() + small_log_30_times());
  auto log = open_v1(*codec, file.path());
  std::atomic<bool> stop{false};
  sdk::RecordCursor cursor(log, {.cancel = {flag_set, &stop}});
  // Adds on two threads: the flag is set after a few records, whichever thread counts them.
  class CancellingTally final : public sdk::RecordTally {
   public:
    explicit CancellingTally(std::atomic<bool>& stop) : stop_(stop) {}
    void add(const sdk::TransactionView& record) override {
      lines.keep(record.index, view_line(record));
      if (lines.lines.size() == 3) stop_ = true;
    }
    std::unique_ptr<sdk::RecordTally> fresh() const override { return std::make_unique<CancellingTally>(stop_); }
    void merge(const sdk::RecordTally& other) override {
      for (const auto& [index, line] : static_cast<const CancellingTally&>(other).lines.lines) lines.keep(index, line);
    }
    LineTally lines;

   private:
    std::atomic<bool>& stop_;
  } counted(stop);
  cursor.tally(counted);
  const auto& summary = cursor.summary();
  BOOST_TEST(summary.interrupted);
  BOOST_TEST(summary.records == counted.lines.lines.size());
  BOOST_TEST(summary.records >= 3u);
  BOOST_TEST(summary.records < 60u * 1000u);
  BOOST_REQUIRE(!counted.lines.lines.empty());
  BOOST_TEST(counted.lines.lines.rbegin()->first == summary.records - 1);  // a prefix: 0 .. records - 1
  BOOST_TEST(summary.valid_prefix_end == summary.read_to);
  BOOST_TEST(summary.read_to == log.reader->position());
}

// A selection (a selective query's loop) hands out every record it wants and counts the ones
// it passed over: on 26 MB logs (read on two threads) with garbage in their middle, or a record
// whose checksum fails inside a chunk, under both policies, the records wanted, the damages and
// the summary are those of a cursor without one.
BOOST_AUTO_TEST_CASE(a_selection_hands_out_what_it_wants_with_the_same_damages_and_summary) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const Bytes many = small_log_30_times();
  TempBytes garbage(many + random_bytes(3000, 5) + many);
  Bytes flipped = many + many;
  {
    // The record holding byte 6 MB (inside the pipeline's second chunk): a timestamp bit flipped.
    auto log = open_v1(*codec, garbage.path());
    sdk::RecordCursor cursor(log);
    while (const sdk::ScannedRecord* record = cursor.next())
      if (record->view().offset + record->view().size > (std::size_t{6} << 20)) {
        flipped[record->view().offset + record->view().size - 12] ^= 0x10;
        break;
      }
  }
  TempBytes flipped_file(flipped);
  // One table, and every 7th record whatever its table: runs of records passed over of every length.
  const auto wants = [](const sdk::TransactionView& record, const void* table) {
    return record.table == *static_cast<const std::string_view*>(table) || record.index % 7 == 0;
  };
  const std::string_view table = "users";
  using Run = std::pair<std::filesystem::path, sdk::DamagePolicy>;
  for (const auto& [file, policy] : {Run{garbage.path(), sdk::DamagePolicy::stop},
                                     Run{garbage.path(), sdk::DamagePolicy::keep_going},
                                     Run{flipped_file.path(), sdk::DamagePolicy::stop},
                                     Run{flipped_file.path(), sdk::DamagePolicy::keep_going}}) {
    BOOST_TEST_CONTEXT(file.filename() << ", keep going: " << (policy == sdk::DamagePolicy::keep_going)) {
      auto all_log = open_v1(*codec, file);
      sdk::RecordCursor all(all_log, {.damage = policy});
      std::vector<std::string> wanted;
      while (const sdk::ScannedRecord* record = all.next())
        if (wants(record->view(), &table)) wanted.push_back(view_line(record->view()));
      auto selected_log = open_v1(*codec, file);
      RecordingProgress progress;
      std::vector<std::string> handed_wanted;
      std::size_t handed = 0;
      {
        sdk::RecordCursor selected(selected_log,
                                   {.damage = policy, .progress = &progress, .select = {wants, &table}});
        while (const sdk::ScannedRecord* record = selected.next()) {
          ++handed;
          if (wants(record->view(), &table)) handed_wanted.push_back(view_line(record->view()));
        }
        BOOST_TEST((handed_wanted == wanted));
        if (sdk::usable_cpus() > 1) BOOST_TEST(handed < all.summary().records / 2, handed << " handed out");
        check_same_reading(selected, all);
        BOOST_TEST(progress.finishes == 1);
        LineTally counted;
        BOOST_CHECK_THROW(selected.tally(counted), sdk::Error);  // tally counts every record: not with a selection
      }
    }
  }
}

// A selection that wants nothing still lets the cancel check run (one record a chunk is handed
// out), and what was read is counted up to where it stopped. Once that cursor is gone, the reader
// hands out every record again; a selecting cursor made on a reader that has already read counts
// only what it read itself.
BOOST_AUTO_TEST_CASE(a_selection_that_wants_nothing_still_stops_when_cancelled) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  TempBytes file(small_log_30_times() + small_log_30_times());
  auto log = open_v1(*codec, file.path());
  std::atomic<bool> stop{false};
  const auto nothing = [](const sdk::TransactionView&, const void*) { return false; };
  std::uint64_t last_index = 0;
  {
    sdk::RecordCursor cursor(log, {.cancel = {flag_set, &stop}, .select = {nothing, nullptr}});
    for (int i = 0; i < 3; ++i) {
      const sdk::ScannedRecord* record = cursor.next();
      BOOST_REQUIRE(record);
      last_index = record->view().index;
    }
    stop = true;
    BOOST_TEST(!cursor.next());
    const auto& summary = cursor.summary();
    BOOST_TEST(summary.interrupted);
    BOOST_TEST(summary.records == last_index + 1);  // the records passed over before the last one handed out, and it
    if (sdk::usable_cpus() > 1) BOOST_TEST(last_index > 1000u);  // two chunks' records were passed over
    BOOST_TEST(summary.read_to == log.reader->position());
  }
  std::uint64_t expected = last_index + 1;
  {
    sdk::RecordCursor every(log);
    for (int i = 0; i < 5; ++i) {
      const sdk::ScannedRecord* record = every.next();
      BOOST_REQUIRE(record);
      BOOST_TEST(record->view().index == expected++);
    }
  }
  sdk::RecordCursor rest(log, {.select = {nothing, nullptr}});
  while (rest.next()) {
  }
  BOOST_TEST(rest.summary().records == 60u * 1000u - expected);
  BOOST_TEST(rest.summary().valid_prefix_end == log.reader->position());
}

// Following with a selection: the records passed over before a half-written record and after the
// writer finished it are counted once, and every record wanted is handed out (26 MB, read by the
// pipeline with pread, cut inside a record after byte 20 MB).
BOOST_AUTO_TEST_CASE(following_with_a_selection_counts_each_record_once) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const Bytes whole = small_log_30_times() + small_log_30_times();
  TempBytes whole_file(whole);
  std::vector<std::string> wanted;
  std::uint64_t cut = 0, total = 0;
  const auto wants = [](const sdk::TransactionView& record, const void*) { return record.index % 7 == 0; };
  {
    auto log = open_v1(*codec, whole_file.path());
    sdk::RecordCursor all(log);
    while (const sdk::ScannedRecord* record = all.next()) {
      if (wants(record->view(), nullptr)) wanted.push_back(view_line(record->view()));
      if (cut == 0 && record->view().offset > (std::uint64_t{20} << 20)) cut = record->view().offset + 10;
      ++total;
    }
  }
  TempBytes file(Bytes(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(cut)));
  std::thread writer = finish_writing_later(file.path(), whole, cut);
  auto log = open_v1(*codec, file.path());
  std::atomic<bool> stop{false};
  sdk::RecordCursor cursor(log, {.damage = sdk::DamagePolicy::follow, .cancel = {flag_set, &stop}, .select = {wants, nullptr}});
  std::vector<std::string> handed_wanted;
  while (const sdk::ScannedRecord* record = cursor.next()) {
    if (wants(record->view(), nullptr)) handed_wanted.push_back(view_line(record->view()));
    if (record->view().index + 1 == total) stop = true;  // the last record: Ctrl-C while the cursor waits
  }
  writer.join();
  BOOST_TEST((handed_wanted == wanted));
  BOOST_TEST(cursor.summary().records == total);
  BOOST_TEST(cursor.damages().empty());
  BOOST_TEST(cursor.summary().read_to == whole.size());
}

BOOST_AUTO_TEST_CASE(records_are_decoded_only_when_asked_and_once) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const auto reference = read_log(*codec, small_log(), kVariant);
  sdk::LogInput input(small_log());
  auto inner = codec->open(input, kVariant);
  CountingReader reader(*inner);
  sdk::RecordCursor cursor(reader);
  std::size_t i = 0;
  while (const sdk::ScannedRecord* record = cursor.next()) {
    if (i % 10 == 0) {
      BOOST_REQUIRE(record->transaction() == reference.records.at(i));
      BOOST_REQUIRE(&record->transaction() == &record->transaction());  // kept, not decoded again
    }
    ++i;
  }
  BOOST_TEST(i == 1000u);
  BOOST_TEST(reader.decodes == 100);
}

BOOST_AUTO_TEST_SUITE_END()
