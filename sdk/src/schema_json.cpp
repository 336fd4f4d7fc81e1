// Module schema JSON -> ModuleSchema, strictly: every wrong type, missing member and unknown name
// is an input error carrying the JSON pointer of the node at fault.
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/util/open_error.hpp"
#include "interstice/sdk/util/utf8.hpp"

#include "json_duplicate_keys.hpp"
#include "interstice/sdk/util/json_fields.hpp"  // json_kind_name

#include <cerrno>
#include <boost/json/parse_options.hpp>
#include <boost/json/stream_parser.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <iostream>
#include <initializer_list>
#include <iterator>
#include <limits>

namespace json = boost::json;

namespace interstice::sdk {

namespace {

// Thrown past a node that could not be read; the nearest enclosing `attempt` resumes with the
// next sibling, so one bad node never hides problems elsewhere.
struct SkipNode {};

// Walks one document, reporting every problem to the sink.
class SchemaReader {
 public:
  using Sink = std::function<void(const SchemaProblem&)>;
  SchemaReader(const std::string& file, const Sink& sink) : file_(file), sink_(sink) {}

  [[noreturn]] void fail(const std::string& pointer, std::string rule, const std::string& message) const {
    sink_(SchemaProblem{std::move(rule), pointer, message, true});
    throw SkipNode{};
  }

  // Runs `read`; false when a node inside it had to be skipped.
  template <typename Read>
  bool attempt(Read&& read) const {
    try {
      read();
      return true;
    } catch (const SkipNode&) {
      return false;
    }
  }

  const json::object& object(const json::value& v, const std::string& pointer,
                             std::initializer_list<std::string_view> known) const {
    if (!v.is_object()) fail(pointer, "WRONG_JSON_TYPE", fmt::format("expected an object, found {}", json_kind_name(v)));
    for (const auto& m : v.get_object()) {
      if (std::find(known.begin(), known.end(), m.key()) == known.end())
        sink_(SchemaProblem{"UNKNOWN_MEMBER", json_pointer_append(pointer, m.key()),
                            fmt::format("unknown member \"{}\" is ignored", std::string_view(m.key())), false});
    }
    return v.get_object();
  }

  const json::array& array(const json::value& v, const std::string& pointer) const {
    if (!v.is_array()) fail(pointer, "WRONG_JSON_TYPE", fmt::format("expected an array, found {}", json_kind_name(v)));
    return v.get_array();
  }

  std::string string(const json::value& v, const std::string& pointer) const {
    if (!v.is_string()) fail(pointer, "WRONG_JSON_TYPE", fmt::format("expected a string, found {}", json_kind_name(v)));
    return std::string(v.get_string());
  }

  std::uint64_t unsigned_integer(const json::value& v, const std::string& pointer, std::uint64_t max, std::string_view what) const {
    if (v.is_uint64() && v.get_uint64() <= max) return v.get_uint64();
    if (v.is_int64() && v.get_int64() >= 0 && static_cast<std::uint64_t>(v.get_int64()) <= max)
      return static_cast<std::uint64_t>(v.get_int64());
    if (v.is_int64() || v.is_uint64())
      fail(pointer, "VALUE_OUT_OF_RANGE", fmt::format("{} must be an integer from 0 to {}", what, max));
    fail(pointer, "WRONG_JSON_TYPE", fmt::format("expected an integer, found {}", json_kind_name(v)));
  }

  const json::value& member(const json::object& o, std::string_view name, const std::string& pointer) const {
    const json::value* v = o.if_contains(name);
    if (!v) fail(pointer, "MISSING_MEMBER", fmt::format("missing member \"{}\"", name));
    return *v;
  }

