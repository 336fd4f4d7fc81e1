// Loads one built plugin through the host's real loader and gives tests a CommandContext, so each
// plugin can be tested without the whole host.
#pragma once

#include "test_paths.hpp"

#include "command_line.hpp"
#include "global_options.hpp"
#include "plugin_loader.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/document_format.hpp"
#include "interstice/sdk/host_services.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/output_format.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/detail/syntax_parts.hpp"

#include <boost/program_options/parsers.hpp>
#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <optional>
#include <sstream>
#include <utility>

namespace interstice::test {

class SilentLogger final : public sdk::Logger {
 public:
  bool enabled(sdk::LogLevel) const override { return false; }
  void write(const sdk::LogEvent&) override {}
};

/// Keeps every warning and error a command logs, for tests that check them.
class RecordingLogger final : public sdk::Logger {
 public:
  bool enabled(sdk::LogLevel level) const override { return level >= sdk::LogLevel::warning; }
  void write(const sdk::LogEvent& event) override { messages.emplace_back(event.message); }
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
  sdk::CommandRun run_command(const std::vector<std::string>&) override {
    throw sdk::Error::internal("unit tests run no commands through the host");
  }

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
/// A streaming command's header and items are kept (document()); with an output format set they
/// are also written through it, as the host would, to written().
class TestContext final : public sdk::CommandContext {
 public:
  TestContext(const sdk::Command& command, const std::vector<std::string>& args,
              const sdk::PluginCatalog* plugins = nullptr)
      : catalog_(plugins ? plugins : &no_plugins_) {
    sdk::CommandSyntax syntax;
    command.declare(syntax);
    boost::program_options::options_description all = host::command_line_options(syntax);
    boost::program_options::store(
        boost::program_options::command_line_parser(args)
            .options(all)
            .positional(syntax.parts().order)
            .style(host::command_line_style())
            .run(),
        vm_);
    boost::program_options::notify(vm_);
  }
  const boost::program_options::variables_map& options() const override { return vm_; }
  std::ostream& out() override { return out_; }
  sdk::Logger& log() override { return log_; }
  const sdk::PluginCatalog& plugins() const override { return *catalog_; }
  const std::vector<std::string>& warnings() const { return log_.messages; }
  bool color() const override { return false; }
  /// What the output format wrote to out().
  std::string written() const { return out_.str(); }
  /// Streamed items are written through `format` (which must outlive the context).
  void set_output_format(const sdk::OutputFormat* format) { format_ = format; }
  std::unique_ptr<sdk::Progress> progress(std::string, std::uint64_t) override { return std::make_unique<SilentProgress>(); }

  void begin(const sdk::Report& header) override {
    BOOST_REQUIRE_MESSAGE(!header_, "begin called twice");
    header_ = header;
    if (format_) {
      writer_ = format_->open(out_, {});
      writer_->begin(header);
    }
  }
  void item(const boost::json::value& item) override {
    BOOST_REQUIRE_MESSAGE(header_, "item before begin");
    items_.push_back(item);
    if (writer_) writer_->item(item);
  }
  void item_json(std::string_view compact_json) override {
    BOOST_REQUIRE_MESSAGE(header_, "item_json before begin");
    items_.push_back(boost::json::parse(compact_json));
    if (writer_) writer_->item_json(compact_json);
  }
  /// Whether the command streamed; then `run` returned the summary.
  bool streamed() const { return header_.has_value(); }
  /// What the host does after `run`: ends the streamed output with `returned` and gives the whole
  /// document (assemble_report); a whole Report is rendered (if a format is set) and returned.
  sdk::Report finish(const sdk::Report& returned) {
    if (!header_) {
      if (format_) sdk::render_report(*format_, returned, out_, {});
      return returned;
    }
    if (writer_) writer_->end(returned);
    return sdk::assemble_report(*header_, items_, returned);
  }

 private:
  boost::program_options::variables_map vm_;
  std::ostringstream out_;
  RecordingLogger log_;
  const sdk::OutputFormat* format_ = nullptr;
  std::unique_ptr<sdk::ResultWriter> writer_;
  std::optional<sdk::Report> header_;
  boost::json::array items_;
  NoPlugins no_plugins_;
  const sdk::PluginCatalog* catalog_;
};

/// Renders a whole `report` with an output format plugin.
inline std::string render(const sdk::OutputFormat& format, const sdk::Report& report, bool color = false,
                          const std::string& command = "", bool local_time = false) {
  std::ostringstream out;
  sdk::RenderOptions options;
  options.color = color;
  options.command = command;
  options.local_time = local_time;
  sdk::render_report(format, report, out, options);
  return out.str();
}

/// Streams a result through an output format plugin: begin, each item, end.
inline std::string render_streamed(const sdk::OutputFormat& format, const sdk::Report& header,
                                   const boost::json::array& items, const sdk::Report& summary,
                                   const std::string& command = "") {
  std::ostringstream out;
  sdk::RenderOptions options;
  options.command = command;
  auto writer = format.open(out, options);
  writer->begin(header);
  for (const auto& item : items) writer->item(item);
  writer->end(summary);
  return out.str();
}

/// The output of the streamed result and of the whole document it stands for; they must be equal.
inline std::pair<std::string, std::string> streamed_and_whole(const sdk::OutputFormat& format,
                                                              const sdk::Report& header,
                                                              const boost::json::array& items,
                                                              const sdk::Report& summary,
                                                              const std::string& command = "") {
  return {render_streamed(format, header, items, summary, command),
          render(format, sdk::assemble_report(header, items, summary), false, command)};
}

}  // namespace interstice::test
