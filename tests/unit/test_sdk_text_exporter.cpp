// The SDK's TextExporter base: parallel formatting keeps record order, writes every record
// before damage, and reports the first failing record (driven through the csv and ndjson plugins).
#include "export_harness.hpp"

#include "interstice/sdk/util/concurrency.hpp"

#include <atomic>
#include <map>
#include <thread>

using namespace interstice::test::exporters;

BOOST_AUTO_TEST_SUITE(sdk_text_exporter)

// One exporter object serves two exports at once (as a server's sessions will): each export keeps
// its own ExportState, and both outputs equal the export made alone. scripts/tsan-runner-test runs
// this case under ThreadSanitizer too.
BOOST_AUTO_TEST_CASE(one_exporter_object_serves_concurrent_exports) {
  struct CountsPerTable final : sdk::TextExporter {
    struct Counts final : sdk::ExportState {
      std::map<std::string, std::uint64_t> by_table;
    };
    std::unique_ptr<sdk::ExportState> start(const sdk::ExportTarget&) const override { return std::make_unique<Counts>(); }
    void write_record(sdk::ExportState& state, const sdk::ExportRecord& record, std::string&) const override {
      ++static_cast<Counts&>(state).by_table[std::string(record.view.table)];
    }
    void footer(sdk::ExportState& state, std::string& out, std::uint64_t records) const override {
      for (const auto& [table, count] : static_cast<Counts&>(state).by_table) out += table + " " + std::to_string(count) + "\n";
      out += "records " + std::to_string(records) + "\n";
    }
  };
  // Everything that asserts (Boost.Test is not thread-safe) happens here, on the main thread.
  const sdk::LogCodec& v1 = codec("interstice-v1");
  const auto export_to_string = [&v1](sdk::Exporter& exporter) {
    std::ostringstream out;
    const sdk::ExportTarget target{.stream = out, .temp_path = {}, .final_path = "concurrent",
                                   .source_path = small_log().string(), .source_format = "interstice-v1",
                                   .source_codec = &v1, .filter = {}};
    sdk::LogInput input(small_log());
    auto reader = v1.open(input, "interstice-v1");
    auto session = exporter.begin(target);
    sdk::TransactionView view;
    while (reader->next(view))
      session->write(sdk::ExportRecord(sdk::ScannedRecord(view, *reader, nullptr, sdk::json_transcoder_of(*reader))));
    session->end();
    return out.str();
  };
  CountsPerTable counts;
  LoadedPlugin<sdk::Exporter> csv("exporter-csv.so");
  const std::string counts_alone = export_to_string(counts), csv_alone = export_to_string(*csv);
  BOOST_TEST(counts_alone.find("records 1000\n") != std::string::npos, counts_alone);
  std::atomic<int> mismatches{0};
  const auto exports = [&] {
    for (int i = 0; i < 10; ++i) {
      if (export_to_string(counts) != counts_alone) ++mismatches;
      if (export_to_string(*csv) != csv_alone) ++mismatches;
    }
  };
  std::thread first(exports), second(exports);
  first.join();
  second.join();
  BOOST_TEST(mismatches.load() == 0);
}

BOOST_AUTO_TEST_CASE(parallel_formatting_keeps_record_order) {
  TempBytes log(wide_log_times(4), "four-wide.log");
  std::uint64_t records = 0;
  const std::string expected = ndjson_one_by_one(log.path(), &records);
  // The json array: the same objects, `,` (the base class's separator) between them.
  std::string expected_json = "[";
  for (const auto& line : lines_of(expected)) expected_json += (expected_json.size() > 1 ? ",\n" : "\n") + line;
  expected_json += "\n]\n";
  LoadedPlugin<sdk::Exporter> ndjson("exporter-ndjson.so");
  LoadedPlugin<sdk::Exporter> csv("exporter-csv.so");
  LoadedPlugin<sdk::Exporter> json_exporter("exporter-json.so");
  for (int run = 0; run < 3; ++run) {  // the interleaving differs from run to run
    BOOST_TEST(export_log(*ndjson, {log.path()}) == expected);
    BOOST_TEST(parse_csv(export_log(*csv, {log.path()})).size() == records + 1);
    BOOST_TEST(export_log(*json_exporter, {log.path()}) == expected_json);
  }
}

// A record made by hand (no reader, so it cannot be copied for a worker) in the middle of read
// ones: everything before it is written first, and the separators still fall between records.

