// The framed codec, one harness per generation (framed_g1 ... framed_g4): the input as one
// postcard payload (the walk accepts exactly what the decoder decodes, with the facts the walk
// found) and as a whole log file read through the generation's reader (log_reading.hpp: the
// reader contract on every record, damage and skipping past it, any LogInput block size). Every
// payload that decodes is also written back (postcard_encode.hpp): the writer must accept it and
// decode(encode(tx)) == tx, with the canonical bytes stable under a second round.
#include "harness.hpp"
#include "log_reading.hpp"

#include "framed_decode.hpp"
#include "framed_reader.hpp"
#include "framed_walk.hpp"
#include "postcard_encode.hpp"

#include "interstice/sdk/error.hpp"

namespace interstice::fuzz::framed_log {

namespace {

namespace framed = interstice::framed;

/// The writer inverts the decoder on `decoded`, which came from a payload of `generation`.
void check_round_trip(const sdk::Transaction& decoded, const framed::Generation& generation) {
  std::vector<unsigned char> written;
  const auto refused = framed::append_transaction(written, decoded, generation);
  FUZZ_CHECK(!refused, "the writer refuses a decoded transaction: " + (refused ? refused->where + refused->reason : ""));
  sdk::Transaction again;
  try {
    again = framed::decode_transaction(written, generation);
  } catch (const sdk::Error& e) {
    FUZZ_CHECK(false, std::string("the writer's payload does not decode: ") + e.what());
  }
  FUZZ_CHECK(again == decoded, "decode(encode(tx)) differs from tx");
  std::vector<unsigned char> rewritten;
  framed::append_transaction(rewritten, again, generation);
  FUZZ_CHECK(rewritten == written, "the writer's bytes change on a second round");
}

void check_payload(Input payload, const framed::Generation& generation) {
  framed::WalkedTransaction shape;
  framed::DecodeError error;
  const bool walked = framed::walk_transaction(payload, generation, shape, error);
  if (walked) {
    FUZZ_CHECK(shape.row_begin <= shape.row_end && shape.row_end <= payload.size(), "the walk's row lies outside the payload");
  }
  try {
    const auto decoded = framed::decode_transaction(payload, generation);
    FUZZ_CHECK(walked, "decoded a payload the walk rejects: " + framed::describe(error));
    FUZZ_CHECK(decoded.module == shape.module && decoded.table == shape.table && decoded.operation == shape.operation,
               "the decoder and the walk disagree about the transaction");
    FUZZ_CHECK(decoded.row.key_only == (shape.operation == sdk::Operation::Delete), "a delete must carry only a key");
    check_round_trip(decoded, generation);
  } catch (const sdk::Error& e) {
    FUZZ_CHECK(e.kind() == sdk::ErrorKind::input, std::string("not an input error: ") + e.what());
    FUZZ_CHECK(!walked, std::string("the walk accepts a payload the decoder rejects: ") + e.what());
    FUZZ_CHECK(e.message() == framed::describe(error), "the decoder's reason " + e.message() + " is not the walk's " +
                                                           framed::describe(error));
  }
}

template <std::size_t kGeneration>
void generation_target(Input input) {
  static const framed::Generation& generation = framed::generations()[kGeneration];
  static ScratchFile log("framed-log");
  check_payload(input, generation);
  log.write(input);
  read_log_two_ways(log.path(), [](sdk::LogInput& in) -> std::unique_ptr<sdk::LogReader> {
    return std::make_unique<framed::FramedReader>(in, generation);
  });
}

}  // namespace

}  // namespace interstice::fuzz::framed_log

INTERSTICE_FUZZ_TARGET(framed_g1, interstice::fuzz::framed_log::generation_target<0>);
INTERSTICE_FUZZ_TARGET(framed_g2, interstice::fuzz::framed_log::generation_target<1>);
INTERSTICE_FUZZ_TARGET(framed_g3, interstice::fuzz::framed_log::generation_target<2>);
INTERSTICE_FUZZ_TARGET(framed_g4, interstice::fuzz::framed_log::generation_target<3>);
