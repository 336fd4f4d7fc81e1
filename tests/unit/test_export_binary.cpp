// The binary exporter: a valid v1 log of the selection, v1 records copied byte for byte.
#include "export_harness.hpp"

using namespace interstice::test::exporters;

BOOST_AUTO_TEST_SUITE(export_binary)

BOOST_AUTO_TEST_CASE(binary_of_a_subset_copies_those_records_byte_for_byte) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  const auto every_third = [](const sdk::TransactionView& view) { return view.index % 3 == 0; };
  const auto text = export_log(*binary, {small_log()}, every_third);
  const std::vector<unsigned char> bytes(text.begin(), text.end());

  // What the output must be: the selected records' stored bytes, back to back.
  const auto& v1 = codec("interstice-v1");
  const auto source = read_log(v1, small_log(), "interstice-v1");
  const auto source_bytes = read_bytes(small_log());
  std::vector<unsigned char> expected;
  std::vector<sdk::Transaction> selected;
  for (std::size_t i = 0; i < source.records.size(); i += 3) {
    const auto& tx = source.records[i];
    expected.insert(expected.end(), source_bytes.begin() + static_cast<std::ptrdiff_t>(tx.offset),
                    source_bytes.begin() + static_cast<std::ptrdiff_t>(tx.offset + tx.size));
    selected.push_back(tx);
  }
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

BOOST_AUTO_TEST_CASE(binary_reencodes_a_framed_log) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  const auto& v1 = codec("interstice-v1");
  const auto& framed = codec("framed");
  const std::pair<const char*, const char*> logs[] = {{"g2-ceaa029.log", "framed-g2"}, {"g1-8b10d42.log", "framed-g1"}};
  for (const auto& [name, variant] : logs) {
    BOOST_TEST_CONTEXT(name) {
      const auto text = export_log(*binary, {real_log(name), "framed", variant});
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
    export_log(*binary, {log, "framed", "framed-g2"});
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

BOOST_AUTO_TEST_CASE(binary_needs_the_v1_codec) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  NoPlugins none;
  try {
    export_log(*binary, {small_log()}, {}, none);
    BOOST_FAIL("exported without a codec to write with");
  } catch (const sdk::Error& error) {
    BOOST_TEST(std::string(error.what()).find("interstice-v1 log codec") != std::string::npos);
    BOOST_TEST((error.kind() == sdk::ErrorKind::input));
  }
}

// csv and ndjson format records on every spare CPU (parallel_formatter.hpp). A log of ~6.6 MB
// makes 13 batches, more than may be in flight at once, so workers, the caller helping, and
// the in-order writing all take part; the text must be exactly what formatting one record
// after another gives.

BOOST_AUTO_TEST_SUITE_END()
