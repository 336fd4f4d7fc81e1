// Putting a record's place on an error from code that only sees its bytes.
//
// A codec's decode and JSON paths parse a row's bytes and throw what is wrong with them, but do
// not know where in the log those bytes sit; the reader does. Both built-in codecs wrap each such
// path in this instead of repeating the same try/catch.
//
// Helper layer (interstice/sdk/util/): outside the ABI promise.
#pragma once

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_input.hpp"
#include "interstice/sdk/record_view.hpp"

#include <utility>

namespace interstice::sdk {

/// Runs `work` and returns what it returns; an `Error` it throws is thrown again as an input
/// error at `record` of `input`'s file.
template <typename Work>
decltype(auto) at_record(const LogInput& input, const TransactionView& record, Work&& work) {
  try {
    return std::forward<Work>(work)();
  } catch (const Error& error) {
    throw Error::input(error.message(), Location::at_record(input.display_name(), record.index, record.offset));
  }
}

}  // namespace interstice::sdk
