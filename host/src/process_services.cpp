// ProcessServices (process_services.hpp): cancellation is the one Ctrl-C flag the SDK keeps
// (log_scan.hpp's InterruptScope); a command a plugin runs goes through the process's own
// CommandRunner, into strings instead of the process's stdout and stderr.
#include "process_services.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_scan.hpp"

#include <sstream>

namespace interstice::host {

bool ProcessServices::cancelled() const { return sdk::InterruptScope::interrupted(); }

sdk::CommandRun ProcessServices::run_command(const std::vector<std::string>& args) {
  if (!runner_) throw sdk::Error::internal("run_command: the host is not running a command");
  std::ostringstream out, err;
  const RunResult result = runner_->run(args, RunStreams{out, err, false, false});
  sdk::CommandRun run;
  run.exit_code = result.exit_code;
  run.output = std::move(out).str();
  run.error_kind = result.error_kind;
  run.error = result.error;
  run.diagnostics = std::move(err).str();
  return run;
}

}  // namespace interstice::host
