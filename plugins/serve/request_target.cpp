// Request-target parsing (request_target.hpp).
#include "request_target.hpp"

#include <cctype>
#include <charconv>
#include <iterator>
#include <cstdint>

namespace interstice::serve {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      const int high = i + 2 < text.size() ? hex_digit(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
      if (high < 0 || low < 0) throw HttpError(400, "malformed percent escape in the request target");
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  if (out.find('\0') != std::string::npos) throw HttpError(400, "NUL byte in the request target");
  return out;
}

}  // namespace

std::string RequestTarget::one(const std::string& name) const {
  const auto [first, last] = query.equal_range(name);
  if (first == last) return "";
  if (std::next(first) != last) throw HttpError(400, "parameter '" + name + "' given more than once");
  return first->second;
}

RequestTarget parse_target(std::string_view target) {
  if (target.empty() || target.front() != '/') throw HttpError(400, "the request target must start with /");
  RequestTarget parsed;
  const auto question = target.find('?');
  const std::string_view raw_path = target.substr(0, question);
  // "/" has no segments; otherwise every '/' separates one, empty ones included ("/a/" is "a", "").
  if (raw_path.size() > 1) {
    std::size_t start = 1;
    for (;;) {
      const auto slash = raw_path.find('/', start);
      parsed.segments.push_back(decode(raw_path.substr(start, slash == std::string_view::npos ? slash : slash - start), false));
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
  }
  parsed.path = decode(raw_path, false);
  if (question != std::string_view::npos) {
    std::string_view rest = target.substr(question + 1);
    while (!rest.empty()) {
      const auto amp = rest.find('&');
      const std::string_view pair = rest.substr(0, amp);
      if (!pair.empty()) {
        const auto equals = pair.find('=');
        parsed.query.emplace(decode(pair.substr(0, equals), true),
                             equals == std::string_view::npos ? "" : decode(pair.substr(equals + 1), true));
      }
      if (amp == std::string_view::npos) break;
      rest.remove_prefix(amp + 1);
    }
  }
  return parsed;
}

std::uint64_t parse_index(const std::string& name, const std::string& text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size())
    throw HttpError(400, "parameter '" + name + "' must be a non-negative integer, got '" + text + "'");
  return value;
}

std::string encode_query(const std::multimap<std::string, std::string>& query) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  auto encode = [](const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
    return out;
  };
  std::string out;
  for (const auto& [name, value] : query) out += (out.empty() ? "?" : "&") + encode(name) + "=" + encode(value);
  return out;
}

}  // namespace interstice::serve
