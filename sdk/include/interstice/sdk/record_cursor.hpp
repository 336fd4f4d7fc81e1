// The one record loop. Every command that walks a log needs the same things around
// `LogReader::next`: what to do at a damaged record (stop, or resynchronise and go on), how to
// wait for a writer (`--follow`), throttled progress, a way to stop early (Ctrl-C), and records
// decoded only when someone asks. Five commands each had their own copy of that loop, to be kept
// in step by hand; `RecordCursor` is the one loop, and commands say what they do with a record:
//
//     RecordCursor cursor(log, {.damage = DamagePolicy::keep_going, .progress = progress.get()});
//     while (const ScannedRecord* record = cursor.next()) count(record->view());
//     for (const LogDamage& damage : cursor.damages()) ...;
//     cursor.summary().valid_prefix_end;
//
// A command that only counts (log-inspect) calls `tally` instead of looping over `next`: the
// reader may then count on every thread that checks records (record_tally.hpp). A command that
// wants a few records of many (a query for one table) says which in `CursorOptions::select`: the
// reader may then pass over the others on those threads (record_selection.hpp).
//
// `next` is one out-of-line call per record that adds no allocation and no std::function call to
// the reader's own work: the per-record path is a null test, the reader's `next`, a few counters
// and the progress comparison. Everything rare (damage, waiting) is off that path.
#pragma once

#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/record_selection.hpp"
#include "interstice/sdk/record_tally.hpp"
#include "interstice/sdk/scanned_record.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace interstice::sdk {

enum class DamagePolicy {
  /// Stop at the first damaged record (a truncated last record included) and report it.
  stop,
  /// Report each damaged record and resynchronise after it; stop only where the format finds
  /// no later record (`LogReader::resynchronize` returns false).
  keep_going,
  /// `--follow`: at the end of the file, or at a last record the writer has not finished, wait
  /// for the file to grow (polling `LogInput::refresh`, then `LogReader::retry`) until
  /// cancelled. Other damage stops as with `stop`; so does a file that shrinks below what was
  /// read (truncated or rewritten), reported as a damage at the first record not read.
  follow,
};

/// "Stop now?", asked before every read. A plain function and its argument rather than a
/// std::function, so a cursor with none costs one null test per record. Ctrl-C is
/// `{[](const void*) { return InterruptScope::interrupted(); }}` while an `InterruptScope`
/// (log_scan.hpp) lives; a host service can hand its own function and state.
struct CancelCheck {
  bool (*cancelled)(const void* state) = nullptr;  ///< null: never cancelled
  const void* state = nullptr;
};

// Meant for designated initialisers, `{.damage = ..., .progress = ...}`; the class-type members
// have `{}` initialisers because GCC 12 (-Wextra) warns when such a member is left out otherwise.
struct CursorOptions {
  DamagePolicy damage = DamagePolicy::stop;
  /// Gets the offset of the records read, at most once per 4 MiB (as `ThrottledProgress`);
  /// finished when the cursor ends or goes away. May be null.
  Progress* progress = nullptr;
  CancelCheck cancel{};
  /// Called for each damage as it is met, before the records after it are read, for callers
  /// that keep records and damage in log order (validate's findings). May be empty.
  std::function<void(const LogDamage&)> on_damage{};
  /// The records `next` is to hand out, where the reader can tell on the threads that check them
  /// (record_selection.hpp); others may be handed out too, so test again. Records passed over
  /// count in the summary as if handed out. Null `wants`: every record.
  RecordSelection select{};
};

struct CursorSummary {
  std::uint64_t records = 0;                ///< intact records read (handed out or passed over)
  std::uint64_t records_before_damage = 0;  ///< of those, the ones before the first damage
  /// Where the intact records before the first damage end: what `--repair` keeps.
  std::uint64_t valid_prefix_end = 0;
  /// Where reading stopped: the damaged record that ended it, else the reader's position.
  std::uint64_t read_to = 0;
  bool stopped_by_damage = false;  ///< `damages().back()` ended the reading
  bool interrupted = false;        ///< the cancel check said stop
};

class INTERSTICE_SDK_API RecordCursor {
 public:
  /// Iterates `log`'s reader from where it is. `log` (and the Progress) must outlive the cursor.
  explicit RecordCursor(OpenedLog& log, CursorOptions options = {});
  /// The same for a bare reader (format detection's probes); `follow` needs an `OpenedLog`
  /// (it refreshes the input), so it is an `Error::internal` here.
  explicit RecordCursor(LogReader& reader, CursorOptions options = {});
  ~RecordCursor();
  RecordCursor(const RecordCursor&) = delete;
  RecordCursor& operator=(const RecordCursor&) = delete;

  /// The next intact record, or null when reading has ended (end of file, damage the policy
  /// stops at, cancelled). The record is decoded only if its `transaction()` is called, once,
  /// and stays valid until the next call to `next` or `resynchronize`. After null, `next`
  /// keeps returning null.
  const ScannedRecord* next();

  /// Reads on as `next` would until it would return null, adding each intact record to `tally`
  /// instead of handing it out: where the reader can, on several threads at once
  /// (`LogReader::tally`). Damages and summary are as with `next`; progress and the cancel check
  /// come between the reader's batches (4 MiB chunks) there, and before each record elsewhere.
  /// Not with `CursorOptions::select` (`Error::internal`).
  void tally(RecordTally& tally);

  /// After the cursor stopped at damage: skips to the next intact record as `keep_going`
  /// would and lets `next` go on; false (and still stopped) when the format finds none or the
  /// cursor did not stop at damage. For callers with a policy of their own (format detection
  /// gives up after a few damages).
  bool resynchronize();

  /// Every damage met, in order: with `stop` the one that stopped it (and those after, when
  /// `resynchronize` went on).
  const std::vector<LogDamage>& damages() const;
  /// `records` counts as the cursor goes (records passed over at the next one handed out); the
  /// rest is final once `next` returned null.
  const CursorSummary& summary() const;

 private:
  static void forget_decoded(const ScannedRecord& record);
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace interstice::sdk
