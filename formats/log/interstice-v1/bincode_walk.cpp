// The allocation-free bincode validator (see bincode_walk.hpp). Its checks and their order are
// the ones `bincode::deserialize` makes, so a damaged row fails here for the same reason it
// fails in the reference reader.
#include "bincode_walk.hpp"

#include "utf8_fast.hpp"

#include <fmt/format.h>

#include <utility>

namespace interstice::v1_codec {

namespace {

/// Strings met during a walk whose UTF-8 is still to be checked. Checking them in batches
/// costs less than one call per string; the walk stays exact because a batch is always checked
/// before any later failure is reported, so the first error in walk order wins, as in bincode.
class PendingStrings {
 public:
  /// False when this string completes a batch that holds an invalid one.
  bool add(const unsigned char* data, std::size_t size, BincodeProblem& problem) {
    spans_[count_++] = TextSpan{data, size};
    return count_ < kCapacity || check(problem);
  }

  /// False when a pending string is invalid; `problem` then describes the first one.
  bool check(BincodeProblem& problem) {
    const std::size_t count = std::exchange(count_, 0);
    if (utf8_all_valid(spans_, count)) [[likely]] return true;
    for (std::size_t i = 0; i < count; ++i) {
      if (auto error = sdk::find_utf8_error(spans_[i].data, spans_[i].size)) {
        problem.failure = BincodeFailure::bad_utf8;
        problem.utf8 = *error;
        return false;
      }
    }
    return true;  // unreachable: the validators agree
  }

 private:
  static constexpr std::size_t kCapacity = 32;
  TextSpan spans_[kCapacity];
  std::size_t count_ = 0;
};

// The walk is a loop with an explicit stack instead of recursion, so a corrupt row cannot run
// the stack out and nesting costs a push instead of a call. It reads the bytes in exactly the
// order bincode does, so the first failure is the same one.
class Walk {
 public:
  /// `check_utf8` false: for bytes a walk already accepted, when only where things end matters.
  Walk(const unsigned char* end, BincodeProblem& problem, bool check_utf8 = true)
      : end_(end), problem_(problem), check_utf8_(check_utf8) {}

  /// A `Row` starting at `at`; the end of it, or nullptr on failure.
  const unsigned char* row(const unsigned char* at) { return finish(run(at, Level{1, true})); }
  /// After `row` succeeded: where the top-level Row's primary key ended.
  const unsigned char* key_end() const { return key_end_; }
  /// One value starting at `at`; the end of it, or nullptr on failure.
  const unsigned char* single(const unsigned char* at) { return finish(run(at, Level{1, false})); }

  const unsigned char* fail(BincodeFailure failure, std::uint64_t detail = 0) {
    if (!strings_.check(problem_)) return nullptr;  // an earlier string was bad: that is the error
    problem_.failure = failure;
    problem_.detail = detail;
    return nullptr;
  }

 private:
  /// A container being walked: values still to come, and whether they are a Row's primary key
  /// (the Row's entry count follows the key).
  struct Level {
    std::uint64_t remaining;
    bool row_key;
  };

  std::size_t left(const unsigned char* at) const { return static_cast<std::size_t>(end_ - at); }

  const unsigned char* finish(const unsigned char* at) {
    return at && (!check_utf8_ || strings_.check(problem_)) ? at : nullptr;  // the strings not yet checked too
  }

  /// From `start`: the top-level Row's key ({1, true}) or a single value ({1, false}).
  const unsigned char* run(const unsigned char* at, Level current) {
    unsigned depth = 0;  // containers open around `current`
    while (at) {
      if (current.remaining != 0) {
        // No check of a count against the bytes: every value takes at least its 4-byte tag,
        // so a count too large runs out of input (and fails) after at most size / 4 values,
        // with the error bincode would report for the first bad element.
        --current.remaining;
        at = value(at, current, depth);
      } else if (current.row_key) {  // the key is done: the entries follow, at the same level
        if (depth == 0) key_end_ = at;
        if (left(at) < 8) return fail(BincodeFailure::end_of_input);
        current = Level{load_u64(at), false};
        at += 8;
      } else if (depth != 0) {
        current = stack_[--depth];
      } else {
        return at;
      }
    }
    return nullptr;
  }

