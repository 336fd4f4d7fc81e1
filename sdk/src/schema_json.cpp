// Module schema JSON -> ModuleSchema, strictly: every wrong type, missing member and unknown name
// is an input error carrying the JSON pointer of the node at fault.
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/json_text.hpp"

#include <boost/json/parse_options.hpp>
#include <boost/json/stream_parser.hpp>
#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <limits>

namespace json = boost::json;

namespace interstice::sdk {

namespace {

std::string_view json_kind_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a boolean";
    case json::kind::int64:
    case json::kind::uint64: return "an integer";
    case json::kind::double_: return "a number";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    case json::kind::object: return "an object";
  }
  return "a value";
}

// Walks one document, remembering the file for every error it raises.
class SchemaReader {
 public:
  explicit SchemaReader(const std::string& file) : file_(file) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
    throw Error::input(message, Location::at_pointer(file_, pointer));
  }

  const json::object& object(const json::value& v, const std::string& pointer) const {
    if (!v.is_object()) fail(pointer, fmt::format("expected an object, found {}", json_kind_name(v)));
    return v.get_object();
  }

  const json::array& array(const json::value& v, const std::string& pointer) const {
    if (!v.is_array()) fail(pointer, fmt::format("expected an array, found {}", json_kind_name(v)));
    return v.get_array();
  }

  std::string string(const json::value& v, const std::string& pointer) const {
    if (!v.is_string()) fail(pointer, fmt::format("expected a string, found {}", json_kind_name(v)));
    return std::string(v.get_string());
  }

  std::uint32_t u32(const json::value& v, const std::string& pointer) const {
    if (v.is_uint64() && v.get_uint64() <= std::numeric_limits<std::uint32_t>::max())
      return static_cast<std::uint32_t>(v.get_uint64());
    if (v.is_int64() && v.get_int64() >= 0 && v.get_int64() <= std::numeric_limits<std::uint32_t>::max())
      return static_cast<std::uint32_t>(v.get_int64());
    if (v.is_int64() || v.is_uint64()) fail(pointer, "expected an integer from 0 to 4294967295");
    fail(pointer, fmt::format("expected an integer, found {}", json_kind_name(v)));
  }

  const json::value& member(const json::object& o, std::string_view name, const std::string& pointer) const {
    const json::value* v = o.if_contains(name);
    if (!v) fail(pointer, fmt::format("missing member \"{}\"", name));
    return *v;
  }

  Column column(const json::value& v, const std::string& pointer) const {
    const auto& o = object(v, pointer);
    Column c;
    c.name = string(member(o, "name", pointer), json_pointer_append(pointer, "name"));
    c.type = parse_value_type(member(o, "value_type", pointer), json_pointer_append(pointer, "value_type"), file_);
    return c;
  }

  std::vector<Column> columns(const json::value& v, const std::string& pointer) const {
    std::vector<Column> out;
    const auto& a = array(v, pointer);
    for (std::size_t i = 0; i < a.size(); ++i) out.push_back(column(a[i], json_pointer_append(pointer, i)));
    return out;
  }

  template <typename Enum, std::size_t N>
  Enum choice(const json::value& v, const std::string& pointer, const std::array<std::pair<std::string_view, Enum>, N>& names,
              std::string_view what) const {
    std::string text = string(v, pointer);
    for (const auto& [name, value] : names)
      if (name == text) return value;
    std::string allowed;
    for (const auto& [name, value] : names) allowed += (allowed.empty() ? "" : ", ") + std::string(name);
    fail(pointer, fmt::format("unknown {} \"{}\" (expected one of {})", what, text, allowed));
  }

  ModuleSchema module(const json::value& root) const {
    const auto& o = object(root, "");
    ModuleSchema m;
    m.abi_version = u32(member(o, "abi_version", ""), "/abi_version");
    m.name = string(member(o, "name", ""), "/name");
    const auto& version = object(member(o, "version", ""), "/version");
    m.version.major = u32(member(version, "major", "/version"), "/version/major");
    m.version.minor = u32(member(version, "minor", "/version"), "/version/minor");
    m.version.patch = u32(member(version, "patch", "/version"), "/version/patch");

    const auto& reducers = array(member(o, "reducers", ""), "/reducers");
    for (std::size_t i = 0; i < reducers.size(); ++i) {
      std::string at = json_pointer_append("/reducers", i);
      const auto& r = object(reducers[i], at);
      ReducerSchema reducer;
      reducer.name = string(member(r, "name", at), json_pointer_append(at, "name"));
      reducer.arguments = columns(member(r, "arguments", at), json_pointer_append(at, "arguments"));
      reducer.return_type = parse_value_type(member(r, "return_type", at), json_pointer_append(at, "return_type"), file_);
      m.reducers.push_back(std::move(reducer));
    }

    static constexpr std::array<std::pair<std::string_view, Visibility>, 2> kVisibility{
        {{"Public", Visibility::Public}, {"Private", Visibility::Private}}};
    const auto& tables = array(member(o, "tables", ""), "/tables");
    for (std::size_t i = 0; i < tables.size(); ++i) {
      std::string at = json_pointer_append("/tables", i);
      const auto& t = object(tables[i], at);
      TableSchema table;
      table.name = string(member(t, "name", at), json_pointer_append(at, "name"));
      table.visibility = choice(member(t, "visibility", at), json_pointer_append(at, "visibility"), kVisibility, "visibility");
      table.entries = columns(member(t, "entries", at), json_pointer_append(at, "entries"));
      table.primary_key = column(member(t, "primary_key", at), json_pointer_append(at, "primary_key"));
      m.tables.push_back(std::move(table));
    }

    static constexpr std::array<std::pair<std::string_view, SubscriptionEvent>, 3> kEvents{
        {{"Insert", SubscriptionEvent::Insert}, {"Update", SubscriptionEvent::Update}, {"Delete", SubscriptionEvent::Delete}}};
    const auto& subscriptions = array(member(o, "subscriptions", ""), "/subscriptions");
    for (std::size_t i = 0; i < subscriptions.size(); ++i) {
      std::string at = json_pointer_append("/subscriptions", i);
      const auto& s = object(subscriptions[i], at);
      Subscription sub;
      sub.module_name = string(member(s, "module_name", at), json_pointer_append(at, "module_name"));
      sub.table_name = string(member(s, "table_name", at), json_pointer_append(at, "table_name"));
      sub.reducer_name = string(member(s, "reducer_name", at), json_pointer_append(at, "reducer_name"));
      sub.event = choice(member(s, "event", at), json_pointer_append(at, "event"), kEvents, "event");
      m.subscriptions.push_back(std::move(sub));
    }
    return m;
  }

 private:
  const std::string& file_;
};

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

