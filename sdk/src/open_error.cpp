// The wording of a failed open, shared by every reader of a named file.
#include "interstice/sdk/util/open_error.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>

namespace interstice::sdk {

std::string cannot_open_message(int error) {
  switch (error) {
    case EACCES:
    case EPERM: return "cannot open file: permission denied";
    case ENOENT: return "cannot open file: no such file";
    case ENOTDIR: return "cannot open file: a part of the path is not a directory";
    case EISDIR: return "cannot open file: it is a directory";
    case 0: return "cannot open file";
    default: break;
  }
  std::string reason = std::strerror(error);
  if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  return "cannot open file: " + reason;
}

}  // namespace interstice::sdk
