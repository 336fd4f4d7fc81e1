// Opening, detecting and selecting: the head of the input is read once for detection and then
// replayed in front of the rest (PrefixedBuffer), so standard input and pipes work like files.
#include "trace_input.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/util/open_error.hpp"

#include <cerrno>
#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <streambuf>

namespace interstice::plugins::trace {

namespace {

constexpr std::size_t kHeadBytes = 64 * 1024;

// A stream buffer that gives `prefix` first, then whatever `rest` still has.
class PrefixedBuffer final : public std::streambuf {
 public:
  PrefixedBuffer(std::string prefix, std::streambuf* rest) : prefix_(std::move(prefix)), rest_(rest) {
    setg(prefix_.data(), prefix_.data(), prefix_.data() + prefix_.size());
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    std::streamsize got = rest_->sgetn(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    if (got <= 0) return traits_type::eof();
    setg(buffer_.data(), buffer_.data(), buffer_.data() + got);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string prefix_;
  std::streambuf* rest_;
  std::array<char, 64 * 1024> buffer_{};
};

std::string ids_of(const sdk::PluginCatalog& plugins, bool reading) {
  std::string ids;
  for (const auto& info : plugins.list(sdk::TraceFormat::kind)) {
    auto* format = plugins.find<sdk::TraceFormat>(info.id);
    if (reading && !(format && format->can_read())) continue;
    ids += (ids.empty() ? "" : ", ") + info.id;
  }
  return ids.empty() ? "none" : ids;
}

const sdk::TraceFormat& detect(const sdk::PluginCatalog& plugins, std::string_view head, const std::string& path) {
  const sdk::TraceFormat* best = nullptr;
  int best_score = 0;
  for (const auto& info : plugins.list(sdk::TraceFormat::kind)) {
    auto* format = plugins.find<sdk::TraceFormat>(info.id);
    if (!format || !format->can_read()) continue;
    int score = format->detect(head);
    if (score > best_score) best = format, best_score = score;
  }
  if (!best)
    throw sdk::Error::input(fmt::format("cannot tell which trace format this is (readers: {}); name it with --from",
                                        ids_of(plugins, true)),
                            sdk::Location::in_file(path));
  return *best;
}

constexpr std::size_t kIdsNamed = 5;  // trace ids a message names; only these are kept

std::string id_list(const std::vector<std::string>& ids, std::uint64_t count) {
  std::string text;
  for (std::size_t i = 0; i < ids.size(); ++i) text += (i ? ", " : "") + ids[i];
  return count > ids.size() ? text + fmt::format(" and {} more", count - ids.size()) : text;
}

}  // namespace

const sdk::TraceFormat& find_trace_format(const sdk::CommandContext& context, const std::string& id, bool reading) {
  auto* format = context.plugins().find<sdk::TraceFormat>(id);
  if (format && (!reading || format->can_read())) return *format;
  throw sdk::Error::usage(fmt::format("{} trace format '{}' (these can {}: {})", format ? "cannot read with the" : "unknown",
                                      id, reading ? "read" : "write", ids_of(context.plugins(), reading)));
}

TraceInput read_trace_input(sdk::CommandContext& context, const std::string& path) {
  std::ifstream file;
  std::streambuf* source = std::cin.rdbuf();
  if (path != "-") {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) throw sdk::Error::input("is a directory, not a trace file", sdk::Location::in_file(path));
    errno = 0;
    file.open(path, std::ios::binary);
    if (!file) throw sdk::Error::input(sdk::cannot_open_message(errno), sdk::Location::in_file(path));
    source = file.rdbuf();
  }
  std::string head(kHeadBytes, '\0');
  head.resize(static_cast<std::size_t>(source->sgetn(head.data(), static_cast<std::streamsize>(head.size()))));

  auto from = context.get<std::string>("from");
  const sdk::TraceFormat& format = from ? find_trace_format(context, *from, true) : detect(context.plugins(), head, path);
  const std::string format_id = from ? *from : [&] {
    for (const auto& info : context.plugins().list(sdk::TraceFormat::kind))
      if (context.plugins().find<sdk::TraceFormat>(info.id) == &format) return info.id;
    return std::string("?");
  }();
  context.log().debug("reading {} as {} trace format", path, format_id);

  PrefixedBuffer buffer(std::move(head), source);
  std::istream in(&buffer);
  auto wanted = context.get<std::string>("trace-id");
  std::optional<sdk::ExecutionTrace> chosen;
  std::vector<std::string> ids;
  std::uint64_t count = 0;
  format.read(in, path, [&](sdk::ExecutionTrace&& trace) {
    ++count;
    if (ids.size() < kIdsNamed) ids.push_back(trace.trace_id);
    if (!chosen && (!wanted || trace.trace_id == *wanted)) chosen = std::move(trace);
  });
  if (count == 0) throw sdk::Error::input("holds no trace", sdk::Location::in_file(path));
  if (wanted && !chosen)
    throw sdk::Error::usage(fmt::format("{} holds no trace with id {} (it holds {})", path, *wanted, id_list(ids, count)));
  if (!wanted && count > 1)
    throw sdk::Error::usage(fmt::format("{} holds {} traces; pick one with --trace-id ({})", path, count, id_list(ids, count)));
  return TraceInput{std::move(*chosen), format_id};
}

}  // namespace interstice::plugins::trace
