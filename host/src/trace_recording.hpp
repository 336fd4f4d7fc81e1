// `interstice --trace FILE [--trace-format ID] COMMAND ...`: the host records its own work and
// every plugin's spans (sdk::Tracer, made the process's tracer) under one root span named after
// the command, and writes the trace when the command ends, with a trace-format plugin
// (the native JSON unless --trace-format names another), atomically.
#pragma once

#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/tracer.hpp"

#include <optional>
#include <string>

namespace interstice::host {

class TraceRecording {
 public:
  /// Starts recording now (before plugins are discovered); a usage error for `--trace -`.
  TraceRecording(std::string file, std::string format_id, std::string root_name);
  ~TraceRecording();
  TraceRecording(const TraceRecording&) = delete;
  TraceRecording& operator=(const TraceRecording&) = delete;

  sdk::Tracer& tracer() { return tracer_; }
  /// Once the plugins are known and before the command runs: a usage error, with "did you mean",
  /// for a --trace-format no loaded trace-format plugin has.
  void check_format(const sdk::PluginCatalog& plugins) const;
  /// Writes the trace; the root span is Error when the command failed (exit code 2 or an
  /// exception). The format's notes (spans it could not show as they are) become warnings.
  /// Throws sdk::Error when the file cannot be written.
  void write(const sdk::PluginCatalog& plugins, bool failed, sdk::Logger& log);
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::string format_id_;
  sdk::Tracer tracer_;
};

}  // namespace interstice::host
