// The wording of every payload decoding failure, in one place so reader damage and
// `decode` errors say the same thing.
#include "decode_error.hpp"

#include <fmt/format.h>

namespace interstice::framed {

std::string describe(const DecodeError& e) {
  const auto where = fmt::format("payload byte {}: ", e.at);
  switch (e.problem) {
    case Problem::ends_early:
      return where + fmt::format("payload ends inside {}: needs {}, has {}", e.what, e.value, e.limit);
    case Problem::string_too_long:
      return where + fmt::format("{} length {} exceeds the {} bytes left", e.what, e.value, e.limit);
    case Problem::varint_too_long:
      return where + fmt::format("{} varint longer than {} bytes", e.what, e.limit);
    case Problem::varint_overflow:
      return where + fmt::format("{} varint overflows: last byte 0x{:02x}", e.what, e.value);
    case Problem::bad_bool: return where + fmt::format("bad bool byte 0x{:02x}", e.value);
    case Problem::bad_option: return where + fmt::format("bad option byte 0x{:02x}", e.value);
    case Problem::bad_utf8: return where + fmt::format("invalid UTF-8 in {}", e.what);
    case Problem::count_too_large:
      return where + fmt::format("{} {} exceeds the {} bytes left", e.what, e.value, e.limit);
    case Problem::unknown_discriminant:
      return where + fmt::format("unknown discriminant {} for {} (0-{} allowed)", e.value, e.what,
                                 e.limit == 0 ? 0 : e.limit - 1);
    case Problem::too_deep: return where + fmt::format("values nested deeper than {}", e.limit);
    case Problem::unconsumed:
      return where + fmt::format("{} unconsumed payload byte{}", e.value, e.value == 1 ? "" : "s");
  }
  return where + "undecodable";
}

}  // namespace interstice::framed
