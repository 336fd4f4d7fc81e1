// Counting a log's records on every thread that checks them. A command that needs only totals
// (log-inspect's statistics) hands `RecordCursor::tally` one of these instead of taking the
// records one by one from `next`. When the reader checks a big log on two threads, each thread
// then counts the records it has just checked, while they are still in its cache, into a tally of
// its own (`fresh`), and the tallies are merged (`merge`): handing every record over to the
// caller's thread to be counted there cost more than the counting.
//
// So `add` is called on any thread (for one tally, by one thread at a time), records come in no
// particular order (each carries its index), and exactly the records `next` would have handed
// out are counted, each once.
#pragma once

#include "interstice/sdk/record_view.hpp"

#include <boost/config.hpp>

#include <memory>

namespace interstice::sdk {

class BOOST_SYMBOL_VISIBLE RecordTally {
 public:
  virtual ~RecordTally() = default;
  /// Counts one intact record; its views are valid during the call only.
  virtual void add(const TransactionView& record) = 0;
  /// An empty tally of the same kind, for another thread's share: called on the caller's thread
  /// for the tally it counts into, and on a helper thread for tallies made this way.
  virtual std::unique_ptr<RecordTally> fresh() const = 0;
  /// Adds the records of `other`, a tally `fresh` made, to this one's.
  virtual void merge(const RecordTally& other) = 0;
};

}  // namespace interstice::sdk
