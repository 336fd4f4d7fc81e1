// Picking the codec for a log file: `--log-format` when given, else trial reads of the file's
// first bytes under every variant, scored by the rules in log_open.hpp.
#include "interstice/sdk/log_open.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/tracer.hpp"
#include "interstice/sdk/record_cursor.hpp"
#include "interstice/sdk/row_check.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/transaction.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <system_error>

namespace interstice::sdk {

namespace {

constexpr std::size_t kSampleRecords = 256;
constexpr int kMaxResyncs = 8;
constexpr std::size_t kProbeBlock = std::size_t{64} << 10;
/// Where every probe first pauses to see whether the choice is already certain: the end of the
/// first block a probe reads, so pausing there reads nothing it would not have read anyway.
constexpr std::uint64_t kFirstProbeStage = kProbeBlock;

struct Candidate {
  const LogCodec* codec = nullptr;
  std::string codec_id;
  std::string variant;
  bool certain = false;  // a record's checksum verified
  bool damaged = false;  // damage inside the probed bytes
  std::uint64_t records = 0;
  std::vector<Transaction> sample;
  std::string problem;  // the first damage, for messages
  bool read_whole = false;  // the first damage is a record read to its end that failed its checksum
};

struct Variant {
  const LogCodec* codec;
  std::string codec_id;
  std::string id;
};

std::vector<Variant> all_variants(const PluginCatalog& plugins) {
  std::vector<Variant> variants;
  for (const auto& info : plugins.list(LogCodec::kind)) {
    auto* codec = plugins.find<LogCodec>(info.id);
    if (!codec) continue;
    for (const auto& variant : codec->variants()) variants.push_back({codec, info.id, variant.id});
  }
  return variants;
}

/// One variant's trial read of the probe, kept open so that it can go on where it paused.
struct Probe {
  Candidate candidate;
  std::unique_ptr<LogInput> input;
  std::unique_ptr<LogReader> reader;
  std::unique_ptr<RecordCursor> cursor;
  int resyncs = 0;
  bool ended = false;  ///< read to its end (the probe's limit, the file's end, or damage it gives up on)
};

Probe start_probe(const Variant& variant, const std::filesystem::path& path) {
  Probe probe;
  probe.candidate.codec = variant.codec;
  probe.candidate.codec_id = variant.codec_id;
  probe.candidate.variant = variant.id;
  probe.input = std::make_unique<LogInput>(path, kProbeBlock, kProbeBytes);
  // A probe reads at most kProbeBytes once: mapping saves nothing there, and a followed file may
  // be truncated (copytruncate) while it is probed.
  probe.input->read_without_mapping();
  probe.reader = variant.codec->open(*probe.input, variant.id);
  // The shared loop with policy `stop`, no progress and no cancellation; the probe's own damage
  // policy is on top: a record cut by the probe's limit is not damage, a codec that throws is,
  // and it resynchronises past at most kMaxResyncs damages (keep_going would go on to the end).
  probe.cursor = std::make_unique<RecordCursor>(*probe.reader);
  return probe;
}

/// Reads on until the record that starts at or past `pause_at` (then `ended` stays false), or
/// to the probe's end. Pausing changes nothing: going on later reads exactly what one pass would.
void advance(Probe& probe, std::uint64_t pause_at, std::uint64_t file_size) {
  Candidate& candidate = probe.candidate;
  LogReader& reader = *probe.reader;
  RecordCursor& cursor = *probe.cursor;
  while (true) {
    if (reader.position() >= pause_at) {
      probe.ended = pause_at >= kProbeBytes;
      return;
    }
    try {
      if (const ScannedRecord* record = cursor.next()) {
        ++candidate.records;
        if (record->view().checksum == ChecksumStatus::valid) candidate.certain = true;
        // The sample only tells apart formats that read the probe cleanly when no checksum
        // settles it (rule 2): a candidate with a verified checksum never needs one.
        if (candidate.certain) {
          candidate.sample.clear();
        } else if (candidate.sample.size() < kSampleRecords) {
          candidate.sample.push_back(reader.decode(record->view()));
        }
        continue;
      }
    } catch (const Error& error) {  // a codec that throws instead of reporting damage
      candidate.damaged = true;
      if (candidate.problem.empty()) candidate.problem = error.what();
      break;
    }
    if (!cursor.summary().stopped_by_damage) break;  // clean end of file
    const LogDamage& damage = cursor.damages().back();
    // A record cut by the probe's limit (not by the file's end) is the end of the probe.
    if (damage.incomplete && file_size > kProbeBytes) break;
    candidate.damaged = true;
    if (candidate.problem.empty()) {
      candidate.problem = fmt::format("record {} at byte {}: {}", damage.index, damage.offset, damage.reason);
      // The convention codecs follow (docs/writing-a-codec.md): a record read whole whose only
      // fault is its checksum says "checksum mismatch". Structural faults prove nothing: random
      // bytes fail that way in every format.
      candidate.read_whole = !damage.incomplete && damage.reason.rfind("checksum mismatch", 0) == 0;
    }
    if (++probe.resyncs > kMaxResyncs || !cursor.resynchronize()) break;
  }
  probe.ended = true;
}

/// Probes every variant. Rule 1 needs a verified variant's record count only against other
/// verified variants, so a variant whose checksums verify in the first kFirstProbeStage bytes
/// pauses there while the others read on; when none of them comes to verify as well, it wins
/// whatever the rest of its probe holds, and that rest (most of a v1 log's probe) is never read.
/// Otherwise every probe reads on to kProbeBytes, as one pass would.
std::vector<Candidate> probe_all(const std::vector<Variant>& variants, const std::filesystem::path& path,
                                 std::uint64_t file_size) {
  std::vector<Probe> probes;
  probes.reserve(variants.size());
  for (const auto& variant : variants) {
    probes.push_back(start_probe(variant, path));
    advance(probes.back(), kFirstProbeStage, file_size);
  }
  for (auto& probe : probes)
    if (!probe.candidate.certain && !probe.ended) advance(probe, kProbeBytes, file_size);
  const auto verified = std::count_if(probes.begin(), probes.end(), [](const Probe& p) { return p.candidate.certain; });
  if (verified > 1)
    for (auto& probe : probes)
      if (!probe.ended) advance(probe, kProbeBytes, file_size);
  std::vector<Candidate> candidates;
  for (auto& probe : probes) candidates.push_back(std::move(probe.candidate));
  return candidates;
}

std::size_t schema_fit(const Candidate& candidate, const std::vector<ModuleSchema>& schemas) {
  std::size_t fitting = 0;
  for (const auto& record : candidate.sample)
    if (check_transaction(record, schemas).empty()) ++fitting;
  return fitting;
}

std::string join_variants(const std::vector<const Candidate*>& candidates) {
  std::string text;
  for (const auto* candidate : candidates) {
    if (!text.empty()) text += ", ";
    text += candidate->variant;
  }
  return text;
}

// Rule 2: several variants read the probe cleanly.
const Candidate& choose_among_fits(const std::vector<const Candidate*>& fits, const std::string& file,
                                   const LogOpenOptions& options, Logger& log, std::string& how) {
  const Candidate& oldest = *fits.front();
  std::vector<const Candidate*> disagreeing;
  for (const auto* other : fits)
    if (other->sample != oldest.sample) disagreeing.push_back(other);
  if (disagreeing.empty()) {
    how = fits.size() == 1 ? "the only format that decodes it" : "decodes identically as " + join_variants(fits);
    return oldest;
  }
  if (options.schemas && !options.schemas->empty()) {
    std::size_t best = 0;
    for (const auto* candidate : fits) best = std::max(best, schema_fit(*candidate, *options.schemas));
    std::vector<const Candidate*> winners;
    for (const auto* candidate : fits)
      if (schema_fit(*candidate, *options.schemas) == best) winners.push_back(candidate);
    if (winners.size() < fits.size()) {
      how = "its rows fit the given schemas (" + join_variants(winners) + ")";
      return *winners.front();
    }
  }
  log.warn("{}: the log decodes differently as {}; using the oldest, {} (choose with --log-format or --schema)",
           file, join_variants(disagreeing), oldest.variant);
  how = "oldest of " + join_variants(fits);
  return oldest;
}

}  // namespace

std::vector<std::string> log_format_ids(const PluginCatalog& plugins) {
  std::vector<std::string> ids;
  for (const auto& variant : all_variants(plugins)) ids.push_back(variant.id);
  return ids;
}

void add_log_format_option(CommandSyntax& syntax) {
  syntax.options()("log-format", boost::program_options::value<std::string>()->default_value("auto")->value_name("FORMAT"),
                   "the log's format: auto (detect), or a codec variant such as interstice-v1, framed-g2");
}

OpenedLog open_log(const PluginCatalog& plugins, const std::filesystem::path& path, const LogOpenOptions& options,
                   Logger& log) {
  const std::string file = path.string();
  auto variants = all_variants(plugins);
  if (variants.empty()) throw Error::input("no log codec plugin is loaded (see `interstice plugins`)");

  // Logs are read with pread at absolute offsets and sized with fstat: a FIFO would block the
  // open until a writer appears (and could not be re-read), and a device such as /dev/zero
  // reports size 0 and would pass as a valid empty log. Refuse them before opening anything.
  std::error_code status_error;
  const auto status = std::filesystem::status(path, status_error);
  if (!status_error && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status) &&
      !std::filesystem::is_directory(status))
    throw Error::input(std::filesystem::is_fifo(status)
                           ? "is a pipe (FIFO); a log must be a regular file (it is read at random offsets)"
                           : "is a device or socket, not a regular file; a log must be a regular file",
                       Location::in_file(file));

