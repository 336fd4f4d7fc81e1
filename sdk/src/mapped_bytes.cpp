// Read-only memory maps of log files, and the one thing a map adds to reading: a file truncated
// by another process while the map exists makes a read of a page past its new end raise SIGBUS,
// which would kill the process with a core dump and no word about why. A process-wide SIGBUS
// handler (installed with the first map; again only if SIGBUS went back to its default) looks
// the faulting address up among the live maps. For a page past the file's end it maps a page of
// zeros in its place (mmap is async-signal-safe), notes the file offset in the map's `cut_at`
// and returns: the read is repeated and finds zeros, and RecordCursor, which checks `cut_at`
// after every record, stops the command with an input error (exit 2) that unwinds as any error
// does (temporary output files removed, `serve` answering that request with the error). Any
// other fault of our pages (an I/O error) prints the file and the byte and exits with status 2.
// A SIGBUS at any other address is handed back to the disposition that was there before.
//
// The handler may only touch async-signal-safe state: a fixed table of slots whose fields are
// atomics, claimed and released by the threads that map and unmap. A map that finds no free
// slot is not made (the caller reads with pread instead), so the table bounds nothing else.
//
// A slot also counts the map's pins (mapping_pin.hpp). A map released while pinned is orphaned:
// the slot keeps it (guard included) and the last pin's release unmaps it.
#include "interstice/sdk/detail/mapped_bytes.hpp"

#include "mapping_pin.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <utility>

#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace interstice::sdk::detail {

