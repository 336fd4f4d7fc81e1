// The SDK's ABI version and the build-environment guarantees every plugin shares with the host.
//
// A plugin and the host must agree on the layout of every interface in this directory. The host
// reads `kAbiVersion` from a plugin's descriptor before it calls any of the plugin's code and
// rejects a mismatch, so an old plugin fails with a clear message instead of crashing.
#pragma once

#include <boost/config.hpp>
#include <boost/version.hpp>

#include <cstdint>

static_assert(BOOST_VERSION == 108100,
              "Interstice plugins must be built against Boost 1.81.0, the same Boost as the host");

namespace interstice::sdk {

/// Bump whenever a virtual function, a field of a type that crosses the plugin boundary, or the
/// descriptor changes: added, removed, reordered or retyped.
/// 1: commands and output formats. 2: log codecs and exporters; CommandContext::output_format and
/// color, Report::written. 3: LogReader::append_json takes a JsonQuoting; ExportRecord::data_hash()
/// is computed on demand; TextExporter::footer gets the record count, and TextExporter has
/// formats_records_independently and record_separator.
inline constexpr std::uint32_t kAbiVersion = 3;

/// The SDK release this header belongs to.
inline constexpr const char* kSdkVersion = "0.1.0";

}  // namespace interstice::sdk

/// Marks a function or class defined in the SDK library as part of its public, exported surface.
#define INTERSTICE_SDK_API BOOST_SYMBOL_VISIBLE
