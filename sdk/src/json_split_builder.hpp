// The SAX handler behind JsonStream, private to the SDK: Boost.JSON's basic_parser events build
// the elements of chosen arrays one at a time (a value_stack of their own, handed to a callback)
// and the rest of the document as a small DOM. Shared with the schema reader, which streams the
// elements of each module's lists so a large schema never exists as one DOM.
#pragma once

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/util/json_stream.hpp"

#include <boost/json/basic_parser.hpp>
#include <boost/json/value_stack.hpp>
#include <fmt/format.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk::detail {

namespace json = boost::json;

inline std::vector<std::string> pointer_tokens(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  std::size_t at = 1;
  while (true) {
    std::size_t end = pointer.find('/', at);
    std::string token;
    for (std::size_t i = at; i < (end == std::string_view::npos ? pointer.size() : end); ++i) {
      if (pointer[i] == '~' && i + 1 < pointer.size() && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
        token += pointer[++i] == '0' ? '~' : '/';
      } else {
        token += pointer[i];
      }
    }
    tokens.push_back(std::move(token));
    if (end == std::string_view::npos) return tokens;
    at = end + 1;
  }
}

struct Frame {
  bool array = false;
  bool streamed = false;    ///< an array whose elements go to the callback
  std::uint64_t count = 0;  ///< values begun in it so far
  std::string key;          ///< an object's current key
};

// The handler's state: where the parser is, the two value stacks, the counts the limits check.
class Builder {
 public:
  Builder(std::vector<std::vector<std::string>> streamed, std::vector<std::vector<std::string>> skipped,
          const JsonStreamLimits& limits, std::function<Location(std::string)> locate)
      : streamed_(std::move(streamed)), skipped_(std::move(skipped)), limits_(limits), locate_(std::move(locate)) {}

  void start(const JsonElementFn& on_element) {
    frames_.clear();
    skeleton_.reset();
    values_ = elements_ = 0;
    in_element_ = skipping_ = false;
    on_element_ = &on_element;
  }
  json::value take() { return skeleton_.release(); }

  std::string pointer() const {
    std::string text;
    for (const Frame& frame : frames_)
      text = frame.array ? json_pointer_append(text, static_cast<std::size_t>(frame.count ? frame.count - 1 : 0))
                         : json_pointer_append(text, frame.key);
    return text;
  }

  [[noreturn]] void fail(std::string message) const { throw Error::input(std::move(message), locate_(pointer())); }

  void begin_value() {
    if (!frames_.empty()) {
      Frame& parent = frames_.back();
      ++parent.count;
      if (skipping_) return;  // inside a skipped value nothing is counted or kept
      if (parent.array && parent.streamed && !in_element_) {
        if (++elements_ > limits_.max_elements)
          fail(fmt::format("more than {} {}: the limit for one document", limits_.max_elements, limits_.element_noun));
        in_element_ = true;
        element_base_ = frames_.size();
        element_values_ = 0;
        element_.reset();
        element_pointer_ = pointer();
      }
    }
    if (!in_element_ && matches(skipped_, frames_.size())) {
      skipping_ = true;
      skip_base_ = frames_.size();
      return;
    }
    std::uint64_t& values = in_element_ ? element_values_ : values_;
    if (++values > limits_.max_values)
      fail(fmt::format("more than {} JSON values {}", limits_.max_values,
                       in_element_ ? "in one of the " + limits_.element_noun : "outside the " + limits_.element_noun));
  }

  void end_value() {
    if (skipping_) {
      if (frames_.size() != skip_base_) return;
      skipping_ = false;
      target().push_null();  // a skipped member reads as null
    }
    if (in_element_ && frames_.size() == element_base_) {
      in_element_ = false;
      (*on_element_)(element_pointer_, element_.release());
    }
  }

  json::value_stack& target() { return in_element_ ? element_ : skeleton_; }

  void open(bool array) {
    begin_value();
    if (frames_.size() >= limits_.max_depth) fail(fmt::format("nested deeper than {} levels", limits_.max_depth));
    bool streamed = array && !in_element_ && !skipping_ && matches(streamed_, frames_.size());
    frames_.push_back(Frame{array, streamed, 0, {}});
  }

