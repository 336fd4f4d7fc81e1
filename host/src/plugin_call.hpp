// Calling into plugin code: an sdk::Error passes through as it is; running out of memory becomes
// an input error (the input is too large for this machine, not a bug); any other exception
// becomes one internal error line naming what failed, while the plugin is still loaded.
#pragma once

#include "interstice/sdk/error.hpp"

#include <fmt/format.h>

#include <exception>
#include <new>
#include <string>

namespace interstice::host {

/// Runs `work`; `what` names the plugin code in messages ("command 'schema'").
template <typename Work>
auto guard_plugin_call(const std::string& what, Work&& work) {
  try {
    return work();
  } catch (const sdk::Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw sdk::Error::input(fmt::format("{} ran out of memory (the input is too large for the memory available)", what));
  } catch (const std::exception& e) {
    throw sdk::Error::internal(fmt::format("{} failed: {}", what, e.what()));
  } catch (...) {
    throw sdk::Error::internal(fmt::format("{} failed with a non-standard exception", what));
  }
}

}  // namespace interstice::host