BOOST_AUTO_TEST_CASE(hand_made_records_between_parallel_ones_keep_their_place) {
  LoadedPlugin<sdk::Exporter> json_exporter("exporter-json.so");
  std::ostringstream out;
  const auto target = v1_target(out, small_log(), "mixed.json");
  sdk::LogInput input(small_log());
  auto reader = codec("interstice-v1").open(input, "interstice-v1");
  auto session = json_exporter->begin(target);
  HandRecord hand;
  hand.tx.index = 424242;
  hand.tx.module = "by-hand";
  hand.tx.table = "t";
  hand.tx.row.primary_key = u64_value(1);
  sdk::TransactionView view;
  std::uint64_t read = 0;
  while (reader->next(view)) {
    session->write(sdk::ExportRecord(sdk::ScannedRecord(view, *reader, nullptr, sdk::json_transcoder_of(*reader))));
    if (++read == 300) session->write(hand.record());
  }
  session->end();
  const auto array = json::parse(out.str()).as_array();
  BOOST_REQUIRE(array.size() == read + 1);
  BOOST_TEST(array[299].at("index").as_int64() == 299);
  BOOST_TEST(array[300].at("index").as_int64() == 424242);
  BOOST_TEST(array[301].at("index").as_int64() == 300);
  BOOST_TEST(array.back().at("index").as_int64() == static_cast<std::int64_t>(read - 1));
}

// A damaged record ends the export (as the host's scan does): everything before it, formatted on
// however many threads, is written in order, and nothing after it.

BOOST_AUTO_TEST_CASE(parallel_formatting_writes_every_record_before_damage) {
  auto bytes = wide_log_times(4);
  bytes[bytes.size() / 2 + 1000] ^= 0x40;  // inside a record past several batches: its checksum fails
  TempBytes log(bytes, "damaged-wide.log");

  std::string expected;
  TempBytes out({}, "damaged-wide.ndjson");
  LoadedPlugin<sdk::Exporter> ndjson("exporter-ndjson.so");
  std::uint64_t before_damage = 0;
  {
    std::ofstream stream(out.path(), std::ios::binary);
    const auto target = v1_target(stream, log.path(), out.path());
    sdk::LogInput input(log.path());
    auto reader = codec("interstice-v1").open(input, "interstice-v1");
    auto session = ndjson->begin(target);
    sdk::TransactionView view;
    while (reader->next(view)) {
      const sdk::ScannedRecord scanned(view, *reader);
      sdk::append_record_json(expected, scanned, sdk::data_hash(view.row));
      expected += '\n';
      session->write(sdk::ExportRecord(scanned));
      ++before_damage;
    }
    BOOST_REQUIRE(reader->damage().has_value());
    BOOST_TEST(before_damage > 4000u);  // several batches' worth
    session->end();
  }
  const auto written = read_bytes(out.path());
  BOOST_TEST(std::string(written.begin(), written.end()) == expected);
}

// Empty names and a record bigger than the reader's 4 MiB block (so the reader replaces its
// buffer while earlier records wait to be formatted): the batches keep the maps their records
// are in alive, or hold their own copies, empty spans included, so the export is what one
// thread would write.

BOOST_AUTO_TEST_CASE(parallel_formatting_survives_empty_names_and_huge_records) {
  // Large blocks always from mmap, so a buffer the reader lets go is unmapped at once and a
  // stale pointer into it faults (glibc would otherwise start keeping them on the heap once
  // earlier tests freed big buffers).
  ::mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  std::ostringstream encoded;
  {
    auto writer = codec("interstice-v1").writer(encoded, "interstice-v1");
    BOOST_REQUIRE(writer);
    for (std::uint64_t i = 0; i < 3000; ++i) {
      sdk::Transaction tx;
      tx.module = i % 2 ? "" : "m";
      tx.table = i % 3 ? "t" : "";
      tx.timestamp = 1000 + i;
      tx.row.primary_key = u64_value(i);
      tx.row.entries = {string_value(i == 1500 ? std::string(std::size_t{5} << 20, 'x') : "")};
      writer->write(tx);
    }
    writer->finish();
  }
  const std::string text = encoded.str();
  TempBytes log(std::vector<unsigned char>(text.begin(), text.end()), "empty-names.log");

  LoadedPlugin<sdk::Exporter> ndjson("exporter-ndjson.so");
  BOOST_TEST(export_log(*ndjson, {log.path()}) == ndjson_one_by_one(log.path()));
}

// Records wait for a formatting thread in the reader's maps, not in copies: with the smallest
// mapped blocks a batch's records come from a dozen maps the reader has let go of by the time
// they are formatted. Each export equals one thread's text, and once it is over no map of the
// log is left in the process (the last batch to need a map unmaps it).

namespace {

std::size_t maps_of(const std::filesystem::path& file) {
  std::ifstream maps("/proc/self/maps");
  const std::string name = std::filesystem::canonical(file).string();
  std::size_t count = 0;
  for (std::string line; std::getline(maps, line);)
    if (line.size() >= name.size() && line.compare(line.size() - name.size(), name.size(), name) == 0) ++count;
  return count;
}

}  // namespace

