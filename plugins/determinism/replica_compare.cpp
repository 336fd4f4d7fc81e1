// The lockstep comparison of replica_compare.hpp.
#include "replica_compare.hpp"

#include "record_divergence.hpp"
#include "replica_states.hpp"

#include "interstice/sdk/log_input.hpp"
#include "interstice/sdk/log_report.hpp"
#include "interstice/sdk/replay.hpp"
#include "interstice/sdk/util/state_hash.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <vector>

namespace json = boost::json;

namespace interstice::determinism {

namespace {

/// The last few record pairs before the divergence, for `preceding`.
class RecentRecords {
 public:
  void add(const sdk::RecordDigest& a, const sdk::RecordDigest& b) { add(a, b.offset); }
  void add(const sdk::RecordDigest& a, std::uint64_t offset_b) {
    ring_[count_++ % ring_.size()] = {a.index, a.offset, offset_b, a.operation, a.table};
  }
  json::array to_json() const {
    json::array out;
    for (std::size_t i = count_ > ring_.size() ? count_ - ring_.size() : 0; i < count_; ++i) {
      const Entry& e = ring_[i % ring_.size()];
      out.push_back({{"index", e.index}, {"offset_a", e.offset_a}, {"offset_b", e.offset_b},
                     {"operation", sdk::to_lower_string(e.operation)}, {"module_id", e.table->module},
                     {"table_name", e.table->table}});
    }
    return out;
  }

 private:
  struct Entry {
    std::uint64_t index = 0, offset_a = 0, offset_b = 0;
    sdk::Operation operation = sdk::Operation::Insert;
    const sdk::ReplayTable* table = nullptr;
  };
  std::array<Entry, 3> ring_{};
  std::size_t count_ = 0;
};

/// POSIX shell quoting, only where needed.
std::string shell_quote(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+:=,") ==
                           std::string::npos)
    return text;
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string log_query(const std::string& path, std::uint64_t index) {
  return fmt::format("interstice log-query {} --start {} --end {}", shell_quote(path), index >= 3 ? index - 3 : 0,
                     index + 1);
}

json::object log_json(LogWalk& walk, const sdk::LogReplay& replay) {
  return {{"path", walk.path()},
          {"format", sdk::format_json(walk.log())},
          {"records", walk.records()},
          {"end_offset", walk.position()},
          {"final_state_hash", sdk::hash_hex(replay.state_hash())},
          {"live_rows_total", replay.live_rows_total()}};
}

std::string describe(const json::object& divergence) {
  const auto index = divergence.at("index").as_uint64();
  const std::string_view difference = divergence.at("difference").as_string();
  const std::string where = fmt::format("{}.{} key {}", std::string_view(divergence.at("module_id").as_string()),
                                        std::string_view(divergence.at("table_name").as_string()),
                                        json::serialize(divergence.at("primary_key")));
  if (difference == "missing_record")
    return fmt::format("record {} ({}) is only in log {}", index, where, divergence.at("record_a").is_null() ? "b" : "a");
  if (difference != "row")
    return fmt::format("record {} differs in its {}: {} vs {}", index, difference,
                       json::serialize(divergence.at("value_a")), json::serialize(divergence.at("value_b")));
  const auto& name = divergence.at("column_name");
  return fmt::format("record {} ({}) differs in column {}{}: {} vs {}", index, where,
                     divergence.at("column_index").as_uint64(),
                     name.is_string() ? fmt::format(" ({})", std::string_view(name.as_string())) : std::string(),
                     json::serialize(divergence.at("value_a")), json::serialize(divergence.at("value_b")));
}


/// Tells whether log B is still the same bytes as log A from its start through the record A just
/// read, reading B's file directly (far cheaper than B's reader: no checksum, walk nor UTF-8
/// check): A's records follow one another with no gap, and before record 0 the bytes before it
/// are compared too. B's file is mapped a window at a time where it can be (no copy), else read.
class SharedBytes {
 public:
  explicit SharedBytes(const sdk::LogInput& b) : b_(b) {}

  bool extend(const sdk::TransactionView& a, const sdk::LogInput& input_a) {
    if (a.offset != end_ && !(end_ == 0 && same_prefix(input_a, a.offset))) return false;
    if (!same(a.offset, a.raw)) return false;
    end_ = a.offset + a.raw.size();
    return true;
  }
  /// Where the bytes shared so far end: the end of the last shared record (0: none).
  std::uint64_t end() const { return end_; }