  ValueType type(const json::value& v, const std::string& pointer) const {
    if (v.is_string()) {
      std::string_view name = v.get_string();
      if (auto kind = primitive_kind(name)) return ValueType::primitive(*kind);
      if (name == "Vec" || name == "Option")
        fail(pointer, "UNKNOWN_TYPE", fmt::format("type \"{}\" needs an element type, as {{\"{}\": T}}", name, name));
      fail(pointer, "UNKNOWN_TYPE", fmt::format("unknown type \"{}\"", name));
    }
    if (v.is_object() && v.get_object().size() == 1) {
      const auto& [key, element] = *v.get_object().begin();
      std::string inner = json_pointer_append(pointer, key);
      if (key == "Vec") return ValueType::vec(type(element, inner));
      if (key == "Option") return ValueType::option(type(element, inner));
      fail(pointer, "UNKNOWN_TYPE", fmt::format("unknown type \"{}\" (only Vec and Option take an element type)", std::string_view(key)));
    }
    fail(pointer, "WRONG_JSON_TYPE",
         fmt::format("expected a type name or {{\"Vec\"|\"Option\": type}}, found {}", json_kind_name(v)));
  }

  Column column(const json::value& v, const std::string& pointer) const {
    const auto& o = object(v, pointer, {"name", "value_type"});
    Column c;
    bool ok = attempt([&] { c.name = string(member(o, "name", pointer), json_pointer_append(pointer, "name")); });
    ok &= attempt([&] { c.type = type(member(o, "value_type", pointer), json_pointer_append(pointer, "value_type")); });
    if (!ok) throw SkipNode{};
    return c;
  }

  // Reads every element it can; false when any was skipped.
  template <typename T, typename ReadOne>
  bool list(const json::value& v, const std::string& pointer, std::vector<T>& out, ReadOne&& read_one) const {
    const auto& a = array(v, pointer);
    bool all = true;
    for (std::size_t i = 0; i < a.size(); ++i)
      all &= attempt([&] { out.push_back(read_one(a[i], json_pointer_append(pointer, i))); });
    return all;
  }

  std::vector<Column> columns(const json::value& v, const std::string& pointer) const {
    std::vector<Column> out;
    if (!list(v, pointer, out, [this](const json::value& e, const std::string& p) { return column(e, p); })) throw SkipNode{};
    return out;
  }

  template <typename Enum, std::size_t N>
  Enum choice(const json::value& v, const std::string& pointer, const std::array<std::pair<std::string_view, Enum>, N>& names,
              std::string_view what, const char* rule) const {
    std::string text = string(v, pointer);
    for (const auto& [name, value] : names)
      if (name == text) return value;
    std::string allowed;
    for (const auto& [name, value] : names) {
      if (!allowed.empty()) allowed += ", ";
      allowed += name;
    }
    fail(pointer, rule, fmt::format("unknown {} \"{}\" (expected one of {})", what, text, allowed));
  }

  ReducerSchema reducer(const json::value& v, const std::string& at) const {
    const auto& r = object(v, at, {"name", "arguments", "return_type"});
    ReducerSchema reducer;
    bool ok = attempt([&] { reducer.name = string(member(r, "name", at), json_pointer_append(at, "name")); });
    ok &= attempt([&] { reducer.arguments = columns(member(r, "arguments", at), json_pointer_append(at, "arguments")); });
    ok &= attempt([&] { reducer.return_type = type(member(r, "return_type", at), json_pointer_append(at, "return_type")); });
    if (!ok) throw SkipNode{};
    return reducer;
  }

  TableSchema table(const json::value& v, const std::string& at) const {
    static constexpr std::array<std::pair<std::string_view, Visibility>, 2> kVisibility{
        {{"Public", Visibility::Public}, {"Private", Visibility::Private}}};
    const auto& t = object(v, at, {"name", "visibility", "entries", "primary_key"});
    TableSchema table;
    bool ok = attempt([&] { table.name = string(member(t, "name", at), json_pointer_append(at, "name")); });
    ok &= attempt([&] {
      table.visibility = choice(member(t, "visibility", at), json_pointer_append(at, "visibility"), kVisibility,
                                "visibility", "UNKNOWN_VISIBILITY");
    });
    ok &= attempt([&] { table.entries = columns(member(t, "entries", at), json_pointer_append(at, "entries")); });
    ok &= attempt([&] { table.primary_key = column(member(t, "primary_key", at), json_pointer_append(at, "primary_key")); });
    if (!ok) throw SkipNode{};
    return table;
  }

