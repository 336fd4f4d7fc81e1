// Module schema JSON -> ModuleSchema, strictly: every wrong type, missing member and unknown name
// is an input error carrying the JSON pointer of the node at fault.
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/util/schema_stream.hpp"

#include "json_file_text.hpp"
#include "schema_reader.hpp"

#include <boost/json/parse_options.hpp>
#include <boost/json/stream_parser.hpp>
#include <fmt/format.h>

#include <new>

namespace json = boost::json;

namespace interstice::sdk {

namespace {

using detail::SchemaReader;

// The strict mode: the first fatal problem becomes an input error.
void throw_fatal(const std::string& file, const SchemaProblem& problem) {
  if (problem.fatal) throw Error::input(problem.message, Location::at_pointer(file, problem.pointer));
}

}  // namespace

json::value read_json_file(const std::filesystem::path& path) {
  try {
    const std::string text = detail::read_bounded(path);
    json::parse_options options;
    options.max_depth = 256;
    json::stream_parser parser({}, options);
    detail::parse_whole_text(text, path, [&](bool more, const char* data, std::size_t size, boost::system::error_code& error) {
      if (more) return parser.write_some(data, size, error);
      parser.finish(error);
      return std::size_t{0};
    });
    return parser.release();
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

// Streamed (util/schema_stream.hpp), so a large schema never exists as a whole DOM; the first
// fatal problem, in reading order, is the error, pointing into the right array element.
std::vector<ModuleSchema> load_module_schemas(const std::vector<std::string>& paths) {
  std::vector<ModuleSchema> schemas;
  for (const auto& path : paths) {
    for (auto& module : read_schema_file(path)) {
      for (const auto& problem : module.problems)
        if (problem.fatal) throw Error::input(problem.message, Location::at_pointer(path, module.prefix + problem.pointer));
      schemas.push_back(std::move(module.schema));
    }
  }
  return schemas;
}

json::value value_type_to_json(const ValueType& type) {
  switch (type.kind()) {
    case ValueType::Kind::Vec:
    case ValueType::Kind::Option: return json::object{{kind_name(type.kind()), value_type_to_json(type.element())}};
    case ValueType::Kind::Tuple: {
      json::array elements;
      for (const auto& element : type.elements()) elements.push_back(value_type_to_json(element));
      return json::object{{"Tuple", std::move(elements)}};
    }
    case ValueType::Kind::Named: return json::object{{"Named", type.type_name()}};
    default: return json::string(kind_name(type.kind()));
  }
}

}  // namespace interstice::sdk