  void close(std::size_t n) {
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    if (skipping_) {
    } else if (frame.streamed) {
      skeleton_.push_array(0);
    } else if (frame.array) {
      target().push_array(n);
    } else {
      target().push_object(n);
    }
    end_value();
  }

  void check_size(std::size_t n, const char* what) const {
    if (n > limits_.max_string) fail(fmt::format("a {} longer than {} bytes", what, limits_.max_string));
  }

  void key_part(std::string_view part, std::size_t n) {
    if (skipping_) return;
    check_size(n, "key");
    key_.append(part);
    target().push_chars(part);
  }
  void key(std::string_view last, std::size_t n) {
    if (skipping_) return;
    check_size(n, "key");
    key_.append(last);
    frames_.back().key = std::move(key_);
    key_.clear();
    target().push_key(last);
  }
  void string_part(std::string_view part, std::size_t n) {
    if (!in_string_) begin_value();
    in_string_ = true;
    if (skipping_) return;
    check_size(n, "string");
    target().push_chars(part);
  }
  void string(std::string_view last, std::size_t n) {
    if (!in_string_) begin_value();
    in_string_ = false;
    if (!skipping_) {
      check_size(n, "string");
      target().push_string(last);
    }
    end_value();
  }
  template <typename Push>
  void scalar(Push&& push) {
    begin_value();
    if (!skipping_) push(target());
    end_value();
  }

 private:
  // Whether the value begun at `depth` (the pointer the frames spell) is at one of `patterns`.
  bool matches(const std::vector<std::vector<std::string>>& patterns, std::size_t depth) const {
    for (const auto& pattern : patterns) {
      if (pattern.size() != depth) continue;
      bool match = true;
      for (std::size_t i = 0; i < pattern.size() && match; ++i) {
        const Frame& frame = frames_[i];
        if (pattern[i] == "*") continue;
        match = frame.array ? pattern[i] == std::to_string(frame.count - 1) : pattern[i] == frame.key;
      }
      if (match) return true;
    }
    return false;
  }

  std::vector<std::vector<std::string>> streamed_, skipped_;
  const JsonStreamLimits& limits_;
  std::function<Location(std::string)> locate_;
  std::vector<Frame> frames_;
  json::value_stack skeleton_;
  json::value_stack element_;
  std::string key_;
  bool in_string_ = false;
  bool in_element_ = false;
  bool skipping_ = false;
  std::size_t element_base_ = 0, skip_base_ = 0;
  std::string element_pointer_;
  std::uint64_t values_ = 0, element_values_ = 0, elements_ = 0;
  const JsonElementFn* on_element_ = nullptr;
};

struct Handler {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  using ec = json::error_code;

  explicit Handler(Builder& builder) : b(builder) {}
  Builder& b;

  bool on_document_begin(ec&) { return true; }
  bool on_document_end(ec&) { return true; }
  bool on_object_begin(ec&) { return b.open(false), true; }
  bool on_object_end(std::size_t n, ec&) { return b.close(n), true; }
  bool on_array_begin(ec&) { return b.open(true), true; }
  bool on_array_end(std::size_t n, ec&) { return b.close(n), true; }
  bool on_key_part(json::string_view s, std::size_t n, ec&) { return b.key_part(s, n), true; }
  bool on_key(json::string_view s, std::size_t n, ec&) { return b.key(s, n), true; }
  bool on_string_part(json::string_view s, std::size_t n, ec&) { return b.string_part(s, n), true; }
  bool on_string(json::string_view s, std::size_t n, ec&) { return b.string(s, n), true; }
  bool on_number_part(json::string_view, ec&) { return true; }
  bool on_int64(std::int64_t v, json::string_view, ec&) { return b.scalar([v](auto& s) { s.push_int64(v); }), true; }
  bool on_uint64(std::uint64_t v, json::string_view, ec&) { return b.scalar([v](auto& s) { s.push_uint64(v); }), true; }
  bool on_double(double v, json::string_view, ec&) { return b.scalar([v](auto& s) { s.push_double(v); }), true; }
  bool on_bool(bool v, ec&) { return b.scalar([v](auto& s) { s.push_bool(v); }), true; }
  bool on_null(ec&) { return b.scalar([](auto& s) { s.push_null(); }), true; }
  bool on_comment_part(json::string_view, ec&) { return true; }
  bool on_comment(json::string_view, ec&) { return true; }
};

}  // namespace interstice::sdk::detail
