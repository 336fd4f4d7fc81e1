// Running log-query and log-export in tests: the small fixture log, its expected records, and a
// catalog with the codecs and exporters they need.
#pragma once

#include "log_harness.hpp"
#include "plugin_harness.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/record_filter.hpp"

#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>
#include <sstream>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test;

namespace interstice::test::queries {

inline std::filesystem::path small_log() { return shared_fixtures() / "v1" / "logs" / "small.log"; }

inline std::vector<json::value> small_records() {
  std::ifstream in(shared_fixtures() / "v1" / "logs" / "small.log.records.jsonl");
  std::vector<json::value> records;
  for (std::string line; std::getline(in, line);) records.push_back(json::parse(line));
  return records;
}

inline TestCatalog& catalog() {
  static TestCatalog plugins({"log-codec-interstice-v1.so", "log-codec-framed.so", "exporter-ndjson.so",
                              "exporter-csv.so"});
  return plugins;
}

struct QueryRun {
  sdk::Report report;    ///< what `run` returned: the summary of a streamed result
  sdk::Report document;  ///< the whole document (assemble_report)
  std::string written;   ///< what the output format wrote
  bool streamed = false;
};

/// Runs log-query with the output format `format` ("json", "text", "yaml", ...).
inline QueryRun query(const std::vector<std::string>& args, const std::string& format = "json") {
  LoadedPlugin<sdk::Command> command("command-log-query.so");
  LoadedPlugin<sdk::OutputFormat> output("output-format-" + format + ".so");
  TestContext context(*command, args, &catalog());
  context.set_output_format(&*output);
  QueryRun run;
  run.report = command->run(context);
  run.streamed = context.streamed();
  run.document = context.finish(run.report);
  run.written = context.written();
  return run;
}

inline json::object query_json(const std::vector<std::string>& args) {
  auto run = query(args);
  BOOST_REQUIRE(run.streamed);
  return json::parse(run.written).as_object();
}

inline std::vector<std::uint64_t> indexes(const json::object& result) {
  std::vector<std::uint64_t> out;
  for (const auto& t : result.at("transactions").as_array()) out.push_back(t.at("index").to_number<std::uint64_t>());
  return out;
}

}  // namespace interstice::test::queries
