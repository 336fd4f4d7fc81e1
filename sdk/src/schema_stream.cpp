// read_schema_file: the schema file parsed once with the splitting SAX handler (json_split_builder.hpp)
// streaming each module's list elements into the schema reader as they complete; the rest of the
// document stays a small DOM, read afterwards with the lists spliced in at their turn.
#include "interstice/sdk/util/schema_stream.hpp"

#include "json_file_text.hpp"
#include "json_split_builder.hpp"
#include "schema_reader.hpp"

#include "interstice/sdk/error.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <limits>
#include <new>

namespace json = boost::json;

namespace interstice::sdk {

namespace {

using detail::PrereadModule;
using detail::SchemaReader;

// The lists' patterns for the split handler: at the root, or in each element of a root array.
std::vector<std::vector<std::string>> list_patterns(bool root_array) {
  std::vector<std::vector<std::string>> patterns;
  for (const char* list : {"reducers", "tables", "subscriptions"})
    patterns.push_back(root_array ? std::vector<std::string>{"*", list} : std::vector<std::string>{list});
  return patterns;
}

bool starts_an_array(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '[';
}

// Reads each streamed element into its module's PrereadModule.
class ElementReader {
 public:
  ElementReader(const std::string& file, bool root_array, const SchemaFileOptions& options)
      : file_(file), root_array_(root_array), options_(options) {}

  void operator()(const std::string& pointer, json::value&& element) {
    const auto tokens = detail::pointer_tokens(pointer);  // [list, index] or [module, list, index]
    const std::size_t module = root_array_ ? std::stoull(tokens[0]) : 0;
    const std::string& list = tokens[root_array_ ? 1 : 0];
    const std::size_t index = std::stoull(tokens.back());
    const std::string_view relative = std::string_view(pointer).substr(root_array_ ? tokens[0].size() + 1 : 0);
    if (modules_.size() <= module) modules_.resize(module + 1);
    if (options_.on_element) options_.on_element(SchemaListElement{module, list, index, relative, element});
    PrereadModule& into = modules_[module];
    const std::string at(relative);
    if (list == "reducers") read(into.reducers, element, at, &SchemaReader::reducer);
    else if (list == "tables") read(into.tables, element, at, &SchemaReader::table);
    else read(into.subscriptions, element, at, &SchemaReader::subscription);
  }

  std::vector<PrereadModule>& modules() { return modules_; }

 private:
  template <typename T, typename Read>
  void read(detail::PrereadList<T>& list, const json::value& element, const std::string& at, Read read_one) {
    SchemaReader::Sink sink = [&list](const SchemaProblem& problem) { list.problems.push_back(problem); };
    SchemaReader reader(file_, sink);
    reader.attempt([&] {
      T value = (reader.*read_one)(element, at);
      if (options_.keep_lists) list.elements.push_back(std::move(value));
    });
  }

  const std::string& file_;
  bool root_array_;
  const SchemaFileOptions& options_;
  std::vector<PrereadModule> modules_;
};

std::vector<StreamedModule> read_modules(const std::filesystem::path& path, const SchemaFileOptions& options) {
  const std::string file = path.string();
  std::string text = detail::read_bounded(path);
  const bool root_array = starts_an_array(text);
  ElementReader elements(file, root_array, options);
  // No limits of its own: Boost.JSON's depth limit and the file size bound it, as for read_json_file.
  JsonStreamLimits limits;
  limits.max_elements = limits.max_values = std::numeric_limits<std::uint64_t>::max();
  limits.max_string = std::numeric_limits<std::size_t>::max();
  limits.max_depth = std::numeric_limits<std::size_t>::max();
  detail::Builder builder(list_patterns(root_array), {}, limits, [&file](std::string pointer) {
    return Location::at_pointer(file, std::move(pointer));
  });
  const JsonElementFn on_element = [&elements](const std::string& pointer, json::value&& element) {
    elements(pointer, std::move(element));
  };
  builder.start(on_element);
  json::parse_options parse_options;
  parse_options.max_depth = 256;
  json::basic_parser<detail::Handler> parser(parse_options, builder);
  detail::parse_whole_text(text, path, [&](bool more, const char* data, std::size_t size, boost::system::error_code& error) {
    return parser.write_some(more, data, size, error);
  });
  std::string().swap(text);  // the text is no longer needed while the schemas are assembled
  json::value skeleton = builder.take();

  std::vector<StreamedModule> modules;
  auto& preread = elements.modules();
  auto read_one = [&](json::value&& json, std::string prefix, std::size_t index) {
    StreamedModule module;
    module.prefix = std::move(prefix);
    SchemaReader::Sink sink = [&module](const SchemaProblem& problem) { module.problems.push_back(problem); };
    if (preread.size() <= index) preread.resize(index + 1);
    module.schema = SchemaReader(file, sink).module(json, &preread[index]);
    preread[index] = {};
    module.skeleton = std::move(json);
    modules.push_back(std::move(module));
  };
  if (skeleton.is_array()) {
    auto& array = skeleton.get_array();
    for (std::size_t i = 0; i < array.size(); ++i) read_one(std::move(array[i]), json_pointer_append("", i), i);
  } else {
    read_one(std::move(skeleton), "", 0);
  }
  return modules;
}

}  // namespace

std::vector<StreamedModule> read_schema_file(const std::filesystem::path& path, const SchemaFileOptions& options) {
  try {
    return read_modules(path, options);
  } catch (const std::bad_alloc&) {
    throw Error::input("not enough memory to read this schema", Location::in_file(path.string()));
  }
}

}  // namespace interstice::sdk
