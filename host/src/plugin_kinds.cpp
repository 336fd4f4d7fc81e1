// The table of plugin kinds: one line per SDK interface.
#include "plugin_kinds.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/exporter.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/output_format.hpp"
#include "interstice/sdk/trace_format.hpp"

#include <array>

namespace interstice::host {

namespace {

struct KindEntry {
  std::string_view kind;
  bool (*implements)(const sdk::Plugin&);
};

template <typename Interface>
bool implements(const sdk::Plugin& plugin) {
  return dynamic_cast<const Interface*>(&plugin) != nullptr;
}

constexpr std::array kKinds = {
    KindEntry{sdk::Command::kind, &implements<sdk::Command>},
    KindEntry{sdk::OutputFormat::kind, &implements<sdk::OutputFormat>},
    KindEntry{sdk::LogCodec::kind, &implements<sdk::LogCodec>},
    KindEntry{sdk::Exporter::kind, &implements<sdk::Exporter>},
    KindEntry{sdk::TraceFormat::kind, &implements<sdk::TraceFormat>},
};

}  // namespace

bool is_known_kind(std::string_view kind) {
  for (const auto& entry : kKinds)
    if (entry.kind == kind) return true;
  return false;
}

bool implements_kind(const sdk::Plugin& plugin, std::string_view kind) {
  for (const auto& entry : kKinds)
    if (entry.kind == kind) return entry.implements(plugin);
  return false;
}

std::string known_kinds_text() {
  std::string text;
  for (const auto& entry : kKinds) text += (text.empty() ? "" : ", ") + std::string(entry.kind);
  return text;
}

}  // namespace interstice::host
