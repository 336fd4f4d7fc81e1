// What the host and the plugin scanner agree on: the scanner gets the files as its arguments and
// writes one JSON line per file, {"path": FILE, "probe": {...probe_json...}}, to this descriptor,
// in argument order, as soon as that file is done.
#pragma once

namespace interstice::host {

inline constexpr int kScannerAnswerFd = 3;

}  // namespace interstice::host
