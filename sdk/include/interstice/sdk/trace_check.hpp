// The rules every execution trace obeys, checked in one place so that every trace reader (native
// JSON, Chrome, OTLP, a plugin's) refuses the same broken traces with the same messages: ids well
// formed and unique, parents that exist, no cycles, no negative durations, finite attribute
// numbers, a bounded span count.
#pragma once

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/trace.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace interstice::sdk {

/// The most spans one trace may hold: a reader stops with an error past it, so a hostile or
/// runaway file costs bounded memory (about 300 bytes a span).
inline constexpr std::uint64_t kMaxTraceSpans = 1'000'000;

/// A span's index standing for the trace itself in a `TraceLocator`.
inline constexpr std::size_t kTraceItself = static_cast<std::size_t>(-1);

/// Where a field is in the file being read: for span `span` (or the trace, `kTraceItself`) and a
/// field named as the native format names it ("parent_span_id", "duration_us", "" for the span
/// itself), e.g. `Location::at_pointer(file, "/spans/3/parent_span_id")`.
using TraceLocator = std::function<Location(std::size_t span, std::string_view field)>;

/// Lower-case hex of exactly `digits` digits (16 for a span id, 32 for a trace id).
INTERSTICE_SDK_API bool is_hex_id(std::string_view text, std::size_t digits);

/// Throws `Error` (input, where `locate` says) for the first broken rule: a trace
/// id that is not 32 hex digits, end before start, total_duration_us not end - start, more than
/// `max_spans` spans, a span id that is not 16 hex digits or is not unique, an empty name, a
/// negative duration, an attribute holding a number out of a double's range (what `1e400`
/// parses to: no writer could give it back), a parent that is the span itself or does not
/// exist, a cycle of parents.
INTERSTICE_SDK_API void check_trace(const ExecutionTrace& trace, const TraceLocator& locate,
                                    std::uint64_t max_spans = kMaxTraceSpans);

}  // namespace interstice::sdk
