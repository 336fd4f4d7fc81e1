// FramedWriter (see framed_writer.hpp): encodes the payload after a placeholder prefix, then
// stores its length there, so each record is one write.
#include "framed_writer.hpp"

#include "postcard_encode.hpp"

#include "interstice/sdk/error.hpp"

#include <fmt/format.h>

#include <limits>

namespace interstice::framed {

namespace {

sdk::Error record_error(const sdk::Transaction& record, const std::string& message) {
  sdk::Location location;
  location.record_index = record.index;
  return sdk::Error::input(message, std::move(location));
}

}  // namespace

void FramedWriter::write(const sdk::Transaction& record) {
  auto& out = record_;
  out.assign(4, 0);
  if (auto bad = append_transaction(out, record, generation_))
    throw record_error(record, fmt::format("{} is a {} value{}", bad->where, sdk::kind_name(bad->kind), bad->reason));
  const std::size_t length = out.size() - 4;
  if (length > std::numeric_limits<std::uint32_t>::max())
    throw record_error(record, fmt::format("the record is {} bytes, more than a framed length prefix can say", length));
  for (int i = 0; i < 4; ++i) out[static_cast<std::size_t>(i)] = static_cast<unsigned char>(length >> (8 * i));
  out_.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size()));
  if (!out_) throw record_error(record, "could not write the record");
}

void FramedWriter::finish() {
  out_.flush();
  if (!out_) throw sdk::Error::input(fmt::format("could not finish writing the {} log", generation_.id));
}

}  // namespace interstice::framed
