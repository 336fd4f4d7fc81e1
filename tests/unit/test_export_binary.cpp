// The binary exporter: a valid log of the selection in the source's own format and generation,
// records copied byte for byte; `--as FORMAT` re-encodes into another writable format.
#include "export_harness.hpp"

#include "interstice/sdk/schema_json.hpp"

using namespace interstice::test::exporters;

namespace {

/// Every `step`-th record of `source` (`bytes` is its file): their stored bytes back to back, which
/// is what a byte-exact export of them must be, and the records themselves.
struct Selection {
  std::vector<unsigned char> bytes;
  std::vector<sdk::Transaction> records;
};
Selection every_nth(const ReadResult& source, const std::vector<unsigned char>& bytes, std::size_t step) {
  Selection out;
  for (std::size_t i = 0; i < source.records.size(); i += step) {
    const auto& tx = source.records[i];
    out.bytes.insert(out.bytes.end(), bytes.begin() + static_cast<std::ptrdiff_t>(tx.offset),
                     bytes.begin() + static_cast<std::ptrdiff_t>(tx.offset + tx.size));
    out.records.push_back(tx);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(export_binary)

BOOST_AUTO_TEST_CASE(binary_of_a_subset_copies_those_records_byte_for_byte) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  const auto every_third = [](const sdk::TransactionView& view) { return view.index % 3 == 0; };
  const auto text = export_log(*binary, {small_log()}, every_third);
  const std::vector<unsigned char> bytes(text.begin(), text.end());

  // What the output must be: the selected records' stored bytes, back to back.
  const auto& v1 = codec("interstice-v1");
  const auto source = read_log(v1, small_log(), "interstice-v1");
  const auto [expected, selected] = every_nth(source, read_bytes(small_log()), 3);
  BOOST_TEST(bytes == expected, boost::test_tools::per_element());

  TempBytes file(bytes, "subset.log");
  const auto again = read_log(v1, file.path(), "interstice-v1");
  BOOST_TEST(!again.damage);
  BOOST_REQUIRE(again.records.size() == selected.size());
  BOOST_REQUIRE(selected.size() == 334u);
  for (std::size_t i = 0; i < selected.size(); ++i) {
    auto want = selected[i];
    want.index = again.records[i].index;  // renumbered and moved, otherwise identical
    want.offset = again.records[i].offset;
    BOOST_TEST((again.records[i] == want), "record " << i);
    BOOST_TEST((again.records[i].checksum == sdk::ChecksumStatus::valid));
  }
}

BOOST_AUTO_TEST_CASE(binary_output_is_a_valid_log_for_log_inspect) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  const auto odd = [](const sdk::TransactionView& view) { return view.index % 2 == 1; };
  const auto text = export_log(*binary, {small_log()}, odd);
  TempBytes file({text.begin(), text.end()}, "inspect.log");

  LoadedPlugin<sdk::Command> inspect("command-log-inspect.so");
  TestContext context(*inspect, {file.path().string()}, &log_codecs());
  const auto report = inspect->run(context);
  const auto& data = report.data.as_object();
  BOOST_TEST(data.at("is_valid").as_bool());
  BOOST_TEST(data.at("transaction_count").to_number<std::uint64_t>() == 500u);
  BOOST_TEST(data.at("format").at("codec").as_string() == "interstice-v1");
  BOOST_TEST((report.outcome == sdk::Outcome::ok));
}

// Every real framed log, whole and every other record: the frames are copied, so the export is the
// source's bytes (or exactly the selected frames) and reads back under the same generation.
BOOST_AUTO_TEST_CASE(binary_keeps_a_framed_source_in_its_own_generation) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  const auto& framed = codec("framed");
  std::size_t logs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(real_log(""))) {
    if (entry.path().extension() != ".log") continue;
    const auto log = entry.path();
    auto expected_path = log;
    expected_path.replace_extension(".expected.json");
    const auto variant = "framed-" + std::string(sdk::read_json_file(expected_path).at("generation").as_string());
    BOOST_TEST_CONTEXT(log.filename().string() << " as " << variant) {
      const auto source = read_log(framed, log, variant);
      const auto source_bytes = read_bytes(log);
      const auto whole = export_log(*binary, {log, "framed", variant});
      BOOST_TEST((std::vector<unsigned char>(whole.begin(), whole.end()) == source_bytes));

      const auto even = [](const sdk::TransactionView& view) { return view.index % 2 == 0; };
      const auto text = export_log(*binary, {log, "framed", variant}, even);
      const auto [expected, selected] = every_nth(source, source_bytes, 2);
      BOOST_TEST((std::vector<unsigned char>(text.begin(), text.end()) == expected));
      TempBytes file({text.begin(), text.end()}, "even.log");
      const auto again = read_log(framed, file.path(), variant);
      BOOST_TEST(!again.damage);
      BOOST_REQUIRE(again.records.size() == selected.size());
      for (std::size_t i = 0; i < selected.size(); ++i) {
        auto want = selected[i];
        want.index = again.records[i].index;
        want.offset = again.records[i].offset;
        BOOST_TEST((again.records[i] == want), "record " << i);
      }
    }
    ++logs;
  }
  BOOST_TEST(logs == 10u);
}

