// Reading a Chrome Trace Event Format file (JSON Object Format or a bare array of events) as an
// execution trace: `X` events and `B`/`E` pairs become spans; ids, parents, module and reducer
// come from the args this format's writer puts there, or else from how events nest on a track.
#pragma once

#include "interstice/sdk/trace_format.hpp"

namespace interstice::formats::chrome {

/// Reads the one trace of a Chrome trace file into `sink`; errors name the event's JSON pointer.
void read_chrome_trace(std::istream& in, const std::string& file, const sdk::TraceSink& sink);

}  // namespace interstice::formats::chrome