json::value read_json_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw Error::input("is a directory, not a JSON file", Location::in_file(path.string()));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::input("cannot open file (does it exist?)", Location::in_file(path.string()));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error::input("cannot read file", Location::in_file(path.string()));

  json::parse_options options;
  options.max_depth = 256;
  json::stream_parser parser({}, options);
  boost::system::error_code error;
  std::size_t consumed = parser.write_some(text.data(), text.size(), error);
  if (!error && consumed < text.size()) error = json::error::extra_data;
  if (!error) parser.finish(error);
  if (error) {
    auto [line, column] = line_and_column(text, consumed);
    throw Error::input("malformed JSON: " + error.message(), Location::at_line(path.string(), line, column));
  }
  return parser.release();
}

ValueType parse_value_type(const json::value& v, const std::string& pointer, const std::string& file) {
  SchemaReader reader(file);
  if (v.is_string()) {
    std::string_view name = v.get_string();
    if (auto kind = primitive_kind(name)) return ValueType::primitive(*kind);
    if (name == "Vec" || name == "Option") reader.fail(pointer, fmt::format("type \"{}\" needs an element type, as {{\"{}\": T}}", name, name));
    reader.fail(pointer, fmt::format("unknown type \"{}\"", name));
  }
  if (v.is_object() && v.get_object().size() == 1) {
    const auto& [key, element] = *v.get_object().begin();
    std::string inner = json_pointer_append(pointer, key);
    if (key == "Vec") return ValueType::vec(parse_value_type(element, inner, file));
    if (key == "Option") return ValueType::option(parse_value_type(element, inner, file));
    reader.fail(pointer, fmt::format("unknown type \"{}\" (only Vec and Option take an element type)", std::string_view(key)));
  }
  reader.fail(pointer, fmt::format("expected a type name or {{\"Vec\"|\"Option\": type}}, found {}", json_kind_name(v)));
}

ModuleSchema parse_module_schema(const json::value& v, const std::string& file) { return SchemaReader(file).module(v); }

ModuleSchema load_module_schema(const std::filesystem::path& path) {
  return parse_module_schema(read_json_file(path), path.string());
}

json::value value_type_to_json(const ValueType& type) {
  if (!type.is_container()) return json::string(kind_name(type.kind()));
  return json::object{{kind_name(type.kind()), value_type_to_json(type.element())}};
}

}  // namespace interstice::sdk
