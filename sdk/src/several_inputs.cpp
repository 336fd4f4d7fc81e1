// Several inputs on one command line: glob expansion and the combined result.
#include "interstice/sdk/util/several_inputs.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/json_text.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <glob.h>

#include <filesystem>

namespace json = boost::json;

namespace interstice::sdk {

std::vector<std::string> expand_inputs(const std::vector<std::string>& given) {
  std::vector<std::string> inputs;
  bool stdin_named = false;
  for (const auto& name : given) {
    if (name == "-") {
      if (stdin_named) throw Error::usage("'-' (standard input) may be given only once");
      stdin_named = true;
      inputs.push_back(name);
      continue;
    }
    std::error_code error;
    const bool pattern = name.find_first_of("*?[") != std::string::npos;
    if (!pattern || std::filesystem::exists(name, error)) {
      inputs.push_back(name);
      continue;
    }
    glob_t matches{};
    const int result = ::glob(name.c_str(), 0, nullptr, &matches);
    if (result == 0)
      for (std::size_t i = 0; i < matches.gl_pathc; ++i) inputs.emplace_back(matches.gl_pathv[i]);
    ::globfree(&matches);
    if (result == GLOB_NOMATCH) throw Error::usage(fmt::format("'{}' matches no file", name));
    if (result != 0) throw Error::input(fmt::format("'{}' could not be expanded", name));
  }
  return inputs;
}

Report combine_reports(std::vector<Report> reports, const std::string& key, json::object totals,
                       const std::string& totals_summary) {
  Report combined;
  json::array elements;
  auto& hints = combined.presentation;
  std::string summary;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    auto& report = reports[i];
    const std::string base = json_pointer_append(json_pointer_append("", key), i);
    for (auto table : report.presentation.tables) {
      table.array = base + table.array;
      hints.tables.push_back(std::move(table));
    }
    for (auto line : report.presentation.lines) {
      line.array = base + line.array;
      hints.lines.push_back(std::move(line));
    }
    // A one-input report names its input in its title, which a combined document has no place
    // for; its top-level text members (the file's path) stay visible instead, so each element
    // says which input it is.
    for (const auto& pointer : report.presentation.hidden) {
      const json::value* member = pointer.find('/', 1) == std::string::npos && report.data.is_object()
                                      ? report.data.get_object().if_contains(std::string_view(pointer).substr(1))
                                      : nullptr;
      if (!(member && member->is_string())) hints.hidden.push_back(base + pointer);
    }
    for (const auto& pointer : report.presentation.compact) hints.compact.push_back(base + pointer);
    if (!report.presentation.summary.empty()) summary += report.presentation.summary + "\n";
    if (report.outcome == Outcome::problems_found) combined.outcome = Outcome::problems_found;
    elements.push_back(std::move(report.data));
  }
  json::object data;
  data[key] = std::move(elements);
  data[key + "_count"] = reports.size();
  for (auto& member : totals) data[member.key()] = std::move(member.value());
  combined.data = std::move(data);
  hints.summary = summary + totals_summary;
  return combined;
}

}  // namespace interstice::sdk