namespace {

struct GuardSlot {
  std::atomic<bool> taken{false};
  std::atomic<std::uintptr_t> begin{0};  ///< 0 while the slot is being filled or released
  std::atomic<std::uintptr_t> end{0};
  std::atomic<std::uint64_t> file_offset{0};  ///< the file offset of `begin`
  std::atomic<std::atomic<std::uint64_t>*> cut_at{nullptr};  ///< the map's owner's cut_at
  char path[512] = {};                        ///< written before `begin` is published
  // Under pin_mutex (never read by the handler):
  int pins = 0;
  void* orphan_base = nullptr;  ///< set when the owner let go while pinned: the pins unmap it
  std::size_t orphan_length = 0;
  /// An orphan's `cut_at` from then on: its owner (a LogInput) may be gone before its pins.
  std::atomic<std::uint64_t> orphan_cut_at{UINT64_MAX};
};

constexpr int kGuardSlots = 64;
GuardSlot guard_slots[kGuardSlots];
std::atomic<std::uintptr_t> page_size{4096};  // set before the first map (sysconf is not signal-safe)
struct sigaction previous_bus_action {};
std::mutex pin_mutex;  // pins, and a map's release against them

void write_all(const char* text, std::size_t size) {
  while (size > 0) {
    const ssize_t wrote = ::write(STDERR_FILENO, text, size);
    if (wrote <= 0) return;
    text += wrote;
    size -= static_cast<std::size_t>(wrote);
  }
}

void write_text(const char* text) { write_all(text, std::strlen(text)); }

void write_number(std::uint64_t number) {
  char digits[24];
  int at = sizeof digits;
  do {
    digits[--at] = static_cast<char>('0' + number % 10);
    number /= 10;
  } while (number != 0);
  write_all(digits + at, sizeof digits - static_cast<std::size_t>(at));
}

extern "C" void on_bus_error(int signal, siginfo_t* info, void* context) {
  const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
  for (auto& slot : guard_slots) {
    const std::uintptr_t begin = slot.begin.load(std::memory_order_acquire);
    if (begin == 0 || address < begin || address >= slot.end.load(std::memory_order_relaxed)) continue;
    const std::uint64_t at = slot.file_offset.load(std::memory_order_relaxed) + (address - begin);
    auto* cut_at = slot.cut_at.load(std::memory_order_relaxed);
    if (info->si_code == BUS_ADRERR && cut_at) {
      // The whole page lies past the end (the page holding the end reads as zeros beyond it
      // without a fault), so zeros in its place hide nothing the file still has.
      const std::uintptr_t page = address & ~(page_size.load(std::memory_order_relaxed) - 1);
      if (::mmap(reinterpret_cast<void*>(page), page_size.load(std::memory_order_relaxed), PROT_READ,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
        for (std::uint64_t seen = cut_at->load(); at < seen && !cut_at->compare_exchange_weak(seen, at);) {
        }
        return;
      }
    }
    write_text("interstice: error: ");
    write_text(slot.path);
    write_text(": at byte ");
    write_number(at);
    // BUS_ADRERR: the page lies past the file's end. Anything else is a failed read of the page
    // (an I/O error of the disk or network file system, a memory error).
    write_text(info->si_code == BUS_ADRERR
                   ? ": the file shrank while it was being read (truncated or rewritten by another process)\n"
                   : ": cannot read the file (an I/O error while reading its pages)\n");
    ::_exit(2);
  }
  // Not one of our maps: whatever handled SIGBUS before handles it now. A fault repeats when
  // this returns; a SIGBUS sent with kill is raised again.
  const struct sigaction& previous = previous_bus_action;
  const bool previous_is_default_or_ignore =
      (previous.sa_flags & SA_SIGINFO)
          ? previous.sa_sigaction == nullptr
          : previous.sa_handler == SIG_DFL || previous.sa_handler == SIG_IGN || previous.sa_handler == nullptr;
  if (!previous_is_default_or_ignore) {
    if (previous.sa_flags & SA_SIGINFO) return previous.sa_sigaction(signal, info, context);
    return previous.sa_handler(signal);
  }
  ::signal(SIGBUS, SIG_DFL);
  if (info->si_code <= 0) ::raise(SIGBUS);
}

/// Puts the handler in place when SIGBUS has its default disposition: at the first map, and
/// again after something put the default back (a test framework restores it after each test).
/// A handler someone else installed is left alone (it may chain to ours: replacing it again
/// would make the two call each other), and then our maps fault as they would without us.
void install_bus_handler() {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  struct sigaction current {};
  if (::sigaction(SIGBUS, nullptr, &current) != 0) return;
  const bool is_default = !(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_DFL;
  static bool installed_once = false;
  if (installed_once ? !is_default : (current.sa_flags & SA_SIGINFO) && current.sa_sigaction == on_bus_error)
    return;
  installed_once = true;
  struct sigaction action {};
  action.sa_sigaction = on_bus_error;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_SIGINFO;
  ::sigaction(SIGBUS, &action, &previous_bus_action);
}

/// Claims a slot for [begin, end) of `path` from `file_offset`; -1 when every slot is taken.
int claim_guard(const void* begin, std::size_t size, const std::filesystem::path& path, std::uint64_t file_offset,
                std::atomic<std::uint64_t>* cut_at) {
  install_bus_handler();
  for (int i = 0; i < kGuardSlots; ++i) {
    auto& slot = guard_slots[i];
    bool expected = false;
    if (!slot.taken.compare_exchange_strong(expected, true, std::memory_order_acquire)) continue;
    const std::string& name = path.native();
    const std::size_t length = std::min(name.size(), sizeof slot.path - 1);
    std::memcpy(slot.path, name.data(), length);
    slot.path[length] = '\0';
    slot.file_offset.store(file_offset, std::memory_order_relaxed);
    slot.cut_at.store(cut_at, std::memory_order_relaxed);
    slot.end.store(reinterpret_cast<std::uintptr_t>(begin) + size, std::memory_order_relaxed);
    slot.begin.store(reinterpret_cast<std::uintptr_t>(begin), std::memory_order_release);
    return i;
  }
  return -1;
}

void release_guard(int index) {
  auto& slot = guard_slots[index];
  slot.begin.store(0, std::memory_order_release);
  slot.taken.store(false, std::memory_order_release);
}

/// The size of the page cache's largest folios (x86-64's PMD). A file read from disk once, by
/// any reader, is held in folios this large (Linux 6.x readahead, ext4 and XFS), and the kernel
/// maps such a folio with one page-table entry instead of 512, if the map covers the folio's
/// whole stretch of the file at an address congruent to its offset. On the 200 MB benchmark log
/// that made mapping and unmapping 4 MiB chunks 6.2 -> 3.3 ms; a file written in small appends
/// and still in the cache is held in small folios, and costs what it did (22 ms).
constexpr std::uint64_t kFolioStretch = std::uint64_t{2} << 20;

/// Maps `file[start, start + length)` (a page-aligned start) read-only inside a map of the whole
/// 2 MiB stretches around it (up to the file's end), placed congruent to the file offsets, and
/// enters the pages of the range asked for (MADV_POPULATE_READ; a file not in the cache is read
/// here, as pread would read it). Sets `map_base`/`map_length` to what to unmap; null on failure.
void* map_in_folio_stretches(int fd, std::uint64_t start, std::size_t length, std::uint64_t page, void*& map_base,
                             std::size_t& map_length) {
  struct stat file {};
  const std::uint64_t end = start + length;
  std::uint64_t stretch_end = (end + kFolioStretch - 1) / kFolioStretch * kFolioStretch;
  if (::fstat(fd, &file) == 0) {
    const std::uint64_t file_end = (static_cast<std::uint64_t>(file.st_size) + page - 1) / page * page;
    stretch_end = std::max(end, std::min(stretch_end, file_end));
  } else {
    stretch_end = end;
  }
  const std::uint64_t stretch_start = start - start % kFolioStretch;
  map_length = static_cast<std::size_t>(stretch_end - stretch_start);
  // Reserve addresses with a stretch to spare, map the file at the first aligned one, give back the rest.
  void* reserved = ::mmap(nullptr, map_length + kFolioStretch, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                          -1, 0);
  if (reserved == MAP_FAILED) return nullptr;
  const auto reserved_at = reinterpret_cast<std::uintptr_t>(reserved);
  const std::uintptr_t at = (reserved_at + kFolioStretch - 1) / kFolioStretch * kFolioStretch;
  void* base = ::mmap(reinterpret_cast<void*>(at), map_length, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd,
                      static_cast<off_t>(stretch_start));
  if (base == MAP_FAILED) {
    ::munmap(reserved, map_length + kFolioStretch);
    return nullptr;
  }
  if (at > reserved_at) ::munmap(reserved, at - reserved_at);
  const std::uintptr_t tail = at + map_length, reserved_end = reserved_at + map_length + kFolioStretch;
  if (reserved_end > tail) ::munmap(reinterpret_cast<void*>(tail), reserved_end - tail);
  map_base = base;
  auto* wanted = static_cast<unsigned char*>(base) + (start - stretch_start);
  // A file not in the cache is then read in large folios too; both calls are hints, and a kernel
  // without MADV_POPULATE_READ (before 5.14) faults the pages in as they are read.
  ::madvise(base, map_length, MADV_HUGEPAGE);
  ::madvise(wanted, length, MADV_POPULATE_READ);
  return wanted;
}

}  // namespace

MappedBytes::MappedBytes(int fd, const std::filesystem::path& path, std::uint64_t offset, std::size_t size,
                         std::atomic<std::uint64_t>* cut_at) {
  if (size == 0) return;
  static const std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  page_size.store(page, std::memory_order_relaxed);
  const std::uint64_t start = offset - offset % page;
  void* base = nullptr;
  std::size_t length = 0;
  const void* wanted =
      map_in_folio_stretches(fd, start, static_cast<std::size_t>(offset - start) + size, page, base, length);
  if (!wanted) return;
  const auto* data = static_cast<const unsigned char*>(wanted) + (offset - start);
  const int guard = claim_guard(data, size, path, offset, cut_at);
  if (guard < 0) {
    ::munmap(base, length);
    return;
  }
  data_ = data;
  size_ = size;
  base_ = base;
  length_ = length;
  guard_ = guard;
}

MappedBytes::~MappedBytes() { release(); }

MappedBytes::MappedBytes(MappedBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      base_(std::exchange(other.base_, nullptr)),
      length_(std::exchange(other.length_, 0)),
      guard_(std::exchange(other.guard_, -1)) {}

MappedBytes& MappedBytes::operator=(MappedBytes&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    base_ = std::exchange(other.base_, nullptr);
    length_ = std::exchange(other.length_, 0);
    guard_ = std::exchange(other.guard_, -1);
  }
  return *this;
}

void MappedBytes::release() noexcept {
  if (!base_) return;
  bool pinned = false;
  {
    std::lock_guard lock(pin_mutex);
    GuardSlot& slot = guard_slots[guard_];
    if (slot.pins > 0) {
      slot.orphan_base = base_;
      slot.orphan_length = length_;
      slot.orphan_cut_at.store(UINT64_MAX, std::memory_order_relaxed);
      if (slot.cut_at.load(std::memory_order_relaxed)) slot.cut_at.store(&slot.orphan_cut_at, std::memory_order_relaxed);
      pinned = true;
    } else {
      // The slot goes first: once the pages are unmapped the same addresses may be mapped again
      // for another file, whose faults must not be reported under this one's name.
      release_guard(guard_);
    }
  }
  if (!pinned) ::munmap(base_, length_);
  data_ = nullptr;
  base_ = nullptr;
  size_ = length_ = 0;
  guard_ = -1;
}

MappingPin MappingPin::of(const void* data, std::size_t size) {
  MappingPin pin;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  if (begin == 0) return pin;
  std::lock_guard lock(pin_mutex);
  // The bytes are live (their reader hands them out), so the one map holding them cannot be
  // released meanwhile; no other map can hold the same addresses.
  for (int i = 0; i < kGuardSlots; ++i) {
    GuardSlot& slot = guard_slots[i];
    const std::uintptr_t slot_begin = slot.begin.load(std::memory_order_acquire);
    const std::uintptr_t slot_end = slot.end.load(std::memory_order_relaxed);
    if (slot_begin == 0 || begin < slot_begin || begin + size > slot_end) continue;
    ++slot.pins;
    pin.slot_ = i;
    pin.begin_ = reinterpret_cast<const unsigned char*>(slot_begin);
    pin.end_ = reinterpret_cast<const unsigned char*>(slot_end);
    break;
  }
  return pin;
}

MappingPin::MappingPin(MappingPin&& other) noexcept
    : slot_(std::exchange(other.slot_, -1)),
      begin_(std::exchange(other.begin_, nullptr)),
      end_(std::exchange(other.end_, nullptr)) {}

MappingPin& MappingPin::operator=(MappingPin&& other) noexcept {
  if (this != &other) {
    release();
    slot_ = std::exchange(other.slot_, -1);
    begin_ = std::exchange(other.begin_, nullptr);
    end_ = std::exchange(other.end_, nullptr);
  }
  return *this;
}

void MappingPin::release() noexcept {
  if (slot_ < 0) return;
  void* base = nullptr;
  std::size_t length = 0;
  {
    std::lock_guard lock(pin_mutex);
    GuardSlot& slot = guard_slots[slot_];
    if (--slot.pins == 0 && slot.orphan_base) {
      base = std::exchange(slot.orphan_base, nullptr);
      length = std::exchange(slot.orphan_length, 0);
      release_guard(slot_);  // first, as in MappedBytes::release
    }
  }
  if (base) ::munmap(base, length);
  slot_ = -1;
  begin_ = end_ = nullptr;
}

}  // namespace interstice::sdk::detail
