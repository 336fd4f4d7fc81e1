// Loading a plugin runs its code (static initialisers inside dlopen, then its factory), and code
// that calls exit() or abort(), throws or hangs there would take the host down with it. So the
// first look at a plugin happens in a child process, the plugin scanner (like GStreamer's
// gst-plugin-scanner): the host learns each file's descriptor and whether its object can be made,
// or how it killed the scanner, and only ever loads files that passed.
#pragma once

#include "plugin_record.hpp"

#include <chrono>
#include <filesystem>
#include <vector>

namespace interstice::host {

/// <prefix>/libexec/interstice/interstice-plugin-scanner for the running <prefix>/bin/interstice.
std::filesystem::path default_plugin_scanner();

/// Probes `files` with the scanner executable, one child process for as many files as it
/// survives: a file that ends the child (exit, signal, or no answer within `per_file_timeout`)
/// is rejected with that reason and the next child carries on after it. Returns one record per
/// file, in order, each `loaded` (factory and interface checked, no object kept) or `rejected`.
std::vector<PluginRecord> probe_plugins(const std::filesystem::path& scanner,
                                        const std::vector<std::filesystem::path>& files,
                                        std::chrono::milliseconds per_file_timeout = std::chrono::seconds(10));

}  // namespace interstice::host
