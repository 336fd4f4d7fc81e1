// See util/log_cut.hpp.
#include "interstice/sdk/util/log_cut.hpp"

#include <fmt/format.h>

namespace interstice::sdk {

Error log_cut_error(LogInput& input, std::uint64_t at) {
  // Not `refresh`: a reader's pipeline worker may still be mapping the input (its size) when the
  // cursor meets the cut; the descriptor alone is safe to ask from any thread.
  std::uint64_t size = 0;
  try {
    size = input.size_now();
  } catch (const Error&) {  // the descriptor cannot say: the place of the cut is still the news
    size = at;
  }
  return Error::input(fmt::format("the file shrank to {} bytes while it was being read (truncated or rewritten by "
                                  "another process)",
                                  size),
                      Location::at_byte(input.display_name(), at));
}

void check_log_not_cut(LogInput& input, std::uint64_t read_to) {
  input.refresh();
  if (input.size() < read_to) throw log_cut_error(input, input.size());
}

}  // namespace interstice::sdk
