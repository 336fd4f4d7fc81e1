// The plugin kind that reads (and optionally writes) one family of transaction-log formats: its
// *variants* ("interstice-v1"; "framed-g1" ... "framed-g4"), a streaming `LogReader` on a
// `LogInput` for each, maybe a `LogWriter`. Commands call `open_log` (log_open.hpp). The guide:
// docs/writing-a-codec.md. Reader contract, which every built-in command relies on:
// - `next` validates the whole record (framing, every length against the bytes left, every
//   value's structure, the checksum) without allocating per value; damage stops it.
// - Nothing is allocated from a length field before the length is checked against the file.
// - Views stay valid until the next call to `next`, `resynchronize` or `retry`.
#pragma once

#include "interstice/sdk/log_input.hpp"
#include "interstice/sdk/plugin.hpp"
#include "interstice/sdk/transaction.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk {

class RecordTally;  struct RecordSelection;  // record_tally.hpp, record_selection.hpp

/// Where and why a reader stopped.
struct LogDamage {
  std::uint64_t index = 0;   ///< the damaged record's number
  std::uint64_t offset = 0;  ///< its first byte
  std::string reason;        ///< one line, e.g. "checksum mismatch: stored 0x1234abcd, computed ..."
  bool incomplete = false;    ///< runs past the end: truncated, or (--follow) still being written
};

class BOOST_SYMBOL_VISIBLE LogReader {
 public:
  virtual ~LogReader() = default;
  /// The next intact record; false at the end of the file or at damage (`damage()` says which).
  virtual bool next(TransactionView& record) = 0;
  virtual const std::optional<LogDamage>& damage() const = 0;
  /// After damage: skips to where an intact record starts, clears the damage, true; false when the
  /// format finds none. The damaged record keeps its index: later ones are numbered as before.
  virtual bool resynchronize() = 0;
  /// After `incomplete` damage and a `LogInput::refresh`: `next` reads that record again (--follow).
  virtual void retry() = 0;
  /// A record's rows decoded. `decode` and `append_json` must not change the reader: exporters call
  /// them on several threads while `next` goes on, on views copied out of the reader's buffer
  /// (read only what the view's spans hold, never the buffer around them).
  virtual Transaction decode(const TransactionView& record) const = 0;
  /// Appends to `out` exactly the serde JSON that `append_json(decode(record), part, out)`
  /// (record_json.hpp) would. The default decodes; a codec may write straight from the bytes.
  INTERSTICE_SDK_API virtual void append_json(const TransactionView& record, RowPart part, std::string& out) const;
  /// The variant being read, e.g. "interstice-v1" or "framed-g2".
  virtual std::string format() const = 0;
  /// The offset where the next record starts (after the last intact one returned).
  virtual std::uint64_t position() const = 0;
  /// Counts intact records from `position()` on into `tally` on several threads (record_tally.hpp)
  /// and moves past them: how many; 0 when `next` is to read on. The default counts none.
  INTERSTICE_SDK_API virtual std::uint64_t tally(RecordTally& tally);
  /// Lets `next` pass over intact records `selection` does not want (record_selection.hpp): the
  /// number of the record `next` reads next; nullopt (the default) when it hands out all.
  INTERSTICE_SDK_API virtual std::optional<std::uint64_t> select(const RecordSelection& selection);
};

/// Writes records in a codec's format to the caller's stream (exporters hand it an AtomicFile's).
class BOOST_SYMBOL_VISIBLE LogWriter {
 public:
  virtual ~LogWriter() = default;
  /// Encodes `record`; `Error` naming the record when the format cannot hold one of its values.
  virtual void write(const Transaction& record) = 0;
  virtual void finish() = 0;
};

struct LogVariant {
  std::string id;           ///< "framed-g2"
  std::string description;  ///< one line for `interstice plugins --verbose` and help
};

class BOOST_SYMBOL_VISIBLE LogCodec : public Plugin {
 public:
  static constexpr const char* kind = "log-codec";

  /// The variants this codec reads, oldest first (auto-detection prefers the oldest on a tie).
  virtual std::vector<LogVariant> variants() const = 0;
  /// A reader for `variant` positioned at the start of `input`. `input` outlives the reader.
  virtual std::unique_ptr<LogReader> open(LogInput& input, std::string_view variant) const = 0;
  /// A writer for `variant`, or nullptr when this codec cannot write it.
  virtual std::unique_ptr<LogWriter> writer(std::ostream&, std::string_view) const { return nullptr; }
};

}  // namespace interstice::sdk
