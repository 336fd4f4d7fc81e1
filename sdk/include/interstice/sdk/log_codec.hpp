// The plugin kind that reads (and optionally writes) one family of transaction-log formats.
//
// A codec offers one or more *variants* ("interstice-v1"; "framed-g1" ... "framed-g4"), opens a
// streaming `LogReader` on a `LogInput` for a given variant, and may offer a `LogWriter`.
// Commands never pick codecs themselves: they call `open_log` (log_open.hpp), which tries every
// codec's variants and applies the detection rules, or honours `--log-format`.
//
// Reader contract, which every built-in command relies on:
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

/// Where and why a reader stopped.
struct LogDamage {
  std::uint64_t index = 0;   ///< the damaged record's number
  std::uint64_t offset = 0;  ///< its first byte
  std::string reason;        ///< one line, e.g. "checksum mismatch: stored 0x1234abcd, computed ..."
  /// The record runs past the end of the file: the file is truncated, or (with --follow) the
  /// writer has not finished it yet.
  bool incomplete = false;
};

class BOOST_SYMBOL_VISIBLE LogReader {
 public:
  virtual ~LogReader() = default;

  /// The next intact record. False at the end of the file, or at a damaged record, in which
  /// case `damage()` says where and why.
  virtual bool next(TransactionView& record) = 0;
  virtual const std::optional<LogDamage>& damage() const = 0;

  /// After damage: skips to the next position where an intact record starts, clears the damage
  /// and returns true; false when the format gives no way to find one. The damaged record keeps
  /// its index, so later records are numbered as if it were still there.
  virtual bool resynchronize() = 0;

  /// After `incomplete` damage and a `LogInput::refresh`: clears the damage so that `next` reads
  /// the same record again (this is how `--follow` waits for a writer).
  virtual void retry() = 0;

  /// The rows of a record this reader produced, decoded into values.
  ///
  /// `decode` and `append_json` must not change the reader: exporters call them for several
  /// records at once, from several threads, while `next` goes on (on views whose bytes were
  /// copied out of the reader's buffer: both may read what the view's spans hold, never the
  /// reader's buffer around them).
  virtual Transaction decode(const TransactionView& record) const = 0;

  /// Appends to `out` exactly the serde JSON that `append_json(decode(record), part, out)`
  /// (record_json.hpp) would. The default decodes; a codec may write straight from the bytes.
  INTERSTICE_SDK_API virtual void append_json(const TransactionView& record, RowPart part, std::string& out) const;

  /// The variant being read, e.g. "interstice-v1" or "framed-g2".
  virtual std::string format() const = 0;

  /// The offset where the next record starts (after the last intact one returned).
  virtual std::uint64_t position() const = 0;
};

class JsonTranscoder;                  // util/json_transcoder.hpp: a reader's optional fast path
enum class JsonQuoting : std::uint8_t;  // util/json_chars.hpp

/// A record a scan selected: its view, and its decoded rows only when someone asks for them
/// (decoded once, then kept). Valid while the view is.
class ScannedRecord {
 public:
  /// `decoded` (when given) is the record already decoded, and must outlive this object.
  /// `transcoder` is `json_transcoder_of(reader)`, looked up once per reader by whoever scans.
  ScannedRecord(const TransactionView& view, const LogReader& reader, const Transaction* decoded = nullptr,
                const JsonTranscoder* transcoder = nullptr)
      : view_(view), reader_(&reader), transcoder_(transcoder), decoded_(decoded) {}
  /// A record that exists only decoded (no reader), e.g. one made by hand in a test.
  ScannedRecord(const TransactionView& view, const Transaction& decoded) : view_(view), decoded_(&decoded) {}

  const TransactionView& view() const { return view_; }

  /// The decoded record (decoded on first use).
  const Transaction& transaction() const {
    if (!decoded_) decoded_ = &cache_.emplace(reader_->decode(view_));
    return *decoded_;
  }

  /// Appends `part` as serde JSON: through the reader (straight from the bytes where the codec
  /// can), or from `transaction()` once decoded.
  INTERSTICE_SDK_API void append_json(RowPart part, std::string& out) const;
  /// The same with every `"` doubled for `JsonQuoting::csv_doubled` (util/csv.hpp uses it).
  INTERSTICE_SDK_API void append_json(RowPart part, std::string& out, JsonQuoting quoting) const;

  /// The reader that produced the record (null for a record made by hand).
  const LogReader* reader() const { return reader_; }
  /// The reader's JSON fast path, when the scan looked it up (else null: decode instead).
  const JsonTranscoder* transcoder() const { return transcoder_; }

  /// True when the record has an old row.
  bool has_old_row() const {
    return decoded_ ? decoded_->old_row.has_value() : view_.has_old_row;
  }

  ScannedRecord(const ScannedRecord& other)
      : view_(other.view_), reader_(other.reader_), transcoder_(other.transcoder_),
        decoded_(other.cache_ ? nullptr : other.decoded_) {
    if (other.cache_) decoded_ = &cache_.emplace(*other.cache_);
  }
  ScannedRecord& operator=(const ScannedRecord&) = delete;

 private:
  // The shared record loop hands out one ScannedRecord per cursor and forgets its decoded rows
  // between records, instead of building a new one per record.
  friend class RecordCursor;

  const TransactionView& view_;
  const LogReader* reader_ = nullptr;
  const JsonTranscoder* transcoder_ = nullptr;
  mutable const Transaction* decoded_ = nullptr;
  mutable std::optional<Transaction> cache_;
};

/// Writes records in a codec's format. The output stream is the caller's (exporters hand it an
/// AtomicFile's stream).
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
  virtual std::unique_ptr<LogWriter> writer(std::ostream& out, std::string_view variant) const {
    (void)out;
    (void)variant;
    return nullptr;
  }
};

}  // namespace interstice::sdk
