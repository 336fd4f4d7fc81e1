// Which records a command wants handed out, asked where the records are checked. A selective
// `log-query` or `log-export` (one table of twelve) took every record through the reader's
// hand-out and the cursor only to drop most of them on the caller's thread. A reader that checks
// records on several threads (util/record_pipeline.hpp) asks a selection on those threads
// instead, right after each record's check, and its `next` then passes over the records not
// wanted: they are still read, checked and counted, only not handed out.
//
// What a reader that accepted a selection (`LogReader::select` returned the number of the record
// it reads next) promises the cursor, which counts the records passed over from the indices:
// - records passed over keep their indices: the next record handed out, or the damage `next`
//   reports, carries an index that says how many were passed over, and such a damage starts
//   where the last of them ends (its offset is where the intact records end: `--repair`'s cut);
// - a record passed over is always followed by a record handed out or by a damage, never by
//   the end of what `next` reads (the cursor must know where the intact records end);
// - a record may be handed out although it is not wanted (one per chunk is, so that the caller's
//   cancel check and progress keep running): callers test their filter again.
#pragma once

#include "interstice/sdk/record_view.hpp"

namespace interstice::sdk {

/// A plain function and its state (as `CancelCheck`): called on any thread, several at once, for
/// intact records only, so it must only read `state`, and must not throw. `state` must outlive
/// the cursor (or the reader's selection).
struct RecordSelection {
  bool (*wants)(const TransactionView& record, const void* state) = nullptr;  ///< null: every record
  const void* state = nullptr;
};

}  // namespace interstice::sdk
