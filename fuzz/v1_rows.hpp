// The interstice-v1 codec's three readers of a bincode Row, each reduced to "the answer, or why
// not", so the row harnesses (walk, decode, transcode, agreement) compare them in one vocabulary.
// They call the codec's own functions, compiled into the harness from the plugin's sources.
#pragma once

#include "harness.hpp"

#include "bincode_decode.hpp"
#include "bincode_json.hpp"
#include "bincode_walk.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/util/json_chars.hpp"

#include <optional>
#include <string>

namespace interstice::fuzz::v1 {

/// A result or the one-line reason the bytes are not a Row.
template <typename T>
struct Outcome {
  std::optional<T> value;
  std::string error;  ///< the message, when `value` is empty
  bool ok() const { return value.has_value(); }
};

/// The message the decoder and the transcoder give for a walk failure on a "row" field.
inline std::string row_message(const v1_codec::BincodeProblem& problem) {
  return "row bincode decode failed: " + v1_codec::describe(problem);
}

/// The walk's verdict; `failure` says which problem it found first.
struct Walked : Outcome<bool> {
  v1_codec::BincodeFailure failure = v1_codec::BincodeFailure::none;
};

inline Walked walk(Input bytes) {
  v1_codec::BincodeProblem problem;
  if (v1_codec::walk_row(bytes.data(), bytes.size(), problem)) return {{true, {}}};
  FUZZ_CHECK(problem.failure != v1_codec::BincodeFailure::none, "walk_row failed without saying why");
  return {{std::nullopt, row_message(problem)}, problem.failure};
}

/// Runs `read`; an input sdk::Error becomes the outcome's error, anything else escapes.
template <typename T, typename Read>
Outcome<T> attempt(Read&& read) {
  try {
    return {read(), {}};
  } catch (const sdk::Error& error) {
    FUZZ_CHECK(error.kind() == sdk::ErrorKind::input, std::string("not an input error: ") + error.what());
    return {std::nullopt, error.message()};
  }
}

inline Outcome<sdk::Row> decode(Input bytes) {
  return attempt<sdk::Row>([&] { return v1_codec::decode_row(bytes, "row"); });
}

inline Outcome<std::string> transcode(Input bytes, bool key_only, sdk::JsonQuoting quoting = sdk::JsonQuoting::plain) {
  return attempt<std::string>([&] {
    std::string out;
    v1_codec::append_row_json(bytes, key_only, "row", out, quoting);
    // bincode_json.cpp sizes its buffer as 7 bytes per input byte + 64, of which the string
    // writer may use 16 past the end of the text: the text must leave that room.
    FUZZ_CHECK(out.size() + 16 <= 7 * bytes.size() + 64,
               "transcoded " + std::to_string(bytes.size()) + " bytes into " + std::to_string(out.size()) +
                   " characters, past the buffer bincode_json.cpp sizes");
    return out;
  });
}

}  // namespace interstice::fuzz::v1