 private:
  static constexpr std::size_t kBlock = std::size_t{4} << 20;

  /// B's bytes at [offset, offset + bytes.size()) equal `bytes`.
  bool same(std::uint64_t offset, sdk::ByteSpan bytes) {
    while (!bytes.empty()) {
      if (offset < start_ || offset >= start_ + fill_) [[unlikely]] {
        if (!load(offset)) return false;  // B ends first
      }
      const std::size_t n = std::min<std::size_t>(bytes.size(), start_ + fill_ - offset);
      if (std::memcmp(bytes_ + (offset - start_), bytes.data(), n) != 0) return false;
      bytes = bytes.subspan(n);
      offset += n;
    }
    return true;
  }

  /// Makes B's bytes from `offset` the current block; false at B's end.
  bool load(std::uint64_t offset) {
    const std::uint64_t left = b_.remaining(offset);
    if (left == 0) return false;
    start_ = offset;
    mapped_ = b_.map(offset, static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, left)));
    if (mapped_) {
      bytes_ = mapped_.data();
      fill_ = mapped_.size();
      return true;
    }
    buffer_.resize(kBlock);
    bytes_ = buffer_.data();
    fill_ = b_.read_at(offset, buffer_.data(), buffer_.size());
    return fill_ != 0;
  }

  bool same_prefix(const sdk::LogInput& a, std::uint64_t size) {
    std::vector<unsigned char> in_a(64 * 1024);
    for (std::uint64_t at = 0; at < size;) {
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(in_a.size(), size - at));
      if (a.read_at(at, in_a.data(), want) != want || !same(at, sdk::ByteSpan(in_a.data(), want))) return false;
      at += want;
    }
    return true;
  }

  const sdk::LogInput& b_;
  sdk::detail::MappedBytes mapped_;
  std::vector<unsigned char> buffer_;
  const unsigned char* bytes_ = nullptr;  // the current block: mapped_'s or buffer_'s
  std::uint64_t start_ = 0, end_ = 0;
  std::size_t fill_ = 0;
};

}  // namespace

