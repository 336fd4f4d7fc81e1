// The definitions of CommandContext's option accessors (command_context.hpp declares them).
#pragma once

#include "interstice/sdk/command_context.hpp"
#include "interstice/sdk/error.hpp"

namespace interstice::sdk {

template <typename T>
std::optional<T> CommandContext::get(const std::string& name) const {
  auto it = options().find(name);
  if (it == options().end() || it->second.empty()) return std::nullopt;
  return it->second.template as<T>();
}

template <typename T>
T CommandContext::require(const std::string& name) const {
  if (auto value = get<T>(name)) return *value;
  throw Error::usage("missing required argument '" + name + "'");
}

}  // namespace interstice::sdk
