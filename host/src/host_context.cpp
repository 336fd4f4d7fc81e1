// A streaming command's calls, passed on to the run's output format writer in order; misuse
// (item before begin, begin twice) is a bug in the command, reported as an internal error.
#include "host_context.hpp"

namespace interstice::host {

sdk::ResultWriter& HostContext::streaming_writer(const char* call) {
  if (!writer_)
    throw sdk::Error::internal(std::string("CommandContext::") + call + ": this command has no output format");
  return *writer_;
}

void HostContext::begin(const sdk::Report& header) {
  auto& writer = streaming_writer("begin");
  if (begun_) throw sdk::Error::internal("CommandContext::begin called twice");
  if (header.items.empty()) throw sdk::Error::internal("CommandContext::begin: the header names no items key");
  begun_ = true;
  guard_format(format_, [&] { writer.begin(header); });
}

void HostContext::item(const boost::json::value& item) {
  auto& writer = streaming_writer("item");
  if (!begun_) throw sdk::Error::internal("CommandContext::item before begin");
  guard_format(format_, [&] { writer.item(item); });
}

void HostContext::item_json(std::string_view compact_json) {
  auto& writer = streaming_writer("item_json");
  if (!begun_) throw sdk::Error::internal("CommandContext::item_json before begin");
  guard_format(format_, [&] { writer.item_json(compact_json); });
}

}  // namespace interstice::host