BOOST_AUTO_TEST_CASE(parallel_formatting_keeps_the_maps_its_records_are_in) {
  TempBytes log(wide_log_times(4), "mapped-wide.log");
  const std::string expected = ndjson_one_by_one(log.path());
  LoadedPlugin<sdk::Exporter> ndjson("exporter-ndjson.so");
  for (const std::size_t block : {sdk::LogInput::kMinMappedBlock, std::size_t{1} << 20, sdk::LogInput::kDefaultBlock}) {
    std::ostringstream out;
    {
      const auto target = v1_target(out, log.path(), "mapped-wide.ndjson");
      sdk::LogInput input(log.path(), block);
      auto reader = codec("interstice-v1").open(input, "interstice-v1");
      auto session = ndjson->begin(target);
      sdk::TransactionView view;
      std::size_t most_maps = 0;
      while (reader->next(view)) {
        session->write(sdk::ExportRecord(sdk::ScannedRecord(view, *reader, nullptr, sdk::json_transcoder_of(*reader))));
        if (view.index % 500 == 0) most_maps = std::max(most_maps, maps_of(log.path()));
      }
      BOOST_REQUIRE(!reader->damage());
      session->end();
      BOOST_TEST(most_maps >= 1u, "block " << block << ": the log is read through maps");
      // The reader holds one map at a time (the file is too small for its pipeline): more come
      // from batches keeping theirs, at most a few each, 7 batches at a time.
      if (block == sdk::LogInput::kMinMappedBlock && sdk::usable_cpus() > 1)
        BOOST_TEST(most_maps > 1u, "64 KiB blocks: no batch kept a map");
      BOOST_TEST(most_maps <= 1u + 7 * 4, "block " << block << ": " << most_maps);
    }
    BOOST_TEST(out.str() == expected, "block " << block);
    BOOST_TEST(maps_of(log.path()) == 0u, "block " << block << ": a map outlived the export");
  }
}

// A failure while formatting on a worker surfaces on the caller's thread, and it is the failure
// of the earliest record, whatever thread met a later one first.

BOOST_AUTO_TEST_CASE(parallel_formatting_reports_the_first_failing_record) {
  struct FailsFrom final : sdk::TextExporter {
    std::uint64_t first_bad = 0;
    FailsFrom() : TextExporter({.independent_records = true}) {}
    void write_record(sdk::ExportState&, const sdk::ExportRecord& record, std::string& out) const override {
      if (record.view.index >= first_bad) throw sdk::Error::input("cannot format record " + std::to_string(record.view.index));
      out += record.view.table;
    }
  };
  const auto wide = shared_fixtures() / "v1" / "logs" / "wide.log";
  for (std::uint64_t first_bad : {0, 1500, 4000}) {
    FailsFrom exporter;
    exporter.first_bad = first_bad;
    try {
      export_log(exporter, {wide});
      BOOST_TEST(false, "no error for record " << first_bad);
    } catch (const sdk::Error& error) {
      BOOST_TEST(error.message() == "cannot format record " + std::to_string(first_bad));
    }
  }
}

// When a worker's failure surfaces, every worker has stopped before `write`/`end` throws, so a
// caller may destroy the reader before the session (which the session docs still advise
// against) without a worker formatting through it afterwards.

BOOST_AUTO_TEST_CASE(parallel_formatting_stops_its_workers_before_it_throws) {
  struct FailsFirst final : sdk::TextExporter {
    FailsFirst() : TextExporter({.independent_records = true}) {}
    void write_record(sdk::ExportState&, const sdk::ExportRecord& record, std::string& out) const override {
      if (record.view.index == 0) throw sdk::Error::input("cannot format record 0");
      record.append_json(sdk::RowPart::row, out);  // uses the reader
    }
  };
  TempBytes log(wide_log_times(8), "eight-wide.log");
  FailsFirst exporter;
  std::ostringstream out;
  const auto target = v1_target(out, log.path(), "x");
  auto session = exporter.begin(target);
  bool threw = false;
  {
    sdk::LogInput input(log.path());
    auto reader = codec("interstice-v1").open(input, "interstice-v1");
    try {
      sdk::TransactionView view;
      while (reader->next(view)) session->write(sdk::ExportRecord(sdk::ScannedRecord(view, *reader, nullptr, sdk::json_transcoder_of(*reader))));
      session->end();
    } catch (const sdk::Error& error) {
      threw = true;
      BOOST_TEST(error.message() == "cannot format record 0");
    }
  }  // the reader goes first
  session.reset();
  BOOST_TEST(threw);
}

BOOST_AUTO_TEST_SUITE_END()