  Subscription subscription(const json::value& v, const std::string& at) const {
    static constexpr std::array<std::pair<std::string_view, SubscriptionEvent>, 3> kEvents{
        {{"Insert", SubscriptionEvent::Insert}, {"Update", SubscriptionEvent::Update}, {"Delete", SubscriptionEvent::Delete}}};
    const auto& s = object(v, at, {"module_name", "table_name", "reducer_name", "event"});
    Subscription sub;
    bool ok = attempt([&] { sub.module_name = string(member(s, "module_name", at), json_pointer_append(at, "module_name")); });
    ok &= attempt([&] { sub.table_name = string(member(s, "table_name", at), json_pointer_append(at, "table_name")); });
    ok &= attempt([&] { sub.reducer_name = string(member(s, "reducer_name", at), json_pointer_append(at, "reducer_name")); });
    ok &= attempt([&] { sub.event = choice(member(s, "event", at), json_pointer_append(at, "event"), kEvents, "event", "UNKNOWN_EVENT"); });
    if (!ok) throw SkipNode{};
    return sub;
  }

  ModuleSchema module(const json::value& root) const {
    ModuleSchema m;
    attempt([&] {
      const auto& o = object(root, "", {"abi_version", "name", "version", "reducers", "tables", "subscriptions"});
      attempt([&] {
        m.abi_version = static_cast<std::uint32_t>(
            unsigned_integer(member(o, "abi_version", ""), "/abi_version", std::numeric_limits<std::uint32_t>::max(), "abi_version"));
      });
      attempt([&] { m.name = string(member(o, "name", ""), "/name"); });
      attempt([&] {
        const auto& version = object(member(o, "version", ""), "/version", {"major", "minor", "patch"});
        auto component = [&](const char* name, std::uint16_t& out) {
          attempt([&] {
            std::string at = json_pointer_append("/version", name);
            out = static_cast<std::uint16_t>(unsigned_integer(member(version, name, "/version"), at, 65535, at.substr(1)));
          });
        };
        component("major", m.version.major);
        component("minor", m.version.minor);
        component("patch", m.version.patch);
      });
      attempt([&] {
        list(member(o, "reducers", ""), "/reducers", m.reducers, [this](const json::value& v, const std::string& p) { return reducer(v, p); });
      });
      attempt([&] {
        list(member(o, "tables", ""), "/tables", m.tables, [this](const json::value& v, const std::string& p) { return table(v, p); });
      });
      attempt([&] {
        list(member(o, "subscriptions", ""), "/subscriptions", m.subscriptions,
             [this](const json::value& v, const std::string& p) { return subscription(v, p); });
      });
    });
    return m;
  }

 private:
  const std::string& file_;
  const Sink& sink_;
};

// The strict mode: the first fatal problem becomes an input error.
void throw_fatal(const std::string& file, const SchemaProblem& problem) {
  if (problem.fatal) throw Error::input(problem.message, Location::at_pointer(file, problem.pointer));
}

std::pair<std::uint64_t, std::uint64_t> line_and_column(std::string_view text, std::size_t offset) {
  std::uint64_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;  // count characters, not UTF-8 continuation bytes
    }
  }
  return {line, column};
}

}  // namespace

using detail::find_duplicate_key;

// Schemas are written by people and tools, not grown without end: a bound keeps `schema
// /dev/zero`-like mistakes from eating all memory.
constexpr std::uintmax_t kMaxJsonFileBytes = std::uintmax_t{256} << 20;

// The whole file, refusing what is not a regular file (a FIFO would block, /dev/zero never ends)
// and anything larger than kMaxJsonFileBytes, before reading a byte of it.
// `-`: standard input (a schema from a pipe), within the same bound.
std::string read_standard_input() {
  std::string text;
  char buffer[1 << 16];
  while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
    if (text.size() > kMaxJsonFileBytes)
      throw Error::input(fmt::format("is larger than {} MiB, the limit for a schema file", kMaxJsonFileBytes >> 20),
                         Location::in_file("-"));
  }
  if (std::cin.bad()) throw Error::input("cannot read standard input", Location::in_file("-"));
  return text;
}

