// A CommandContext over parsed options and nothing else, for harnesses that read options the way
// a command does (RecordFilter::from) without running the command: no output, no plugins, and
// any attempt to stream a result is a harness bug.
#pragma once

#include "harness.hpp"

#include "interstice/sdk/command_context.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/progress.hpp"

#include <boost/program_options/variables_map.hpp>

#include <sstream>

namespace interstice::fuzz {

class OptionsContext final : public sdk::CommandContext {
 public:
  explicit OptionsContext(const boost::program_options::variables_map& options) : options_(options) {}
  const boost::program_options::variables_map& options() const override { return options_; }
  std::ostream& out() override { return out_; }
  sdk::Logger& log() override { return log_; }
  bool color() const override { return false; }
  const sdk::PluginCatalog& plugins() const override { return plugins_; }
  std::unique_ptr<sdk::Progress> progress(std::string, std::uint64_t) override { return std::make_unique<NoProgress>(); }
  void begin(const sdk::Report&) override { FUZZ_CHECK(false, "an options harness streamed a result"); }
  void item(const boost::json::value&) override { FUZZ_CHECK(false, "an options harness streamed a result"); }
  void item_json(std::string_view) override { FUZZ_CHECK(false, "an options harness streamed a result"); }

 private:
  class Silent final : public sdk::Logger {
   public:
    bool enabled(sdk::LogLevel) const override { return false; }
    void write(const sdk::LogEvent&) override {}
  };
  class NoPlugins final : public sdk::PluginCatalog {
   public:
    sdk::Plugin* find(std::string_view, std::string_view) const override { return nullptr; }
    std::vector<sdk::PluginInfo> list(std::string_view) const override { return {}; }
  };
  class NoProgress final : public sdk::Progress {
   public:
    void update(std::uint64_t) override {}
    void finish() override {}
  };

  const boost::program_options::variables_map& options_;
  std::ostringstream out_;
  Silent log_;
  NoPlugins plugins_;
};

}  // namespace interstice::fuzz