  OpenedLog opened;
  ScopedSpan span(Tracer::active(), "detect log format");
  std::vector<Candidate> candidates;
  auto finish = [&](const LogCodec* codec, const std::string& codec_id, const std::string& variant) {
    span.attribute("format", variant);
    if (log.enabled(LogLevel::debug)) {
      std::string probes;
      for (const auto& c : candidates)
        probes += fmt::format("; {}: {} records{}{}", c.variant, c.records, c.certain ? ", checksums verify" : "",
                              c.damaged ? ", damaged: " + c.problem : "");
      log.debug("{}: read as {} ({}){}", file, variant, opened.how, probes);
    }
    opened.input = std::make_unique<LogInput>(path);
    opened.reader = codec->open(*opened.input, variant);
    opened.codec = codec;
    opened.codec_id = codec_id;
    opened.variant = variant;
    return std::move(opened);
  };

  if (options.format != "auto") {
    for (const auto& variant : variants)
      if (variant.id == options.format) {
        opened.how = "--log-format";
        return finish(variant.codec, variant.codec_id, variant.id);
      }
    std::string known;
    for (const auto& variant : variants) known += ", " + variant.id;
    throw Error::usage(fmt::format("unknown --log-format '{}' (known: auto{})", options.format, known));
  }

  // A missing or unreadable file fails here, once, with its own message.
  const std::uint64_t file_size = LogInput(path, 1).size();

