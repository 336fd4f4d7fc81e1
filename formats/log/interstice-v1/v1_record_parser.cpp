// The record checks (see v1_record_parser.hpp). This is the reader's hot path: straight-line
// code, one bounds comparison per field, no allocation; CRC-32 from crc32_fast.hpp.
#include "v1_record_parser.hpp"

#include "crc32_fast.hpp"
#include "utf8_fast.hpp"

#include "interstice/sdk/util/utf8.hpp"

#include <fmt/format.h>

namespace interstice::v1_codec {

namespace {

class RecordParser {
 public:
  RecordParser(const unsigned char* data, std::size_t available, std::uint64_t file_left, ParseFailure& failure)
      : data_(data), available_(available), file_left_(file_left), failure_(failure) {}

  ParseStatus run(RecordLayout& layout) {
    if (!ensure(1, Field::version)) return status_;
    if (data_[0] != kVersion) return reject_byte(ParseStatus::bad_version, data_[0]);
    pos_ = 1;
    if (!ensure(1, Field::type)) return status_;
    const unsigned char type = data_[1];
    if (type < 1 || type > 3) return reject_byte(ParseStatus::bad_type, type);
    layout.type = static_cast<TypeByte>(type);
    pos_ = 2;
    if (!name(Field::module_name_len, Field::module_name, layout.module_at, layout.module_size)) return status_;
    if (!name(Field::table_name_len, Field::table_name, layout.table_at, layout.table_size)) return status_;
    if (!row(layout)) return status_;
    if (!old_row(layout)) return status_;
    if (!ensure(8, Field::timestamp)) return status_;
    layout.timestamp = load_u64(data_ + pos_);
    pos_ += 8;
    if (!ensure(4, Field::checksum)) return status_;
    layout.checksum = load_u32(data_ + pos_);
    const auto computed = crc32_of(data_, pos_);
    if (computed != layout.checksum) [[unlikely]] {
      failure_.stored = layout.checksum;
      failure_.computed = computed;
      return reject(ParseStatus::checksum_mismatch);
    }
    layout.size = pos_ + 4;
    return ParseStatus::ok;
  }

 private:
  /// Are `n` more bytes in hand? If not, either the file ends first (truncated) or the caller
  /// must fetch more (need_more).
  bool ensure(std::uint64_t n, Field field) {
    if (n <= available_ - pos_) [[likely]] return true;
    missing(n, field);
    return false;
  }

  void missing(std::uint64_t n, Field field) {
    failure_.field = field;
    if (n > file_left_ - pos_) {
      failure_.need = n;
      failure_.have = file_left_ - pos_;
      reject(ParseStatus::truncated);
    } else {
      failure_.need = pos_ + n;
      reject(ParseStatus::need_more);
    }
  }

  ParseStatus reject(ParseStatus status) { return failure_.status = status_ = status; }
  ParseStatus reject_byte(ParseStatus status, unsigned char byte) {
    failure_.byte = byte;
    return reject(status);
  }

  bool length_field(Field field, std::uint32_t& length) {
    if (!ensure(4, field)) return false;
    length = load_u32(data_ + pos_);
    pos_ += 4;
    return true;
  }

  [[gnu::always_inline]] bool name(Field length_name, Field field, std::size_t& at, std::size_t& size) {
    std::uint32_t length;
    if (!length_field(length_name, length)) return false;
    if (length > available_ - pos_) [[unlikely]] {
      // The name is in the file but not all in hand. If the part we hold already has an
      // invalid sequence, the answer is known without fetching the rest: this keeps the
      // resynchronisation scan from reading megabytes for a garbage length.
      // (Valid text, the common case for a garbage length over ASCII bytes, is told by the
      // vector validator; only text it rejects is searched for an error that is not just the cut.)
      if (length <= file_left_ - pos_ && !utf8_valid_fast(data_ + pos_, available_ - pos_)) {
        auto error = sdk::find_utf8_error(data_ + pos_, available_ - pos_);
        if (error && error->error_len != 0) return bad_name(field);
      }
      missing(length, field);
      return false;
    }
    if (!utf8_valid_fast(data_ + pos_, length)) [[unlikely]] return bad_name(field);
    at = pos_;
    size = length;
    pos_ += length;
    return true;
  }

