// run_command_json and the server's allocator settings (command_bridge.hpp).
#include "command_bridge.hpp"

#include "interstice/sdk/logger.hpp"

#include <malloc.h>

#include <sstream>

namespace interstice::serve {

CommandOutput run_command_json(sdk::HostServices& host, std::vector<std::string> args) {
  args.push_back("--format=json");
  sdk::CommandRun run = host.run_command(args);
  CommandOutput result;
  result.exit_code = run.exit_code;
  if (run.error_kind && *run.error_kind != sdk::ErrorKind::check_failed) {
    result.error = run.error;
    result.internal = *run.error_kind == sdk::ErrorKind::internal;
  } else {
    result.json = std::move(run.output);
  }
  // Warnings the command logged (an ambiguous format, say) go to the server's log; the error
  // line is already in the reply.
  std::istringstream lines(run.diagnostics);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || (!run.error.empty() && line.find(run.error) != std::string::npos)) continue;
    host.log().info("serve: {}: {}", args.front(), line);
  }
  // A state view replays up to millions of rows and frees them all when the command returns;
  // glibc keeps freed memory in the arenas (one per request thread) unless asked to return it,
  // so a server that answered a few big requests would keep their peak for good.
  malloc_trim(0);
  return result;
}

// Measured with bench/serve-state-memory.py on a 1 GB log (game.players, 80k live rows): peak
// RSS 142 MB with glibc's defaults, 101 MB with these. Blocks of 64 KiB and more (a state view's
// answer, the replay's tables) get mappings of their own, returned to the system when freed, not
// arena space that one thread's peak keeps; two arenas, not one per request thread; and freed
// arena tops go back above 128 KiB.
void use_server_memory_policy() {
  mallopt(M_MMAP_THRESHOLD, 64 * 1024);
  mallopt(M_TRIM_THRESHOLD, 128 * 1024);
  mallopt(M_ARENA_MAX, 2);
}

}  // namespace interstice::serve
