// The interstice-v1 codec on single rows and records: the walk (the validation every record
// gets), the decoder (bytes to values), the JSON transcoder (bytes to JSON without values), and
// their agreement: walk accepts <=> decode succeeds <=> transcode succeeds, with the transcoded
// text equal to the decoded values' JSON and all three giving the same reason for bad bytes.
// Input: the bytes of one bincode Row (v1_walk: also one whole record).
#include "harness.hpp"
#include "v1_log_bytes.hpp"
#include "v1_rows.hpp"

#include "bincode_encode.hpp"
#include "v1_record_parser.hpp"

#include "interstice/sdk/value_json.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <vector>

namespace interstice::fuzz::v1 {

namespace {

using v1_codec::ParseFailure;
using v1_codec::ParseStatus;
using v1_codec::RecordLayout;

std::string status_text(ParseStatus status, const ParseFailure& failure) {
  return std::to_string(static_cast<int>(status)) + " (" + v1_codec::describe(failure) + ")";
}

/// The record checker on `record`, given all of it, then only a prefix of it: a shorter window
/// must either ask for more (and then agree once given what it asked for) or fail the same way.
void check_record(Input record) {
  RecordLayout layout;
  ParseFailure failure;
  const auto status = v1_codec::parse_record(record.data(), record.size(), record.size(), layout, failure);
  FUZZ_CHECK(status != ParseStatus::need_more, "need_more with the whole file in hand");
  if (status == ParseStatus::ok) {
    FUZZ_CHECK(layout.size <= record.size() && layout.size >= v1_codec::kFixedRecordBytes, "record size out of range");
    for (auto [at, size] : {std::pair{layout.module_at, layout.module_size}, {layout.table_at, layout.table_size},
                            {layout.row_at, layout.row_size}, {layout.old_row_at, layout.old_row_size}})
      FUZZ_CHECK(at <= layout.size && size <= layout.size - at, "a field runs past the record");
    FUZZ_CHECK(layout.has_old_row || layout.old_row_size == 0, "an old row without its Some tag");
  } else {
    FUZZ_CHECK(!v1_codec::describe(failure).empty(), "damage without a reason");
  }
  for (std::size_t available = record.size() / 2; available < record.size();) {
    RecordLayout part_layout;
    ParseFailure part;
    const auto part_status = v1_codec::parse_record(record.data(), available, record.size(), part_layout, part);
    if (part_status != ParseStatus::need_more) {
      FUZZ_CHECK(part_status == status && v1_codec::describe(part) == v1_codec::describe(failure),
                 "a short window gives " + status_text(part_status, part) + ", the whole record " +
                     status_text(status, failure));
      break;
    }
    FUZZ_CHECK(part.need > available && part.need <= record.size(),
               "need_more asks for " + std::to_string(part.need) + " with " + std::to_string(available) + " of " +
                   std::to_string(record.size()) + " in hand");
    available = static_cast<std::size_t>(part.need);
  }
}

void walk_target(Input input) {
  const auto row = walk(input);
  bool has_row = false;
  v1_codec::BincodeProblem problem;
  std::size_t old_row_used = 0, old_row_key_used = 0;
  const bool option =
      v1_codec::walk_option_row(input.data(), input.size(), has_row, problem, &old_row_used, &old_row_key_used);
  if (!input.empty() && input[0] == 0) FUZZ_CHECK(option && !has_row, "None is a valid Option<Row>");
  if (!input.empty() && input[0] == 1)
    FUZZ_CHECK(option == walk(input.subspan(1)).ok() && has_row, "Some(row) walks as the row after the tag");
  if (option && has_row) {
    // The old row's own bytes, which the reader keeps so its extent is not walked again.
    const auto extent = v1_codec::row_extent(input.data() + 1, input.size() - 1);
    FUZZ_CHECK(extent && extent->row_size == old_row_used, "walk_option_row's used bytes differ from row_extent's");
    FUZZ_CHECK(extent->key_size == old_row_key_used, "walk_option_row's key bytes differ from row_extent's");
  }
  if (row.ok()) {
    // The reader keeps the key's extent from the check too, and then never walks a row again.
    std::size_t used = 0, key_used = 0;
    v1_codec::BincodeProblem again;
    FUZZ_CHECK(v1_codec::walk_row(input.data(), input.size(), again, &used, &key_used), "walk_row is not repeatable");
    const auto extent = v1_codec::row_extent(input.data(), input.size());
    FUZZ_CHECK(extent && extent->row_size == used && extent->key_size == key_used,
               "walk_row's used and key bytes differ from row_extent's");
  }
  if (!input.empty() && input[0] > 1) FUZZ_CHECK(!option, "an Option tag above 1");
  (void)row;
  // The same bytes as a whole record, as stored and with every checksum made to fit.
  check_record(input);
  const auto fixed = with_valid_checksums(input);
  check_record(fixed);
}

void decode_target(Input input) {
  const auto row = decode(input);
  if (!row.ok()) return;
  // bincode is canonical but for the bytes after the Row (ignored) and NaN payloads (a float
  // NaN may come back quieted), so compare the JSON of a second decode of the re-encoding.
  std::vector<unsigned char> encoded;
  const auto unencodable = v1_codec::append_row(encoded, *row.value);
  FUZZ_CHECK(!unencodable, "a decoded v1 row has a value v1 cannot encode: " + (unencodable ? unencodable->where : ""));
  FUZZ_CHECK(encoded.size() <= input.size(), "the re-encoded row is longer than the bytes it came from");
  const auto again = decode(encoded);
  FUZZ_CHECK(again.ok(), "the re-encoded row does not decode: " + again.error);
  FUZZ_CHECK(sdk::to_json_text(*again.value) == sdk::to_json_text(*row.value), "decode(encode(row)) differs from row");
}

void transcode_target(Input input) {
  // Strings are copied as they are (UTF-8 is the walk's job): only walked bytes must give JSON.
  const bool walked = walk(input).ok();
  for (const bool key_only : {false, true}) {
    const auto plain = transcode(input, key_only);
    const auto doubled = transcode(input, key_only, sdk::JsonQuoting::csv_doubled);
    FUZZ_CHECK(plain.ok() == doubled.ok() && plain.error == doubled.error, "the quoting changed whether a row transcodes");
    if (!plain.ok()) continue;
    std::string expected_doubled;
    for (char c : *plain.value) {
      expected_doubled += c;
      if (c == '"') expected_doubled += '"';
    }
    FUZZ_CHECK(*doubled.value == expected_doubled, "csv_doubled is not the plain text with quotes doubled");
    if (!walked) continue;
    boost::system::error_code error;
    boost::json::parse(*plain.value, error);
    FUZZ_CHECK(!error, "transcoded text is not JSON: " + *plain.value);
  }
  // A whole row that transcodes has a key that transcodes, printed inside it.
  const auto row = transcode(input, false);
  const auto key = transcode(input, true);
  if (row.ok()) {
    FUZZ_CHECK(key.ok(), "the row transcodes but its key does not: " + key.error);
    FUZZ_CHECK(row.value->rfind("{\"primary_key\":" + *key.value + ",\"entries\":[", 0) == 0,
               "the row's JSON does not start with its key's");
  }
}

void agreement_target(Input input) {
  const auto walked = walk(input);
  const auto decoded = decode(input);
  const auto json = transcode(input, false);
  const auto key = transcode(input, true);
  FUZZ_CHECK(walked.ok() == decoded.ok(), "walk " + std::string(walked.ok() ? "accepts" : "rejects") +
                                              " what decode " + (decoded.ok() ? "accepts" : "rejects: " + decoded.error));
  if (!walked.ok()) {
    FUZZ_CHECK(decoded.error == walked.error, "walk says '" + walked.error + "', decode '" + decoded.error + "'");
    // The transcoder leaves UTF-8 to the walk every record has passed (bincode_json.hpp): bytes
    // whose first problem is a string that is not UTF-8 may transcode. Any other problem it
    // finds first too, and reports in the same words.
    if (walked.failure != v1_codec::BincodeFailure::bad_utf8)
      FUZZ_CHECK(!json.ok() && json.error == walked.error,
                 "walk says '" + walked.error + "', transcode " + (json.ok() ? "accepts" : "says '" + json.error + "'"));
    return;
  }
  FUZZ_CHECK(json.ok(), "walk and decode accept what transcode rejects: " + json.error);
  FUZZ_CHECK(*json.value == sdk::to_json_text(*decoded.value),
             "transcoded " + *json.value + " but decoded " + sdk::to_json_text(*decoded.value));
  FUZZ_CHECK(key.ok() && *key.value == sdk::to_json_text(decoded.value->primary_key), "the key's JSON differs");
}

}  // namespace

}  // namespace interstice::fuzz::v1

INTERSTICE_FUZZ_TARGET(v1_walk, interstice::fuzz::v1::walk_target);
INTERSTICE_FUZZ_TARGET(v1_decode, interstice::fuzz::v1::decode_target);
INTERSTICE_FUZZ_TARGET(v1_transcode, interstice::fuzz::v1::transcode_target);
INTERSTICE_FUZZ_TARGET(v1_agreement, interstice::fuzz::v1::agreement_target);