// `--as framed-g1` from a v1 log: g1 has every v1 value kind (its nested Row too). Framed records
// have no timestamp or old row, and a framed delete holds only the key.
BOOST_AUTO_TEST_CASE(binary_as_framed_g1_reencodes_a_v1_log) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  const auto text = export_log(*binary, {small_log(), "interstice-v1", "interstice-v1", {{"as", "framed-g1"}}});
  TempBytes file({text.begin(), text.end()}, "as-g1.log");
  const auto source = read_log(codec("interstice-v1"), small_log(), "interstice-v1");
  const auto again = read_log(codec("framed"), file.path(), "framed-g1");
  BOOST_TEST(!again.damage);
  BOOST_REQUIRE(again.records.size() == source.records.size());
  for (std::size_t i = 0; i < source.records.size(); ++i) {
    const auto& got = again.records[i];
    const auto& want = source.records[i];
    BOOST_TEST((got.operation == want.operation && got.module == want.module && got.table == want.table), i);
    BOOST_TEST((got.row.primary_key == want.row.primary_key), i);
    if (want.operation != sdk::Operation::Delete) BOOST_TEST((got.row.entries == want.row.entries), i);
    BOOST_TEST(!got.timestamp.has_value());
  }
}

// A format nothing can write, named with `--as`: a usage error that lists what can be written.
BOOST_AUTO_TEST_CASE(binary_as_an_unknown_format_is_a_usage_error) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  try {
    export_log(*binary, {small_log(), "interstice-v1", "interstice-v1", {{"as", "framed-g9"}}});
    BOOST_FAIL("exported to a format nothing writes");
  } catch (const sdk::Error& error) {
    const std::string what = error.what();
    BOOST_TEST_MESSAGE(what);
    BOOST_TEST((error.kind() == sdk::ErrorKind::usage));
    BOOST_TEST(what.find("--as framed-g9") != std::string::npos);
    BOOST_TEST(what.find("(writable: framed-g1, framed-g2, framed-g3, framed-g4, interstice-v1)") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(binary_as_interstice_v1_reencodes_a_framed_log) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  const auto& v1 = codec("interstice-v1");
  const auto& framed = codec("framed");
  const std::pair<const char*, const char*> logs[] = {{"g2-ceaa029.log", "framed-g2"}, {"g1-8b10d42.log", "framed-g1"}};
  for (const auto& [name, variant] : logs) {
    BOOST_TEST_CONTEXT(name) {
      const auto text = export_log(*binary, {real_log(name), "framed", variant, {{"as", "interstice-v1"}}});
      TempBytes file({text.begin(), text.end()}, "framed.log");
      const auto source = read_log(framed, real_log(name), variant);
      const auto again = read_log(v1, file.path(), "interstice-v1");
      BOOST_TEST(!again.damage);
      BOOST_REQUIRE(again.records.size() == source.records.size());
      BOOST_REQUIRE(!source.records.empty());
      for (std::size_t i = 0; i < source.records.size(); ++i) {
        const auto& got = again.records[i];
        const auto& want = source.records[i];
        BOOST_TEST(got.module == want.module);
        BOOST_TEST(got.table == want.table);
        BOOST_TEST((got.operation == want.operation));
        BOOST_TEST(sdk::to_json_text(got.row) == sdk::to_json_text(want.row));
        BOOST_TEST((got.row == want.row));
        BOOST_TEST((got.timestamp == std::optional<std::uint64_t>(0)));  // framed logs have no timestamps
        BOOST_TEST((got.checksum == sdk::ChecksumStatus::valid));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(binary_rejects_values_v1_cannot_hold_naming_the_record) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  const auto log = real_log("g2-43adf1a.log");
  try {
    export_log(*binary, {log, "framed", "framed-g2", {{"as", "interstice-v1"}}});
    BOOST_FAIL("a Struct value was exported to interstice-v1");
  } catch (const sdk::Error& error) {
    const std::string what = error.what();
    BOOST_TEST_MESSAGE(what);
    BOOST_TEST(what.find(log.string()) != std::string::npos);
    BOOST_TEST(what.find("record 0") != std::string::npos);
    BOOST_TEST(what.find("Struct") != std::string::npos);
    BOOST_TEST((error.location().record_index == std::optional<std::uint64_t>(0)));
    BOOST_TEST((error.location().byte_offset == std::optional<std::uint64_t>(0)));
  }
}

// Copying needs no writer; re-encoding into a format no loaded codec writes is refused up front.
BOOST_AUTO_TEST_CASE(binary_needs_a_codec_only_to_reencode) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  NoPlugins none;
  const auto copy = export_log(*binary, {small_log()}, {}, none);
  BOOST_TEST((std::vector<unsigned char>(copy.begin(), copy.end()) == read_bytes(small_log())));
  try {
    export_log(*binary, {real_log("g2-ceaa029.log"), "framed", "framed-g2", {{"as", "interstice-v1"}}}, {}, none);
    BOOST_FAIL("exported without a codec to write with");
  } catch (const sdk::Error& error) {
    BOOST_TEST(std::string(error.what()).find("no loaded log codec writes") != std::string::npos);
    BOOST_TEST((error.kind() == sdk::ErrorKind::usage));
  }
}

// csv and ndjson format records on every spare CPU (parallel_formatter.hpp). A log of ~6.6 MB
// makes 13 batches, more than may be in flight at once, so workers, the caller helping, and
// the in-order writing all take part; the text must be exactly what formatting one record
// after another gives.

BOOST_AUTO_TEST_SUITE_END()
