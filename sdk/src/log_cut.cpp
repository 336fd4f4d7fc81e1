// See util/log_cut.hpp.
#include "interstice/sdk/util/log_cut.hpp"

#include <fmt/format.h>

namespace interstice::sdk {

Error log_cut_error(LogInput& input, std::uint64_t at) {
  input.refresh();
  return Error::input(fmt::format("the file shrank to {} bytes while it was being read (truncated or rewritten by "
                                  "another process)",
                                  input.size()),
                      Location::at_byte(input.display_name(), at));
}

void check_log_not_cut(LogInput& input, std::uint64_t read_to) {
  input.refresh();
  if (input.size() < read_to) throw log_cut_error(input, input.size());
}

}  // namespace interstice::sdk
