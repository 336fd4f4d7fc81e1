// The SDK's ABI version and the build-environment guarantees every plugin shares with the host.
//
// A plugin and the host must agree on the layout of every interface in this directory. The host
// reads `kAbiVersion` from a plugin's descriptor before it calls any of the plugin's code and
// rejects a mismatch, so an old plugin fails with a clear message instead of crashing.
#pragma once

#include <boost/config.hpp>
#include <boost/version.hpp>

#include <cstdint>
#include <version>  // the standard library's own version macros

static_assert(BOOST_VERSION == 108100,
              "Interstice plugins must be built against Boost 1.81.0, the same Boost as the host");

#define INTERSTICE_SDK_STR_(x) #x
#define INTERSTICE_SDK_STR(x) INTERSTICE_SDK_STR_(x)
#if defined(__clang__)
#define INTERSTICE_SDK_COMPILER \
  "clang " INTERSTICE_SDK_STR(__clang_major__) "." INTERSTICE_SDK_STR(__clang_minor__) "." INTERSTICE_SDK_STR(__clang_patchlevel__)
#elif defined(__GNUC__)
#define INTERSTICE_SDK_COMPILER \
  "gcc " INTERSTICE_SDK_STR(__GNUC__) "." INTERSTICE_SDK_STR(__GNUC_MINOR__) "." INTERSTICE_SDK_STR(__GNUC_PATCHLEVEL__)
#else
#define INTERSTICE_SDK_COMPILER "unknown compiler"
#endif
#if defined(_LIBCPP_VERSION)
#define INTERSTICE_SDK_STDLIB "libc++ " INTERSTICE_SDK_STR(_LIBCPP_VERSION)
#elif defined(__GLIBCXX__)
#define INTERSTICE_SDK_STDLIB "libstdc++ " INTERSTICE_SDK_STR(_GLIBCXX_RELEASE) " (" INTERSTICE_SDK_STR(__GLIBCXX__) ")"
#else
#define INTERSTICE_SDK_STDLIB "unknown standard library"
#endif
/// The compiler, standard library and Boost of this translation unit, as one string literal.
#define INTERSTICE_SDK_TOOLCHAIN INTERSTICE_SDK_COMPILER "; " INTERSTICE_SDK_STDLIB "; boost " INTERSTICE_SDK_STR(BOOST_VERSION)

namespace interstice::sdk {

/// Bump whenever a virtual function, a field of a type that crosses the plugin boundary, or the
/// descriptor changes: added, removed, reordered or retyped.
/// 1: commands and output formats. 2: log codecs and exporters; CommandContext::output_format and
/// color, Report::written. 3: LogReader::append_json takes a JsonQuoting; ExportRecord::data_hash()
/// is computed on demand; TextExporter::footer gets the record count, and TextExporter has
/// formats_records_independently and record_separator. 4: PluginDescriptor::toolchain (the
/// compiler, standard library and Boost a plugin was built with); the host refuses a mismatch.
/// 5: TextExporter declares TextExporterTraits once and keeps per-export state in an ExportState
/// (const hooks); ExportRecord in export_record.hpp; LogReader::append_json without JsonQuoting
/// and no transcodes_json (util/json_transcoder.hpp); ExportTarget::filtered; json_chars,
/// concurrency and utf8 moved to the helper layer (interstice/sdk/util/). 6: HostServices
/// (logger, progress, cancellation, catalog, tracer slot) for every plugin: the descriptor's
/// `create` takes it and `Plugin::host()` returns it; Logger::write carries typed LogFields;
/// ExportTarget::log is gone (exporters log through `host().log()`).
/// 7: RecordCursor (record_cursor.hpp), the shared record loop, with DamagePolicy, CursorOptions
/// and CursorSummary. 8: streaming output formats (OutputFormat::open, ResultWriter,
/// DocumentFormat); CommandContext::begin/item/item_json replace output_format(); Report::items
/// and flush_items replace written; Presentation::compact and listing; typed Finding and RecordRef.
/// 9: InterruptScope keeps no signal state in its layout (and catches SIGTERM and SIGHUP too).
/// 11: LogReplay behind a pointer (Rows::hash_only, the canonical state hash, TableState);
/// RecordDigest and RecordDigester (record_digest.hpp); Anomaly, AnomalySet and ReplayAnomalies
/// in replay_anomalies.hpp; TableReplay, TableId and LogReplay::TableIdLess are gone.
/// sdk/abi/manifest.txt records the boundary: scripts/update-abi-manifest after a bump.
inline constexpr std::uint32_t kAbiVersion = 11;

/// The toolchain this file is compiled with, e.g. "gcc 12.2.0; libstdc++ 12 (20220819); boost
/// 108100". The host and every plugin compute it the same way, from INTERSTICE_SDK_TOOLCHAIN.
inline constexpr const char* kToolchain = INTERSTICE_SDK_TOOLCHAIN;

/// The SDK release this header belongs to.
inline constexpr const char* kSdkVersion = "0.1.0";

}  // namespace interstice::sdk

/// Marks a function or class defined in the SDK library as part of its public, exported surface.
#define INTERSTICE_SDK_API BOOST_SYMBOL_VISIBLE
