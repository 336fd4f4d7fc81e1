// Loads one built plugin through the host's real loader and gives tests a CommandContext, so each
// plugin can be tested without the whole host.
#pragma once

#include "test_paths.hpp"

#include "command_line.hpp"
#include "plugin_loader.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/host_services.hpp"
#include "interstice/sdk/output_format.hpp"

#include <boost/program_options/parsers.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <sstream>

namespace interstice::test {

class SilentLogger final : public sdk::Logger {
 public:
  bool enabled(sdk::LogLevel) const override { return false; }
  void write(sdk::LogLevel, std::string_view, std::span<const sdk::LogField>) override {}
};

/// Keeps every warning and error a command logs, for tests that check them.
class RecordingLogger final : public sdk::Logger {
 public:
  bool enabled(sdk::LogLevel level) const override { return level >= sdk::LogLevel::warning; }
  void write(sdk::LogLevel, std::string_view message, std::span<const sdk::LogField>) override {
    messages.emplace_back(message);
  }
  std::vector<std::string> messages;
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

/// The host services a test plugin gets: a logger of the test's choosing (silent by default),
/// silent progress, never cancelled, and a catalog (none by default).
class TestServices final : public sdk::HostServices {
 public:
  explicit TestServices(sdk::Logger* log = nullptr, const sdk::PluginCatalog* plugins = nullptr)
      : log_(log ? log : &silent_), plugins_(plugins ? plugins : &none_) {}
  sdk::Logger& log() override { return *log_; }
  std::unique_ptr<sdk::Progress> progress(std::string, std::uint64_t) override { return std::make_unique<SilentProgress>(); }
  bool cancelled() const override { return false; }
  const sdk::PluginCatalog& plugins() const override { return *plugins_; }
  sdk::Tracer* tracer() override { return nullptr; }

 private:
  SilentLogger silent_;
  NoPlugins none_;
  sdk::Logger* log_;
  const sdk::PluginCatalog* plugins_;
};

/// Services for plugins that need nothing particular (they live as long as the test program).
inline TestServices& test_services() {
  static TestServices services;
  return services;
}

/// A plugin from the build's built-in directory, by file name ("command-schema.so"), attached to
/// `services` (which must outlive it).
template <typename Interface>
class LoadedPlugin {
 public:
  explicit LoadedPlugin(const std::string& file, sdk::HostServices& services = test_services())
      : record_(host::open_plugin(builtin_plugins() / file, true)) {
    host::instantiate_plugin(record_, services);
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

/// Real built-in plugins, by file name, as the catalog a command sees (codecs, formats, ...).
class TestCatalog final : public sdk::PluginCatalog {
 public:
  using sdk::PluginCatalog::find;  // keep find<Interface>(id) visible next to the override
  explicit TestCatalog(const std::vector<std::string>& files) {
    for (const auto& file : files) {
      auto record = host::open_plugin(builtin_plugins() / file, true);
      host::instantiate_plugin(record, test_services());
      BOOST_REQUIRE_MESSAGE(record.status == host::PluginStatus::loaded, record.reason);
      records_.push_back(std::move(record));
    }
  }
  sdk::Plugin* find(std::string_view kind, std::string_view id) const override {
    for (const auto& record : records_)
      if (record.kind == kind && record.id == id) return record.instance.get();
    return nullptr;
  }
  std::vector<sdk::PluginInfo> list(std::string_view kind) const override {
    std::vector<sdk::PluginInfo> infos;
    for (const auto& record : records_)
      if (record.kind == kind)
        infos.push_back({record.id, record.kind, record.version, record.description, record.path.string()});
    std::sort(infos.begin(), infos.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return infos;
  }

 private:
  std::vector<host::PluginRecord> records_;
};

/// The built-in log codecs.
inline TestCatalog& log_codecs() {
  static TestCatalog catalog({"log-codec-interstice-v1.so", "log-codec-framed.so"});
  return catalog;
}

/// Parses `args` against the command's own syntax plus the host's common options, as the host would.
class TestContext final : public sdk::CommandContext {
 public:
  TestContext(const sdk::Command& command, const std::vector<std::string>& args,
              const sdk::PluginCatalog* plugins = nullptr)
      : catalog_(plugins ? plugins : &no_plugins_) {
    sdk::CommandSyntax syntax;
    command.declare(syntax);
    boost::program_options::options_description all = host::command_line_options(syntax);
    boost::program_options::store(
        boost::program_options::command_line_parser(args).options(all).positional(syntax.positional_order()).run(), vm_);
    boost::program_options::notify(vm_);
  }
  const boost::program_options::variables_map& options() const override { return vm_; }
  std::ostream& out() override { return out_; }
  sdk::Logger& log() override { return log_; }
  const sdk::PluginCatalog& plugins() const override { return *catalog_; }
  const std::vector<std::string>& warnings() const { return log_.messages; }
  const std::string& output_format() const override { return format_; }
  bool color() const override { return false; }
  /// What a streaming command wrote to out().
  std::string written() const { return out_.str(); }
  void set_output_format(std::string format) { format_ = std::move(format); }
  std::unique_ptr<sdk::Progress> progress(std::string, std::uint64_t) override { return std::make_unique<SilentProgress>(); }

 private:
  boost::program_options::variables_map vm_;
  std::ostringstream out_;
  RecordingLogger log_;
  std::string format_ = "json";
  NoPlugins no_plugins_;
  const sdk::PluginCatalog* catalog_;
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
