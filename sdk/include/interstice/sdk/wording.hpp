// Small helpers for the sentences commands put in summaries, so every plugin words counts alike.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace interstice::sdk {

/// "1 table", "3 tables", "0 warnings": regular English plurals only.
inline std::string plural(std::size_t count, std::string_view noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

}  // namespace interstice::sdk
