// Where unit tests find fixtures and the plugins the build made; set by CMake.
#pragma once

#include <filesystem>

namespace interstice::test {

inline std::filesystem::path shared_fixtures() { return INTERSTICE_TEST_SHARED_FIXTURES; }
inline std::filesystem::path builtin_plugins() { return INTERSTICE_TEST_BUILTIN_PLUGINS; }
inline std::filesystem::path broken_plugins() { return INTERSTICE_TEST_BROKEN_PLUGINS; }
inline std::filesystem::path hanging_plugins() { return INTERSTICE_TEST_HANGING_PLUGINS; }
inline std::filesystem::path plugin_scanner() { return INTERSTICE_TEST_PLUGIN_SCANNER; }
inline std::filesystem::path repo_root() { return INTERSTICE_TEST_REPO_ROOT; }

}  // namespace interstice::test
