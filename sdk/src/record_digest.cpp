// Record digests (record_digest.hpp): tables interned once, rows hashed from the reader's
// canonical bytes when it has them, else encoded canonically from the decoded values.
#include "interstice/sdk/record_digest.hpp"

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/util/canonical_rows.hpp"
#include "interstice/sdk/util/canonical_value.hpp"
#include "interstice/sdk/util/record_seek.hpp"
#include "interstice/sdk/util/state_hash.hpp"

#include <boost/unordered/unordered_flat_map.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

namespace interstice::sdk {

namespace {

/// A table's names as a record shows them; looked up without building strings.
using Names = std::pair<std::string_view, std::string_view>;

struct NamesHash {
  using is_transparent = void;
  std::size_t operator()(const Names& names) const noexcept {
    const std::hash<std::string_view> hash;
    return hash(names.first) * 31 + hash(names.second);
  }
  std::size_t operator()(const std::pair<std::string, std::string>& names) const noexcept {
    return (*this)(Names(names.first, names.second));
  }
};

struct NamesEqual {
  using is_transparent = void;
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const noexcept {
    return std::string_view(a.first) == std::string_view(b.first) && std::string_view(a.second) == std::string_view(b.second);
  }
};

}  // namespace

struct RecordDigester::State {
  std::vector<std::unique_ptr<ReplayTable>> tables;
  boost::unordered_flat_map<std::pair<std::string, std::string>, std::uint32_t, NamesHash, NamesEqual> ids;
  std::string encoded;   ///< canonical bytes of decoded rows, reused
  /// Each reader met and its canonical rows (looked up once: a comparison of two logs alternates
  /// between two readers on every record).
  std::vector<std::pair<const LogReader*, const CanonicalRowSource*>> sources;
  RecordDigest digest;

  /// The tables met so far, by a hash of a few of their names' bytes, probed linearly: a record
  /// costs two short comparisons instead of hashing both names for the map (~4% of a replay).
  /// Not direct-mapped: 12 tables in 64 slots collide with odds of 2 in 3, and two busy tables
  /// sharing a slot sent every other record to the map (the benchmark log had three such pairs).
  static constexpr std::size_t kRecent = 64, kRecentMax = 48;  // at most 3/4 full
  std::array<const ReplayTable*, kRecent> recent{};
  std::size_t recent_count = 0;

  static std::size_t recent_slot(std::string_view module, std::string_view table) {
    std::size_t h = module.size() * 0x9e37u ^ table.size() * 0x85ebu;
    if (!module.empty()) h ^= static_cast<unsigned char>(module.back()) * 131u;
    if (!table.empty()) h ^= static_cast<unsigned char>(table.front()) * 17u ^ static_cast<unsigned char>(table.back()) * 7u;
    return (h ^ (h >> 6)) & (kRecent - 1);
  }

  /// The table, interned on first sight.
  const ReplayTable* intern(std::string_view module, std::string_view table) {
    std::size_t i = recent_slot(module, table);
    for (; recent[i]; i = (i + 1) & (kRecent - 1))
      if (recent[i]->table == table && recent[i]->module == module) [[likely]]
        return recent[i];
    const ReplayTable* found = find_or_add(module, table);
    if (recent_count < kRecentMax) {  // past that (a log of many tables), the map answers
      recent[i] = found;
      ++recent_count;
    }
    return found;
  }

  const ReplayTable* find_or_add(std::string_view module, std::string_view table) {
    if (auto found = ids.find(Names(module, table)); found != ids.end()) return tables[found->second].get();
    const auto id = static_cast<std::uint32_t>(tables.size());
    tables.push_back(std::make_unique<ReplayTable>(
        ReplayTable{id, std::string(module), std::string(table), table_seed(module, table)}));
    ids.emplace(std::pair(std::string(module), std::string(table)), id);
    return tables.back().get();
  }

  template <typename Record>
  void start(const Record& record) {
    digest.index = record.index;
    digest.offset = record.offset;
    digest.size = record.size;
    digest.timestamp = record.timestamp;
    digest.operation = record.operation;
    digest.table = intern(record.module, record.table);
    digest.old_key = {};
  }

  void hash_row(ByteSpan row, std::size_t key_size, bool key_only) {
    digest.key = key_fingerprint(row.first(key_size));
    digest.key_only = key_only;
    digest.row_hash = key_only ? 0 : row_hash(digest.table->seed, row);
  }

  static ByteSpan bytes(const std::string& text) {
    return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
  }

  const RecordDigest& from_values(const Transaction& record) {
    start(record);
    encoded.clear();
    const std::size_t key_size = append_canonical(encoded, record.row);
    hash_row(bytes(encoded), key_size, record.row.key_only);
    digest.has_old_row = record.old_row.has_value();
    if (record.old_row) {
      encoded.clear();
      append_canonical(encoded, record.old_row->primary_key);
      digest.old_key = key_fingerprint(bytes(encoded));
    }
    return digest;
  }
};

RecordDigester::RecordDigester() : state_(std::make_unique<State>()) {}
RecordDigester::~RecordDigester() = default;

const RecordDigest& RecordDigester::digest(const ScannedRecord& record) {
  State& s = *state_;
  const LogReader* reader = record.reader();
  auto known = std::find_if(s.sources.begin(), s.sources.end(), [&](const auto& entry) { return entry.first == reader; });
  if (known == s.sources.end())
    known = s.sources.emplace(s.sources.end(), reader, reader ? canonical_rows_of(*reader) : nullptr);
  const CanonicalRowSource* source = known->second;
  CanonicalRowBytes row;
  if (!source || !source->canonical_row(record.view(), RowPart::row, row)) return s.from_values(record.transaction());
  s.start(record.view());
  s.hash_row(row.row, row.key_size, row.key_only);
  CanonicalRowBytes old_row;
  s.digest.has_old_row = source->canonical_row(record.view(), RowPart::old_row, old_row);
  if (s.digest.has_old_row) s.digest.old_key = key_fingerprint(old_row.row.first(old_row.key_size));
  return s.digest;
}

const RecordDigest& RecordDigester::digest(const Transaction& record) { return state_->from_values(record); }

void RecordDigester::copy_tables_from(const RecordDigester& other) {
  State& s = *state_;
  if (!s.tables.empty()) throw std::logic_error("RecordDigester::copy_tables_from: this digester has tables already");
  for (const auto& table : other.state_->tables) {
    s.tables.push_back(std::make_unique<ReplayTable>(*table));
    s.ids.emplace(std::pair(table->module, table->table), table->id);
  }
}

std::uint32_t RecordDigester::table_count() const { return static_cast<std::uint32_t>(state_->tables.size()); }

const ReplayTable& RecordDigester::table(std::uint32_t id) const { return *state_->tables.at(id); }

}  // namespace interstice::sdk

namespace interstice::sdk {

// The lookups of the readers' optional capabilities that replay uses (util/canonical_rows.hpp,
// util/record_seek.hpp).
const CanonicalRowSource* canonical_rows_of(const LogReader& reader) {
  return dynamic_cast<const CanonicalRowSource*>(&reader);
}

RecordSeek* record_seek_of(LogReader& reader) { return dynamic_cast<RecordSeek*>(&reader); }

}  // namespace interstice::sdk
