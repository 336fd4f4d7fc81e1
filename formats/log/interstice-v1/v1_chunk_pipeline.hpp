// Checks a big log's records on two threads while the reader hands them out in order on the
// caller's thread. Why and how:
//
// Checking a record (UTF-8, the bincode walk, CRC-32) costs about four times reading it, and
// every record can be checked on its own once its bytes are in memory. So a worker thread reads
// the log in chunks of a few MiB (mapped, or read into buffers, in a small ring of slots, which
// bounds the memory), frames each chunk into records by their length fields, and checks records
// from the chunk's back, while the caller's thread, inside `next()`, checks records from the
// front of the chunk it is handing out. The two ends claim batches of records with one atomic
// word and meet somewhere in the middle, so the work splits itself between the threads whatever
// else each one is doing (the caller also spends time on every record it receives; the worker
// also reads).
//
// Why this cannot change what the reader reports: a record is handed out from a chunk only when
// the same parser the sequential reader uses, run over the same bytes, found it intact, and
// records are handed out strictly in file order, stopping at the first one that is not intact.
// Everything else (damage, a record larger than a chunk, a length past the end of the file, the
// end of the file, a read error) is handed back to the sequential reader at exactly the record
// where it happens, so the damage it reports is computed by the code that always computed it.
#pragma once

#include "v1_chunk.hpp"

#include "interstice/sdk/tracer.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace interstice::v1_codec {

class ChunkPipeline {
 public:
  static constexpr std::size_t kChunkBytes = std::size_t{4} << 20;
  /// Buffers in the ring: the one being handed out and two the worker can fill ahead.
  static constexpr std::size_t kSlots = 3;
  /// Records claimed at a time: small enough for the ends to meet evenly, large enough that
  /// claiming costs nothing next to checking (~15 KiB of records).
  static constexpr std::size_t kBatch = 32;
  /// Chunks per probe window (see `not_paying`), and the process's CPU time over wall time below
  /// which the pipeline gives way: two threads that really overlap reach ~1.8 here.
  static constexpr std::size_t kProbeChunks = 3;
  static constexpr double kMinOverlap = 1.3;

  explicit ChunkPipeline(const sdk::LogInput& input);
  ~ChunkPipeline();
  ChunkPipeline(const ChunkPipeline&) = delete;
  ChunkPipeline& operator=(const ChunkPipeline&) = delete;

  /// Starts reading at `offset` (a record start), treating the file as `file_size` bytes long.
  /// Throws (std::system_error) when the worker thread cannot be started.
  void start(std::uint64_t offset, std::uint64_t file_size);
  /// Stops the worker and drops every chunk; a no-op when not running.
  void stop();
  bool running() const { return running_; }

  /// The next record in file order if it is intact: `record` points at its first byte, and the
  /// bytes stay valid until the next call to `next` or `stop`. False when the record must go
  /// through the sequential reader (see above), or when the pipeline is not paying (below);
  /// the caller then stops the pipeline and reads on sequentially from the same record.
  bool next(const unsigned char*& record, RecordLayout& layout);

  /// True after `next` returned false because the process did not really have two CPUs:
  /// with one CPU to share (other work on the machine, an affinity mask), the pipeline costs
  /// about a third more than the sequential reader (the records are checked and handed out at
  /// different times, so each is fetched into the cache twice).
  bool not_paying() const { return not_paying_; }

 private:
  void work();
  /// The oldest published chunk that still has records nobody claimed (under the mutex).
  Chunk* unclaimed_chunk();
  /// Makes sure record `i` of the current chunk has been checked, by checking the next batch
  /// from the front or by waiting for the worker's batch that holds it.
  void ensure_checked(Chunk& chunk, std::size_t i);
  /// Called once per chunk handed out: every kProbeChunks, compares the CPU time the process
  /// used with the time that passed, and sets not_paying_ when its threads overlapped too little.
  void probe();
  double cpu_seconds() const;

  const sdk::LogInput& input_;
  std::vector<Chunk> slots_;
  std::thread worker_;

  // Shared with the worker, under `mutex_` (stop_ is also read between batches without it).
  std::mutex mutex_;
  std::condition_variable worker_wake_;  ///< a slot was freed, or start / stop / quit
  std::condition_variable caller_wake_;  ///< a chunk was published, or the worker went idle
  bool active_ = false;                  ///< the worker may produce chunks
  std::atomic<bool> stop_{false};        ///< the caller is stopping: drop what is in hand
  bool quit_ = false;
  bool busy_ = false;         ///< the worker is outside its wait (touching slots)
  bool exhausted_ = false;    ///< the last chunk has been published
  std::uint64_t next_offset_ = 0, file_size_ = 0;
  std::uint64_t published_ = 0;  ///< chunks published since start; chunk n is in slot n % kSlots
  std::uint64_t released_ = 0;   ///< chunks the caller is done with
  sdk::Tracer* tracer_ = nullptr;  ///< `--trace`: the worker's "read chunk" spans, under
  sdk::SpanRef parent_;            ///< the span that was open on the caller's thread at `start`

  // The caller's own state.
  bool running_ = false;
  Chunk* current_ = nullptr;   ///< the chunk being handed out (number released_)
  std::size_t cursor_ = 0;     ///< its next record
  std::size_t front_done_ = 0; ///< records [0, front_done_) are known to be checked
  bool not_paying_ = false;
  std::size_t probe_chunks_ = 0;  ///< chunks handed out since the probe window started
  std::chrono::steady_clock::time_point probe_wall_;
  double probe_cpu_ = 0;
};

}  // namespace interstice::v1_codec
