// find_duplicate_key: a boost::json::basic_parser handler that keeps one set of keys per open
// object and stops at the first repeat.
#include "json_duplicate_keys.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <unordered_set>
#include <vector>

namespace interstice::sdk::detail {

namespace {

using boost::json::string_view;
using boost::system::error_code;

// The keys of one open object: a short list searched in place (most objects have a few keys), a
// hash set once it grows. Levels are reused, so a document of many small objects allocates little.
class KeySet {
 public:
  void clear() {
    few_.clear();
    many_.clear();
  }
  /// False when `key` was already there.
  bool insert(const std::string& key) {
    if (!many_.empty()) return many_.insert(key).second;
    for (const auto& seen : few_)
      if (seen == key) return false;
    few_.push_back(key);
    if (few_.size() > 16) {
      many_.insert(few_.begin(), few_.end());
      few_.clear();
    }
    return true;
  }

 private:
  std::vector<std::string> few_;
  std::unordered_set<std::string> many_;
};

struct KeyHandler {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  std::vector<KeySet> objects;  ///< objects[0, depth) are open
  std::size_t depth = 0;
  std::string key;
  std::optional<std::string> repeated;

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code&) { return true; }
  bool on_array_end(std::size_t, error_code&) { return true; }
  bool on_object_begin(error_code&) {
    if (depth == objects.size()) objects.emplace_back();
    objects[depth++].clear();
    return true;
  }
  bool on_object_end(std::size_t, error_code&) {
    --depth;
    return true;
  }
  bool on_string_part(string_view, std::size_t, error_code&) { return true; }
  bool on_string(string_view, std::size_t, error_code&) { return true; }
  bool on_key_part(string_view part, std::size_t, error_code&) {
    key.append(part.data(), part.size());
    return true;
  }
  bool on_key(string_view last, std::size_t, error_code& ec) {
    key.append(last.data(), last.size());
    if (!objects[depth - 1].insert(key)) {
      repeated = key;
      ec = boost::json::error::syntax;  // stops the parse here
      return false;
    }
    key.clear();
    return true;
  }
  bool on_number_part(string_view, error_code&) { return true; }
  bool on_int64(std::int64_t, string_view, error_code&) { return true; }
  bool on_uint64(std::uint64_t, string_view, error_code&) { return true; }
  bool on_double(double, string_view, error_code&) { return true; }
  bool on_bool(bool, error_code&) { return true; }
  bool on_null(error_code&) { return true; }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }
};

}  // namespace

std::optional<DuplicateKey> find_duplicate_key(std::string_view text) {
  boost::json::parse_options options;
  options.max_depth = 256;
  boost::json::basic_parser<KeyHandler> parser(options);
  error_code error;
  const std::size_t consumed = parser.write_some(false, text.data(), text.size(), error);
  if (!parser.handler().repeated) return std::nullopt;
  return DuplicateKey{*parser.handler().repeated, consumed};
}

}  // namespace interstice::sdk::detail