  bool bad_name(Field field) {
    failure_.field = field;
    reject(ParseStatus::bad_utf8);
    return false;
  }

  /// A length-prefixed bincode field, checked by `walk(size)` over its first `size` bytes.
  /// When the field is in the file but not all in hand, the part in hand is walked first: a
  /// failure that more bytes cannot change is already the answer (bincode reads front to back,
  /// so it would stop at the same place). This keeps the resynchronisation scan from fetching
  /// megabytes for a garbage length.
  template <typename WalkFn>
  bool bincode_field(Field length_name, Field field, ParseStatus undecodable, std::uint32_t& length, WalkFn&& walk) {
    if (!length_field(length_name, length)) return false;
    if (length > available_ - pos_) [[unlikely]] {
      const bool settled = length <= file_left_ - pos_ && !walk(available_ - pos_) && !ran_out(failure_.bincode);
      if (settled) {
        reject(undecodable);
      } else {
        missing(length, field);
      }
      return false;
    }
    if (!walk(length)) [[unlikely]] {
      reject(undecodable);
      return false;
    }
    return true;
  }

  static bool ran_out(const BincodeProblem& problem) {
    return problem.failure == BincodeFailure::end_of_input || problem.failure == BincodeFailure::string_past_end;
  }

  bool row(RecordLayout& layout) {
    std::uint32_t length;
    auto walk = [&](std::size_t size) {
      return walk_row(data_ + pos_, size, failure_.bincode, &layout.row_used, &layout.row_key_used);
    };
    if (!bincode_field(Field::row_len, Field::row, ParseStatus::row_decode, length, walk)) return false;
    layout.row_at = pos_;
    layout.row_size = length;
    pos_ += length;
    return true;
  }

  bool old_row(RecordLayout& layout) {
    std::uint32_t length;
    auto walk = [&](std::size_t size) {
      return walk_option_row(data_ + pos_, size, layout.has_old_row, failure_.bincode, &layout.old_row_used,
                             &layout.old_row_key_used);
    };
    if (!bincode_field(Field::old_row_len, Field::old_row, ParseStatus::old_row_decode, length, walk)) return false;
    // The view's old row is the Row itself, without the Option tag, so that it compares with
    // `row` byte for byte.
    layout.old_row_at = layout.has_old_row ? pos_ + 1 : pos_;
    layout.old_row_size = layout.has_old_row ? length - 1 : 0;
    pos_ += length;
    return true;
  }

  const unsigned char* data_;
  std::size_t available_;
  std::uint64_t file_left_;
  std::size_t pos_ = 0;
  ParseFailure& failure_;
  ParseStatus status_ = ParseStatus::ok;
};

}  // namespace

ParseStatus parse_record(const unsigned char* data, std::size_t available, std::uint64_t file_left,
                         RecordLayout& layout, ParseFailure& failure) {
  return RecordParser(data, available, file_left, failure).run(layout);
}

std::string describe(const ParseFailure& failure) {
  switch (failure.status) {
    case ParseStatus::ok: return "intact";
    case ParseStatus::need_more: return fmt::format("needs {} bytes in hand", failure.need);
    case ParseStatus::truncated:
      return fmt::format("truncated in {}: need {} bytes, have {}", field_name(failure.field), failure.need,
                         failure.have);
    case ParseStatus::bad_version: return fmt::format("bad version byte {}", failure.byte);
    case ParseStatus::bad_type: return fmt::format("bad type byte {}", failure.byte);
    case ParseStatus::bad_utf8: return fmt::format("{} is not UTF-8", field_name(failure.field));
    case ParseStatus::row_decode: return "row bincode decode failed: " + describe(failure.bincode);
    case ParseStatus::old_row_decode: return "old_row bincode decode failed: " + describe(failure.bincode);
    case ParseStatus::checksum_mismatch:
      return fmt::format("checksum mismatch: stored 0x{:08x}, computed 0x{:08x}", failure.stored, failure.computed);
  }
  return "unknown damage";
}

}  // namespace interstice::v1_codec
