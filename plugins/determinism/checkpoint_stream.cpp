// Writing and reading the NDJSON hash stream of checkpoint_stream.hpp.
#include "checkpoint_stream.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/util/state_hash.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

namespace json = boost::json;

namespace interstice::determinism {

namespace {

void write_line(std::ostream& out, const json::object& line) {
  sdk::write_json(out, line, 0);
  out << '\n';
}

}  // namespace

CheckpointWriter::CheckpointWriter(const std::string& out, std::uint64_t interval, const std::string& log)
    : path_(out), interval_(interval), file_(out) {
  write_line(file_.stream(),
             {{"interstice_checkpoints", 1}, {"hash", kStreamHash}, {"interval", interval}, {"log", log}});
}

void CheckpointWriter::after(const sdk::RecordDigest& digest, const sdk::LogReplay& replay) {
  const std::uint64_t records = replay.applied();
  if (records % interval_ != 0) return;
  write_line(file_.stream(), {{"records", records},
                              {"index", digest.index},
                              {"offset", digest.offset},
                              {"next_offset", digest.offset + digest.size},
                              {"timestamp", digest.timestamp ? json::value(*digest.timestamp) : json::value(nullptr)},
                              {"state_hash", sdk::hash_hex(replay.state_hash())},
                              {"live_rows", replay.live_rows_total()}});
  ++written_;
}

void CheckpointWriter::finish(const sdk::LogReplay& replay, std::uint64_t end_offset) {
  write_line(file_.stream(), {{"end", true},
                              {"records", replay.applied()},
                              {"next_offset", end_offset},
                              {"state_hash", sdk::hash_hex(replay.state_hash())},
                              {"live_rows", replay.live_rows_total()}});
  file_.commit();
}

namespace {

/// Reads `key` of a stream line as an unsigned integer; `Error::input` at the line otherwise.
std::uint64_t number(const json::object& line, std::string_view key, const sdk::Location& where) {
  const json::value* value = line.if_contains(key);
  if (value) {
    if (value->is_uint64()) return value->get_uint64();
    if (value->is_int64() && value->get_int64() >= 0) return static_cast<std::uint64_t>(value->get_int64());
  }
  throw sdk::Error::input(fmt::format("checkpoint line lacks a number '{}'", key), where);
}

}  // namespace

CheckpointReader::CheckpointReader(std::string path) : path_(std::move(path)), in_(path_) {
  if (!in_) throw sdk::Error::input("cannot open checkpoint stream", sdk::Location::in_file(path_));
  std::string text;
  ++line_;
  json::object header;
  if (std::getline(in_, text)) {
    boost::system::error_code error;
    auto parsed = json::parse(text, error);
    if (!error && parsed.is_object()) header = parsed.as_object();
  }
  const auto where = sdk::Location::at_line(path_, 1, 1);
  const auto* hash = header.if_contains("hash");
  if (!header.contains("interstice_checkpoints") || !hash || !hash->is_string())
    throw sdk::Error::input("not a checkpoint stream (made by `interstice determinism --checkpoints`)", where);
  if (hash->as_string() != kStreamHash)
    throw sdk::Error::input(fmt::format("checkpoints of hash '{}', this build computes '{}'",
                                        std::string_view(hash->as_string()), kStreamHash),
                            where);
  interval_ = number(header, "interval", where);
  if (const auto* log = header.if_contains("log"); log && log->is_string()) log_ = log->as_string();
}

std::optional<Checkpoint> CheckpointReader::next() {
  std::string text;
  while (!ended_ && std::getline(in_, text)) {
    ++line_;
    if (text.empty()) continue;
    const auto where = sdk::Location::at_line(path_, line_, 1);
    boost::system::error_code error;
    auto parsed = json::parse(text, error);
    if (error || !parsed.is_object()) throw sdk::Error::input("checkpoint line is not a JSON object", where);
    const json::object& line = parsed.as_object();
    Checkpoint point;
    point.end = line.contains("end");
    point.records = number(line, "records", where);
    point.next_offset = number(line, "next_offset", where);
    point.live_rows = number(line, "live_rows", where);
    const auto* hash = line.if_contains("state_hash");
    if (!hash || !hash->is_string() || !sdk::parse_hash_hex(hash->as_string(), point.state_hash))
      throw sdk::Error::input("checkpoint line lacks a 16-digit 'state_hash'", where);
    if (!point.end) {
      point.offset = number(line, "offset", where);
      if (const auto* timestamp = line.if_contains("timestamp"); timestamp && !timestamp->is_null())
        point.timestamp = number(line, "timestamp", where);
    }
    ended_ = point.end;
    return point;
  }
  return std::nullopt;
}

}  // namespace interstice::determinism
