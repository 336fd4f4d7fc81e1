// `interstice determinism <LOG> [options] [FORMAT]`: does replaying this log always give the
// same state; do two replicas agree, and if not at exactly which record and column; what was the
// state at record N. Each question is a mode with a file of its own; this file reads the command
// line, checks that the options make one question, and hands over. Exit 0 deterministic /
// identical, 1 divergence or anomalies, 2 unreadable input or bad usage.
#include "checkpoint_compare.hpp"
#include "checkpoint_stream.hpp"
#include "log_walk.hpp"
#include "replay_runs.hpp"
#include "replica_compare.hpp"
#include "runs_report.hpp"
#include "state_dump.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/schema_json.hpp"

#include <fmt/format.h>

namespace po = boost::program_options;

namespace interstice::determinism {
namespace {

/// `--diff A B`: exactly two record indexes, so a trailing [FORMAT] is not taken for a third.
class TwoIndexes final : public po::typed_value<std::vector<std::uint64_t>> {
 public:
  TwoIndexes() : po::typed_value<std::vector<std::uint64_t>>(nullptr) { multitoken(); }
  unsigned min_tokens() const override { return 2; }
  unsigned max_tokens() const override { return 2; }
};

class DeterminismCommand final : public sdk::Command {
 public:
  void declare(sdk::CommandSyntax& syntax) const override {
    syntax.positional("path", "LOG", "transaction log to replay").trailing_format();
    sdk::add_log_format_option(syntax);
    auto* diff = new TwoIndexes();
    diff->value_name("A B");
    syntax.options()
        ("runs", po::value<unsigned>()->default_value(3)->value_name("N"),
         "replay N times with different strategies and compare the final state hashes (N >= 2)")
        ("against", po::value<std::string>()->value_name("LOG2"),
         "compare with a replica's log: the first record and column where they differ")
        ("checkpoints", po::value<std::uint64_t>()->value_name("N"),
         "write the state hash every N records to --out as NDJSON (a hash stream)")
        ("out", po::value<std::string>()->value_name("FILE"), "where --checkpoints writes (atomically)")
        ("against-checkpoints", po::value<std::string>()->value_name("FILE"),
         "compare with a hash stream made on another machine: the first window that differs")
        ("at", po::value<std::uint64_t>()->value_name("N"), "print the rows live after record N")
        ("diff", diff, "print the rows that changed between the states after records A and B")
        ("table", po::value<std::string>()->value_name("T"), "with --at or --diff: only table T (or MODULE.T)")
        ("max-anomalies", po::value<std::size_t>()->default_value(20)->value_name("N"),
         "list at most N occurrences of each anomaly kind (all are counted)")
        ("schema", po::value<std::vector<std::string>>()->composing()->value_name("SCHEMA.json"),
         "module schemas: column names in a divergence, and ambiguous format detection (repeatable)");
  }

  sdk::Report run(sdk::CommandContext& context) override {
    const auto path = context.require<std::string>("path");
    const auto schemas = sdk::load_module_schemas(context.all("schema"));
    const auto against = context.get<std::string>("against");
    const auto stream = context.get<std::string>("against-checkpoints");
    const auto at = context.get<std::uint64_t>("at");
    const auto diff = context.get<std::vector<std::uint64_t>>("diff");
    const auto table = context.get<std::string>("table");
    const auto interval = context.get<std::uint64_t>("checkpoints");
    const auto out = context.get<std::string>("out");
    const unsigned runs = context.require<unsigned>("runs");
    check_usage(context, runs);

    if (stream) {
      CheckpointReader reader(*stream);
      LogWalk walk(context, path, schemas);
      return compare_checkpoints(walk, reader);
    }
    if (at) {
      std::string options = context.get<std::string>("log-format").value_or("");
      for (const auto& schema : context.all("schema")) options += "\n" + schema;
      return state_at(context, path, schemas, *at, table, options);
    }
    LogWalk walk(context, path, schemas);
    if (against) {
      LogWalk other(context, *against, schemas, false);
      return compare_replicas(walk, other, schemas);
    }
    if (diff) return state_diff(context, walk, diff->at(0), diff->at(1), table);

    std::optional<CheckpointWriter> checkpoints;
    if (interval) checkpoints.emplace(*out, *interval, path);
    auto result = replay_runs(walk, plan_runs(runs), context.require<std::size_t>("max-anomalies"),
                              checkpoints ? &*checkpoints : nullptr);
    if (result.anomaly_list.needs_keys()) {
      LogWalk again(context, path, schemas, false);
      result.anomaly_list.fill_keys(again);
    }
    return runs_report(walk, result, checkpoints ? &*checkpoints : nullptr);
  }

 private:
  /// One question per run: the modes exclude each other, and their options need them.
  static void check_usage(const sdk::CommandContext& context, unsigned runs) {
    int modes = 0;
    for (const char* mode : {"against", "against-checkpoints", "at", "diff"}) modes += context.has(mode) ? 1 : 0;
    if (modes > 1)
      throw sdk::Error::usage("--against, --against-checkpoints, --at and --diff are separate questions: give one");
    const bool checkpoints = context.has("checkpoints");
    if (checkpoints != context.has("out")) throw sdk::Error::usage("--checkpoints N and --out FILE go together");
    if (checkpoints && modes > 0)
      throw sdk::Error::usage("--checkpoints writes the hash stream of a plain replay (no --against, --at or --diff)");
    if (checkpoints && context.require<std::uint64_t>("checkpoints") == 0)
      throw sdk::Error::usage("--checkpoints needs N >= 1");
    if (context.has("table") && !context.has("at") && !context.has("diff"))
      throw sdk::Error::usage("--table goes with --at or --diff");
    if (runs < 2) throw sdk::Error::usage(fmt::format("--runs {}: a comparison needs at least 2 runs", runs));
  }
};

}  // namespace
}  // namespace interstice::determinism

INTERSTICE_PLUGIN(interstice::determinism::DeterminismCommand, "determinism", INTERSTICE_PLUGIN_VERSION,
                  "Check that replaying a log is deterministic, compare replicas, show the state at any record")