std::string read_bounded(const std::filesystem::path& path) {
  if (path == "-") return read_standard_input();
  const Location where = Location::in_file(path.string());
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) throw Error::input("is a directory, not a JSON file", where);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    throw Error::input("is not a regular file (a device, FIFO or socket); a schema is read from a file", where);
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxJsonFileBytes)
    throw Error::input(fmt::format("is {} bytes; a schema file may have at most {} ({} MiB)", size, kMaxJsonFileBytes,
                                   kMaxJsonFileBytes >> 20),
                       where);
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::input(cannot_open_message(errno), where);
  std::string text;
  text.reserve(static_cast<std::size_t>(ec ? 0 : size) + 1);
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxJsonFileBytes)  // it grew since it was measured
      throw Error::input(fmt::format("is larger than {} MiB, the limit for a schema file", kMaxJsonFileBytes >> 20), where);
  }
  if (in.bad()) throw Error::input("cannot read file", where);
  return text;
}

json::value parse_json_text(std::string_view text, const std::filesystem::path& path) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte order mark, as some editors write
  json::parse_options options;
  options.max_depth = 256;
  json::stream_parser parser({}, options);
  boost::system::error_code error;
  std::size_t consumed = parser.write_some(text.data(), text.size(), error);
  if (!error && consumed < text.size()) error = json::error::extra_data;
  if (!error) parser.finish(error);
  if (error) {
    std::string message = "malformed JSON: " + error.message();
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    if (auto bad = find_utf8_error(bytes, text.size()); bad && bad->valid_up_to <= consumed) {
      consumed = bad->valid_up_to;
      message = fmt::format("invalid UTF-8 (byte 0x{:02X}); JSON text must be UTF-8", bytes[consumed]);
    }
    auto [line, column] = line_and_column(text, consumed);
    throw Error::input(message, Location::at_line(path.string(), line, column));
  }
  if (auto duplicate = find_duplicate_key(text)) {
    auto [line, column] = line_and_column(text, duplicate->offset);
    throw Error::input(fmt::format("malformed JSON: duplicate key \"{}\" in one object", duplicate->key),
                       Location::at_line(path.string(), line, column));
  }
  return parser.release();
}

json::value read_json_file(const std::filesystem::path& path) {
  try {
    return parse_json_text(read_bounded(path), path);
  } catch (const std::bad_alloc&) {
    throw Error::input("not enough memory to read this schema", Location::in_file(path.string()));
  }
}

ValueType parse_value_type(const json::value& v, const std::string& pointer, const std::string& file) {
  SchemaReader::Sink strict = [&file](const SchemaProblem& p) { throw_fatal(file, p); };
  return SchemaReader(file, strict).type(v, pointer);
}

ModuleSchema read_module_schema(const json::value& v, const std::string& file,
                                const std::function<void(const SchemaProblem&)>& report) {
  return SchemaReader(file, report).module(v);
}

ModuleSchema parse_module_schema(const json::value& v, const std::string& file) {
  SchemaReader::Sink strict = [&file](const SchemaProblem& p) { throw_fatal(file, p); };
  return SchemaReader(file, strict).module(v);
}

ModuleSchema load_module_schema(const std::filesystem::path& path) {
  return parse_module_schema(read_json_file(path), path.string());
}

std::vector<ModuleSchema> load_module_schemas(const std::vector<std::string>& paths) {
  std::vector<ModuleSchema> schemas;
  for (const auto& path : paths) {
    auto document = read_json_file(path);
    if (!document.is_array()) {
      schemas.push_back(parse_module_schema(document, path));
      continue;
    }
    const auto& array = document.get_array();
    for (std::size_t i = 0; i < array.size(); ++i) {
      try {
        schemas.push_back(parse_module_schema(array[i], path));
      } catch (const Error& e) {
        auto pointer = json_pointer_append("", i) + e.location().json_pointer.value_or("");
        throw Error::input(e.message(), Location::at_pointer(path, pointer));
      }
    }
  }
  return schemas;
}

json::value value_type_to_json(const ValueType& type) {
  if (!type.is_container()) return json::string(kind_name(type.kind()));
  return json::object{{kind_name(type.kind()), value_type_to_json(type.element())}};
}

}  // namespace interstice::sdk