  /// One value. A container's contents are not walked here: Option(Some), a non-empty Vec and
  /// a Row open a level that the loop in `run` then works through.
  [[gnu::always_inline]] const unsigned char* value(const unsigned char* at, Level& current, unsigned& depth) {
    if (left(at) < 4) [[unlikely]] return fail(BincodeFailure::end_of_input);
    const std::uint32_t tag = load_u32(at);
    at += 4;
    if (tag <= kLastFixedTag) {  // nearly every value: Void, U32, U64, I32, I64, F32, F64
      const std::size_t payload = tag == 0 ? 0 : (tag & 1) ? 4 : 8;
      if (left(at) < payload) [[unlikely]] return fail(BincodeFailure::end_of_input);
      return at + payload;
    }
    switch (static_cast<Tag>(tag)) {
      case Tag::boolean:
        if (left(at) < 1) return fail(BincodeFailure::end_of_input);
        if (*at > 1) return fail(BincodeFailure::bad_bool, *at);
        return at + 1;
      case Tag::string: {
        if (left(at) < 8) return fail(BincodeFailure::end_of_input);
        const std::uint64_t length = load_u64(at);
        at += 8;
        if (length > left(at)) return fail(BincodeFailure::string_past_end, length);
        if (check_utf8_ && !strings_.add(at, static_cast<std::size_t>(length), problem_)) return nullptr;
        return at + length;
      }
      case Tag::row: return open(current, depth, Level{1, true}) ? at : nullptr;
      case Tag::vec: {
        if (left(at) < 8) return fail(BincodeFailure::end_of_input);
        const std::uint64_t count = load_u64(at);
        if (count != 0 && !open(current, depth, Level{count, false})) return nullptr;
        return at + 8;
      }
      case Tag::option:
        if (left(at) < 1) return fail(BincodeFailure::end_of_input);
        if (*at > 1) return fail(BincodeFailure::bad_option_tag, *at);
        if (*at == 1 && !open(current, depth, Level{1, false})) return nullptr;
        return at + 1;
      default: return fail(BincodeFailure::bad_variant, tag);
    }
  }

  /// Enters a container; false (too_deep) past kMaxNesting levels.
  bool open(Level& current, unsigned& depth, Level inner) {
    if (depth >= kMaxNesting) return fail(BincodeFailure::too_deep) != nullptr;
    stack_[depth++] = current;
    current = inner;
    return true;
  }

  const unsigned char* end_;
  const unsigned char* key_end_ = nullptr;
  BincodeProblem& problem_;
  bool check_utf8_;
  PendingStrings strings_;
  Level stack_[kMaxNesting];  // left uninitialised: only entries below `depth` are read
};

}  // namespace

bool walk_row(const unsigned char* data, std::size_t size, BincodeProblem& problem, std::size_t* used,
              std::size_t* key_used) {
  Walk walk(data + size, problem);
  const unsigned char* end = walk.row(data);
  if (end && used) *used = static_cast<std::size_t>(end - data);
  if (end && key_used) *key_used = static_cast<std::size_t>(walk.key_end() - data);
  return end != nullptr;
}

bool walk_option_row(const unsigned char* data, std::size_t size, bool& has_row, BincodeProblem& problem,
                     std::size_t* used, std::size_t* key_used) {
  Walk walk(data + size, problem);
  if (size < 1) return walk.fail(BincodeFailure::end_of_input) != nullptr;
  if (data[0] > 1) return walk.fail(BincodeFailure::bad_option_tag, data[0]) != nullptr;
  has_row = data[0] == 1;
  if (!has_row) return true;
  const unsigned char* end = walk.row(data + 1);
  if (end && used) *used = static_cast<std::size_t>(end - (data + 1));
  if (end && key_used) *key_used = static_cast<std::size_t>(walk.key_end() - (data + 1));
  return end != nullptr;
}

std::optional<RowExtent> row_extent(const unsigned char* data, std::size_t size, std::optional<std::size_t> row_size) {
  BincodeProblem problem;
  const unsigned char* key_end = Walk(data + size, problem, false).single(data);
  const unsigned char* end = row_size ? data + *row_size : Walk(data + size, problem, false).row(data);
  if (!key_end || !end) return std::nullopt;
  return RowExtent{static_cast<std::size_t>(key_end - data), static_cast<std::size_t>(end - data)};
}

std::string describe(const BincodeProblem& problem) {
  switch (problem.failure) {
    case BincodeFailure::none: return "no error";
    // bincode wraps std::io errors; its slice reader gives a fixed-size read that runs out
    // "unexpected end of file" and a string that runs out an empty message.
    case BincodeFailure::end_of_input: return "io error: unexpected end of file";
    case BincodeFailure::string_past_end: return "io error: ";
    case BincodeFailure::bad_variant:
      return fmt::format("invalid value: integer `{}`, expected variant index 0 <= i < {}", problem.detail,
                         kTagCount);
    case BincodeFailure::bad_bool:
      return fmt::format("invalid u8 while decoding bool, expected 0 or 1, found {}", problem.detail);
    case BincodeFailure::bad_option_tag: return fmt::format("tag for enum is not valid, found {}", problem.detail);
    case BincodeFailure::bad_utf8:
      if (problem.utf8.error_len == 0)
        return fmt::format("string is not valid utf8: incomplete utf-8 byte sequence from index {}",
                           problem.utf8.valid_up_to);
      return fmt::format("string is not valid utf8: invalid utf-8 sequence of {} bytes from index {}",
                         problem.utf8.error_len, problem.utf8.valid_up_to);
    case BincodeFailure::too_deep: return fmt::format("values nested deeper than {} levels", kMaxNesting);
  }
  return "unknown bincode error";
}

}  // namespace interstice::v1_codec