sdk::Report compare_replicas(LogWalk& a, LogWalk& b, const std::vector<sdk::ModuleSchema>& schemas) {
  ReplicaStates states;
  RecentRecords recent;
  std::optional<json::object> divergence;
  json::object logs_b;
  {
    // While the logs are the same bytes only A is read and replayed (B's file is compared byte for
    // byte); from the first record that differs, or where A ends, B's reader starts there and B is
    // replayed on from a copy of A's state.
    std::optional<SharedBytes> shared;
    if (a.log().codec_id == b.log().codec_id && a.log().variant == b.log().variant && b.can_seek())
      shared.emplace(*b.log().input);
    std::optional<ReplicaWorker> worker_b;
    for (std::uint64_t index = 0;; ++index) {
      const sdk::ScannedRecord* ra = a.next();
      if (shared) {
        if (ra && shared->extend(ra->view(), *a.log().input)) {
          const sdk::RecordDigest& da = states.digester().digest(*ra);
          recent.add(da, da.offset);
          states.add_shared(index, da);
          continue;
        }
        states.flush();
        if (index > 0) b.seek(shared->end(), index);
        shared.reset();
      }
      if (!worker_b) worker_b.emplace(b, states.digester(), states.a());
      const ReplicaStep* sb = worker_b->next();
      if (!ra && !sb) break;
      std::optional<sdk::RecordDigest> da;
      if (ra) da = states.digester().digest(*ra);
      if (!divergence) {
        if (da && sb && states.same_content(*da, sb->digest)) {
          recent.add(*da, sb->digest);
        } else {
          const auto rb = sb ? std::optional<sdk::ScannedRecord>(worker_b->last_record()) : std::nullopt;
          divergence = divergence_json(ra, rb ? &*rb : nullptr, schemas);
          (*divergence)["preceding"] = recent.to_json();
          (*divergence)["log_query_a"] = log_query(a.path(), index);
          (*divergence)["log_query_b"] = log_query(b.path(), index);
        }
      }
      states.add(index, da, sb);
    }
    states.flush();
    logs_b = log_json(b, worker_b->replay());
  }
  const auto state_divergence = states.first_difference();

  const std::uint64_t records_a = a.records(), records_b = b.records();
  json::object length{{"records_a", records_a}, {"records_b", records_b}, {"shorter", nullptr},
                      {"shorter_ends_at_offset", nullptr}, {"is_prefix", nullptr}};
  std::string message;
  if (records_a != records_b) {
    const bool a_shorter = records_a < records_b;
    const std::uint64_t shorter = a_shorter ? records_a : records_b;
    const bool prefix = divergence && divergence->at("index").as_uint64() == shorter;
    length["shorter"] = a_shorter ? "a" : "b";
    length["shorter_ends_at_offset"] = a_shorter ? a.position() : b.position();
    length["is_prefix"] = prefix;
    if (prefix)
      message = fmt::format("log {} ends after {} records, at byte {}, and is a prefix of log {}", a_shorter ? "a" : "b",
                            shorter, a_shorter ? a.position() : b.position(), a_shorter ? "b" : "a");
  }
  if (divergence && message.empty()) message = describe(*divergence);

  const bool identical = !divergence;
  json::object data{{"file_path", a.path()},
                    {"against", b.path()},
                    {"identical", identical},
                    {"divergence_point", divergence ? divergence->at("index") : json::value(nullptr)},
                    {"state_divergence_point", state_divergence ? json::value(*state_divergence) : json::value(nullptr)},
                    {"error_message", message.empty() ? json::value(nullptr) : json::value(message)},
                    {"logs", json::array{log_json(a, states.a()), std::move(logs_b)}},
                    {"length", std::move(length)},
                    {"divergence", divergence ? json::value(std::move(*divergence)) : json::value(nullptr)}};
  sdk::Report report;
  report.data = std::move(data);
  report.presentation.title = "Replicas " + a.path() + " and " + b.path();
  // The whole records stay in json and yaml; people get the log-query commands that show them.
  report.presentation.hidden = {"/divergence/record_a", "/divergence/record_b"};
  // Labels in words for people; the JSON keys stay the contract (docs/json-keys.md).
  auto& fields = report.presentation.fields;
  fields = {{"/file_path", "log a"},
            {"/against", "log b"},
            {"/divergence_point", "logs differ at record"},
            {"/state_divergence_point", "states differ after record"},
            {"/error_message", "difference"},
            {"/length/records_a", "records in a"},
            {"/length/records_b", "records in b"},
            {"/length/shorter_ends_at_offset", "shorter log ends at byte"},
            {"/length/is_prefix", "shorter is a prefix"},
            {"/divergence/index", "record"},
            {"/divergence/offset_a", "byte in a"},
            {"/divergence/offset_b", "byte in b"},
            {"/divergence/module_id", "module"},
            {"/divergence/table_name", "table"},
            {"/divergence/column_index", "column"},
            {"/divergence/column_name", "column name"},
            {"/divergence/log_query_a", "show in a"},
            {"/divergence/log_query_b", "show in b"},
            {"/divergence/primary_key", "primary key"},
            {"/divergence/value_a", "value in a"},
            {"/divergence/value_b", "value in b"},
            {"/divergence/preceding", "records before"}};
  for (const char* log : {"/logs/0", "/logs/1"})
    for (auto [key, label] : {std::pair{"/end_offset", "ends at byte"}, std::pair{"/final_state_hash", "final state hash"},
                              std::pair{"/live_rows_total", "live rows"}})
      fields.push_back({std::string(log) + key, label});
  report.presentation.tables.push_back({"/divergence/preceding",
                                        {{"RECORD", "/index"}, {"BYTE IN A", "/offset_a"}, {"BYTE IN B", "/offset_b"},
                                         {"OPERATION", "/operation"}, {"MODULE", "/module_id"}, {"TABLE", "/table_name"}}});
  report.presentation.summary =
      identical ? fmt::format("identical: {} records, state hash {}", records_a, sdk::hash_hex(states.a().state_hash()))
                : "differ: " + message;
  report.outcome = identical ? sdk::Outcome::ok : sdk::Outcome::problems_found;
  return report;
}

}  // namespace interstice::determinism
