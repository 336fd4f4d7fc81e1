// See repeated_names.hpp. One hash set per list: a schema of n tables is checked in O(n), which
// keeps schema-diff linear (the 200,000-table e2e suite schema_diff_linear).
#include "repeated_names.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/json_text.hpp"

#include <fmt/format.h>

#include <string_view>
#include <unordered_map>
#include <vector>

namespace interstice::schema_diff {

namespace {

// The index of an earlier element named like items[i], or items.size() when none is. Short
// lists (most tables' columns) are searched in place, which is cheaper than a hash set.
template <typename T>
std::vector<std::size_t> first_uses(const std::vector<T>& items) {
  std::vector<std::size_t> first(items.size(), items.size());
  if (items.size() <= 16) {
    for (std::size_t i = 1; i < items.size(); ++i)
      for (std::size_t j = 0; j < i && first[i] == items.size(); ++j)
        if (items[j].name == items[i].name) first[i] = j;
    return first;
  }
  std::unordered_map<std::string_view, std::size_t> seen;
  seen.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto [it, inserted] = seen.emplace(items[i].name, i);
    if (!inserted) first[i] = it->second;
  }
  return first;
}

// `what` "table", `list` "/tables": refuses the first element whose name an earlier one has.
template <typename T>
void check_list(const std::vector<T>& items, const std::string& list, const char* what, const std::string& file) {
  const auto first = first_uses(items);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (first[i] == items.size()) continue;
    const auto at = [&](std::size_t index) { return sdk::json_pointer_append(sdk::json_pointer_append(list, index), "name"); };
    throw sdk::Error::input(fmt::format("{} \"{}\" is declared twice (first at {}); schema-diff matches {}s by name, so it "
                                        "cannot compare this schema (validate reports it)",
                                        what, items[i].name, at(first[i]), what),
                            sdk::Location::at_pointer(file, at(i)));
  }
}

}  // namespace

void refuse_repeated_names(const sdk::ModuleSchema& schema, const std::string& file) {
  check_list(schema.tables, "/tables", "table", file);
  for (std::size_t i = 0; i < schema.tables.size(); ++i)
    check_list(schema.tables[i].entries, sdk::json_pointer_append(sdk::json_pointer_append("/tables", i), "entries"), "column",
               file);
  check_list(schema.reducers, "/reducers", "reducer", file);
  for (std::size_t i = 0; i < schema.reducers.size(); ++i)
    check_list(schema.reducers[i].arguments,
               sdk::json_pointer_append(sdk::json_pointer_append("/reducers", i), "arguments"), "argument", file);
}

}  // namespace interstice::schema_diff