  candidates = probe_all(variants, path, file_size);

  // Rule 1: a verified checksum settles it.
  const Candidate* chosen = nullptr;
  for (const auto& candidate : candidates)
    if (candidate.certain && (!chosen || candidate.records > chosen->records)) chosen = &candidate;
  if (chosen) {
    opened.how = "its checksums verify";
    return finish(chosen->codec, chosen->codec_id, chosen->variant);
  }

  std::vector<const Candidate*> fits;
  for (const auto& candidate : candidates)
    if (!candidate.damaged) fits.push_back(&candidate);
  if (!fits.empty()) {
    const Candidate& winner = choose_among_fits(fits, file, options, log, opened.how);
    return finish(winner.codec, winner.codec_id, winner.variant);
  }

  for (const auto& candidate : candidates)
    if (candidate.records > 0 && (!chosen || candidate.records > chosen->records)) chosen = &candidate;
  if (chosen) {
    opened.how = "most intact records (the log is damaged)";
    return finish(chosen->codec, chosen->codec_id, chosen->variant);
  }

  // Nothing intact anywhere, but exactly one format read the first record to its end and only
  // its checksum failed (v1): the file is that format, damaged from its first record, which
  // the command reports as damage (exit 1) rather than as not a log at all.
  for (const auto& candidate : candidates) {
    if (!candidate.read_whole) continue;
    if (chosen) {
      chosen = nullptr;
      break;
    }
    chosen = &candidate;
  }
  if (chosen) {
    opened.how = "its first record reads whole, though damaged";
    return finish(chosen->codec, chosen->codec_id, chosen->variant);
  }

  std::string reasons;
  for (const auto& candidate : candidates)
    reasons += fmt::format("{}{}: {}", reasons.empty() ? "" : "; ", candidate.variant, candidate.problem);
  throw Error::input("not a transaction log in any known format (" + reasons + ")", Location::in_file(file));
}

OpenedLog open_log(CommandContext& context, const std::filesystem::path& path, const std::vector<ModuleSchema>& schemas) {
  LogOpenOptions options;
  options.format = context.get<std::string>("log-format").value_or("auto");
  options.schemas = &schemas;
  return open_log(context.plugins(), path, options, context.log());
}

}  // namespace interstice::sdk
