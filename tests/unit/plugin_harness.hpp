// Loads one built plugin through the host's real loader and gives tests a CommandContext, so each
// plugin can be tested without the whole host.
#pragma once

#include "test_paths.hpp"

#include "plugin_loader.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/output_format.hpp"

#include <boost/program_options/parsers.hpp>
#include <boost/test/unit_test.hpp>

#include <sstream>

namespace interstice::test {

/// A plugin from the build's built-in directory, by file name ("command-schema.so").
template <typename Interface>
class LoadedPlugin {
 public:
  explicit LoadedPlugin(const std::string& file) : record_(host::open_plugin(builtin_plugins() / file, true)) {
    host::instantiate_plugin(record_);
    BOOST_REQUIRE_MESSAGE(record_.status == host::PluginStatus::loaded, record_.reason);
    plugin_ = dynamic_cast<Interface*>(record_.instance.get());
    BOOST_REQUIRE(plugin_ != nullptr);
  }
  Interface& operator*() { return *plugin_; }
  Interface* operator->() { return plugin_; }

 private:
  host::PluginRecord record_;
  Interface* plugin_ = nullptr;
};

class SilentLogger final : public sdk::Logger {
 public:
  bool enabled(sdk::LogLevel) const override { return false; }
  void write(sdk::LogLevel, std::string_view) override {}
};

class NoPlugins final : public sdk::PluginCatalog {
 public:
  sdk::Plugin* find(std::string_view, std::string_view) const override { return nullptr; }
  std::vector<sdk::PluginInfo> list(std::string_view) const override { return {}; }
};

class SilentProgress final : public sdk::Progress {
 public:
  void update(std::uint64_t) override {}
  void finish() override {}
};

/// Parses `args` against the command's own syntax, as the host would.
class TestContext final : public sdk::CommandContext {
 public:
  TestContext(const sdk::Command& command, const std::vector<std::string>& args) {
    sdk::CommandSyntax syntax;
    command.declare(syntax);
    boost::program_options::options_description all;
    all.add(syntax.named()).add(syntax.positional_options());
    boost::program_options::store(
        boost::program_options::command_line_parser(args).options(all).positional(syntax.positional_order()).run(), vm_);
    boost::program_options::notify(vm_);
  }
  const boost::program_options::variables_map& options() const override { return vm_; }
  std::ostream& out() override { return out_; }
  sdk::Logger& log() override { return log_; }
  const sdk::PluginCatalog& plugins() const override { return plugins_; }
  std::unique_ptr<sdk::Progress> progress(std::string, std::uint64_t) override { return std::make_unique<SilentProgress>(); }

 private:
  boost::program_options::variables_map vm_;
  std::ostringstream out_;
  SilentLogger log_;
  NoPlugins plugins_;
};

/// Renders `report` with an output format plugin.
inline std::string render(const sdk::OutputFormat& format, const sdk::Report& report, bool color = false) {
  std::ostringstream out;
  sdk::RenderOptions options;
  options.color = color;
  format.render(report, out, options);
  return out.str();
}

}  // namespace interstice::test
