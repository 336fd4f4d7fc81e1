// How tests load a plugin registry: the build's plugin scanner, and no registry cache unless the
// test brings its own (never the user's).
#pragma once

#include "test_paths.hpp"

#include "plugin_registry.hpp"

#include <optional>

namespace interstice::test {

inline host::RegistryOptions test_registry_options(std::optional<std::filesystem::path> cache = std::nullopt) {
  return {plugin_scanner(), std::move(cache)};
}

}  // namespace interstice::test
