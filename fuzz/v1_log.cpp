// The interstice-v1 reader on whole log files: the reader contract on every record
// (log_reading.hpp), damage and resynchronisation, the same result for any LogInput block size,
// and a round trip through the writer (decode, write, read back: the same records). The input
// is read as stored and with every checksum recomputed (v1_log_bytes.hpp).
#include "harness.hpp"
#include "log_reading.hpp"
#include "v1_log_bytes.hpp"

#include "v1_reader.hpp"
#include "v1_writer.hpp"

#include "interstice/sdk/value_json.hpp"

#include <sstream>

namespace interstice::fuzz::v1 {

namespace {

std::unique_ptr<sdk::LogReader> open_v1(sdk::LogInput& input) { return std::make_unique<v1_codec::V1Reader>(input); }

/// What a record says once written again. The writer gives only an Update its old row, as the
/// runtime does (v1_writer.cpp), so another record's old row is not part of it.
std::string facts(const sdk::Transaction& t) {
  const bool old_row = t.old_row && t.operation == sdk::Operation::Update;
  return fmt::format("{} {}/{} ts={} row={} old_row={}", sdk::to_string(t.operation), t.module, t.table,
                     t.timestamp.value_or(0), sdk::to_json_text(t.row), old_row ? sdk::to_json_text(*t.old_row) : "none");
}

/// Writes the decoded records with the codec's writer and reads them back: every one intact and
/// the same.
void round_trip(const std::vector<sdk::Transaction>& records, ScratchFile& file) {
  std::ostringstream out;
  v1_codec::V1Writer writer(out);
  for (const auto& record : records) writer.write(record);
  writer.finish();
  const std::string bytes = out.str();
  file.write({reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()});
  const auto again = read_log(file.path(), sdk::LogInput::kDefaultBlock, open_v1, 0);
  FUZZ_CHECK(again.decoded.size() == records.size() && again.events.size() == records.size(),
             fmt::format("wrote {} records, read back {} events", records.size(), again.events.size()));
  for (std::size_t i = 0; i < records.size(); ++i)
    FUZZ_CHECK(facts(again.decoded[i]) == facts(records[i]),
               "record " + std::to_string(i) + " wrote " + facts(records[i]) + ", read back " + facts(again.decoded[i]));
}

void log_target(Input input) {
  static ScratchFile log("v1-log"), written("v1-written");
  log.write(input);
  read_log_two_ways(log.path(), open_v1);
  const auto fixed = with_valid_checksums(input);
  log.write(fixed);
  const auto summary = read_log_two_ways(log.path(), open_v1);
  round_trip(summary.decoded, written);
}

}  // namespace

}  // namespace interstice::fuzz::v1

INTERSTICE_FUZZ_TARGET(v1_log, interstice::fuzz::v1::log_target);
