// Prefetches written as instructions, for the SDK's hot loops.
//
// `__builtin_prefetch` is only a hint to GCC: GCC 12 removed every one of them from
// `LogReplay::prefetch` (it compiled to a bare `ret`), and on baseline x86-64 it turns a
// prefetch for writing into a read prefetch. An `asm volatile` is kept as written.
#pragma once

namespace interstice::sdk::detail {

/// Fetches the line holding `address` into the cache, for reading.
inline void fetch_into_cache(const void* address) {
#if defined(__x86_64__) || (defined(__i386__) && defined(__SSE__))
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(address)));
#else
  __builtin_prefetch(address);
#endif
}

/// Fetches the line holding `address` for writing (PREFETCHW): the line arrives owned, so a
/// store to it soon after does not wait for another core to give it up.
inline void fetch_for_writing(const void* address) {
#if defined(__x86_64__)
  asm volatile("prefetchw %0" : : "m"(*static_cast<const char*>(address)));
#else
  __builtin_prefetch(address, 1);
#endif
}

}  // namespace interstice::sdk::detail
