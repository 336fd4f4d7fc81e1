// Pieces of Chrome's Trace Event Format (the JSON Object Format, `{"traceEvents": [...]}`), which
// Perfetto (ui.perfetto.dev) and chrome://tracing open: shared by the `chrome` trace format and
// the `chrome` log exporter so both name their tracks and write their events alike.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace interstice::sdk {

/// A metadata event naming a track: `what` is "process_name" (the track group, tid 0) or
/// "thread_name": `{"name":"thread_name","ph":"M","pid":1,"tid":2,"args":{"name":"..."}}`.
INTERSTICE_SDK_API void append_chrome_track_name(std::string& out, std::string_view what, std::uint64_t pid,
                                                 std::uint64_t tid, std::string_view name);

/// The members every event starts with, `{"name":...,"cat":...,"ph":"X","ts":...,"pid":...,"tid":...`
/// (`ts` in µs); the caller appends its own (`,"dur":12`, `,"s":"t"`, `,"args":{...}`) and `}`.
INTERSTICE_SDK_API void append_chrome_event_head(std::string& out, std::string_view name, std::string_view category,
                                                 char phase, std::int64_t ts_us, std::uint64_t pid, std::uint64_t tid);

}  // namespace interstice::sdk
