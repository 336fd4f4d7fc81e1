#!/usr/bin/env bash
# Transaction-log throughput. Generates a ~200 MB v1 log with the reference encoder
# (../shared/oracle, built offline with cargo) and measures, in the same run and on the same
# file: the reference reader (`interstice-oracle bench-read`, the seed's Rust algorithm), a plain
# block read, a bare CRC-32 pass (libdeflate), `interstice log-inspect`, `log-query` with a
# selective filter (one table of twelve) and `log-export` to csv, ndjson and sqlite; then the
# same interstice commands on a framed log of the same size (the real runtime's format, made by
# repeating real samples' records). Prints seconds, MB/s (1 MB = 1e6 B of input), ratios and
# peak RSS, then PASS/FAIL for the targets (issue 13): log-inspect and the selective log-query
# >= 8x the reference reader (read + decode), log-inspect >= 25% of the bare CRC pass; log-export
# csv and ndjson >= 2.5x, sqlite (no schema) >= 1x; every peak RSS <= 64 MB.
# A missed target is reported loudly but the exit status stays 0 (a benchmark, not a test);
# the status is 2 when something cannot be built or run at all.
#
#   bench/log-throughput.sh [--runs N] [--size BYTES] [--seed S] [--profile]
#
#   INTERSTICE=path/to/interstice   host to measure (default build/stage/bin/interstice)
#   BASELINE=path/to/interstice     also measure this host, its runs alternating with the
#                                   measured host's ("before: " rows above each row)
#   ORACLE_SRC=dir                  reference encoder sources (default ../shared/oracle)
#   BENCH_CACHE=dir                 oracle build, generated logs, CRC tool (default build/bench-cache)
#   BENCH_PROFILER=perf|callgrind   with --profile: the profiler (default perf when usable)
#   REAL_SAMPLES=dir                the framed samples (default ../shared/fixtures/interstice-real)
#
# Adding a measured command is one line: see "Measured interstice commands" below.
set -euo pipefail
export LC_ALL=C  # numbers with '.' as the decimal point, whatever the locale
cd "$(dirname "$0")/.."
repo=$PWD

# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"
bench_settings log-throughput
profile=0
while [ $# -gt 0 ]; do
  if bench_common_option "$@"; then shift 2; continue; fi
  case $1 in
    --profile) profile=1; shift ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

# --- Prerequisites -------------------------------------------------------------------------------
[ -x "$host" ] || die "no $host: run ./scripts/setup first (or set INTERSTICE)"
command -v cc >/dev/null || die "no C compiler (cc): apt-get install gcc"
[ -f /usr/include/libdeflate.h ] || die "libdeflate.h is missing: apt-get install libdeflate-dev"

# The reference encoder, the log and the timing helpers (bench/lib.sh, shared with determinism.sh).
bench_prepare

# --- The bare passes: read the file in 4 MiB blocks (LogInput's block size), with or without CRC --
crc_tool=$cache/crc-pass
crc_src=$cache/crc-pass.c
cat >"$crc_src.new" <<'C'
/* crc-pass crc|read FILE [BLOCK]: read FILE front to back in BLOCK-byte read()s (default 4 MiB)
   into one reused buffer; with `crc`, run libdeflate_crc32 over every block.
   crc-pass map FILE THREADS: the way the record pipeline reads a log: map it 4 MiB at a time
   (MADV_POPULATE_READ), run libdeflate_crc32 over the map, unmap; chunks dealt in turn to
   THREADS threads. Prints the byte count and the CRC so the work cannot be skipped. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif

enum { kChunk = 4 << 20, kMaxThreads = 64 };
static int map_fd, map_threads;
static unsigned long long map_size;
static unsigned map_crcs[kMaxThreads];
static int populate_warned;

static void* map_chunks(void* arg) {
  const long me = (long)arg;
  unsigned crc = 0;
  for (unsigned long long at = (unsigned long long)me * kChunk; at < map_size; at += (unsigned long long)map_threads * kChunk) {
    const size_t size = map_size - at < kChunk ? (size_t)(map_size - at) : kChunk;
    unsigned char* bytes = mmap(NULL, size, PROT_READ, MAP_SHARED, map_fd, (off_t)at);
    if (bytes == MAP_FAILED) { perror("mmap"); exit(1); }
    if (madvise(bytes, size, MADV_POPULATE_READ) != 0 && __atomic_exchange_n(&populate_warned, 1, __ATOMIC_RELAXED) == 0)
      fprintf(stderr, "crc-pass: MADV_POPULATE_READ: %s (Linux 5.14 or later): pages fault in as read\n", strerror(errno));
    crc ^= (unsigned)libdeflate_crc32(0, bytes, size);
    munmap(bytes, size);
  }
  map_crcs[me] = crc;
  return NULL;
}

int main(int argc, char** argv) {
  if (argc < 3 || (strcmp(argv[1], "crc") != 0 && strcmp(argv[1], "read") != 0 && strcmp(argv[1], "map") != 0)) {
    fprintf(stderr, "usage: crc-pass crc|read FILE [BLOCK_BYTES] | crc-pass map FILE THREADS\n");
    return 2;
  }
  const int fd = open(argv[2], O_RDONLY);
  if (fd < 0) { fprintf(stderr, "%s: %s\n", argv[2], strerror(errno)); return 1; }
  if (strcmp(argv[1], "map") == 0) {
    struct stat st;
    if (fstat(fd, &st) != 0) { fprintf(stderr, "%s: %s\n", argv[2], strerror(errno)); return 1; }
    map_fd = fd;
    map_size = (unsigned long long)st.st_size;
    map_threads = argc > 3 ? atoi(argv[3]) : 2;
    if (map_threads < 1 || map_threads > kMaxThreads) {
      fprintf(stderr, "crc-pass map: THREADS must be 1..%d\n", kMaxThreads);
      return 2;
    }
    pthread_t threads[kMaxThreads];
    for (long t = 0; t < map_threads; ++t) {
      const int failed = pthread_create(&threads[t], NULL, map_chunks, (void*)t);
      if (failed) { fprintf(stderr, "crc-pass: pthread_create: %s\n", strerror(failed)); return 1; }
    }
    unsigned crc = 0;
    for (int t = 0; t < map_threads; ++t) {
      pthread_join(threads[t], NULL);
      crc ^= map_crcs[t];
    }
    printf("bytes %llu chunk crc32s 0x%08x\n", map_size, crc);
    return 0;
  }
  const int crc_on = strcmp(argv[1], "crc") == 0;
  const size_t block = argc > 3 ? (size_t)strtoull(argv[3], NULL, 10) : (size_t)4 << 20;
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  unsigned char* buffer = malloc(block);
  if (!buffer) return 1;
  unsigned long long total = 0;
  unsigned crc = 0;
  for (;;) {
    const ssize_t got = read(fd, buffer, block);
    if (got < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "%s: %s\n", argv[2], strerror(errno));
      return 1;
    }
    if (got == 0) break;
    if (crc_on) crc = (unsigned)libdeflate_crc32(crc, buffer, (size_t)got);
    total += (unsigned long long)got;
  }
  printf("bytes %llu crc32 0x%08x\n", total, crc);
  return 0;
}
C
if [ ! -x "$crc_tool" ] || ! cmp -s "$crc_src" "$crc_src.new"; then
  cc -O2 -D_FILE_OFFSET_BITS=64 -o "$crc_tool.new" -x c "$crc_src.new" -ldeflate -lpthread || die "could not compile crc-pass (needs libdeflate-dev)"
  mv "$crc_tool.new" "$crc_tool"
  mv "$crc_src.new" "$crc_src"
else
  rm -f "$crc_src.new"
fi

# The reference reader times itself (read_s, decode_s, elapsed_s = read + decode); the best of
# `runs` single-pass runs is taken. Its process CPU time also covers a crc32fast pass over the
# buffer that bench-read makes after decoding (~4% here). Its RSS holds the whole file.
measure_reference() {
  local result wall cpu elapsed decode rss
  result=$(python3 "$work/run.py" "$runs" "$work/reference.out" "$work/stderr" "$oracle" bench-read "$log")
  [[ $result != FAILED* ]] || die "bench-read failed: $(cat "$work/stderr")"
  read -r wall cpu <<<"$result"
  ref_process_wall=$wall
  elapsed=$(awk '/^elapsed_s:/ { if (best == "" || $2 < best) best = $2 } END { print best }' "$work/reference.out")
  decode=$(awk '/^decode_s:/ { if (best == "" || $2 < best) best = $2 } END { print best }' "$work/reference.out")
  rss=$(peak_rss "$oracle" bench-read "$log")
  row "reference reader (read+decode)" "$elapsed" "$cpu" "$rss" ok ref
  row "reference reader (decode only)" "$decode" "" "" ok ref-decode
  say "$(printf '%-32s' "reference reader") read+decode $elapsed s, decode only $decode s (process: wall $wall s, cpu $cpu s)${rss:+, peak RSS $rss KiB}"
}

read -r load1 _ </proc/loadavg
cpus=$(nproc)
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$(dirname "$(dirname "$(dirname "$host")")")/CMakeCache.txt" 2>/dev/null || true)
say "log: $log ($bytes bytes, $records records); best of $runs runs, warm page cache"
cat "$log" >/dev/null  # warm the page cache

# A framed log of about the same size, from real samples (g2: a u32 length before each postcard
# record, no file header): eleven copies of one sample with four hello/greetings records, then
# one with a graphics/pipelinetable record, repeated; the selective query asks for pipelinetable
# (2% of the records). Made once into the cache.
real_samples=${REAL_SAMPLES:-$repo/../shared/fixtures/interstice-real}
framed_table=pipelinetable
framed_log=$cache/framed-g2-mix-$bytes.log
if [ ! -s "$framed_log" ]; then
  [ -s "$real_samples/g2-0402b90.log" ] || die "no framed samples in $real_samples (set REAL_SAMPLES)"
  python3 - "$real_samples/g2-0402b90.log" "$real_samples/g2-29eb569.log" "$bytes" "$framed_log.new" <<'PY' \
    || die "could not write $framed_log"
import sys
greetings, pipeline = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
unit = greetings * 11 + pipeline
size = int(sys.argv[3])
open(sys.argv[4], "wb").write(unit * (size // len(unit) + 1))
PY
  mv "$framed_log.new" "$framed_log"
fi
cat "$framed_log" >/dev/null  # warm the page cache

measure_reference
note=context measure "plain read (4 MiB blocks)" "$crc_tool" read "$log"
note=crc measure "bare CRC32 pass (libdeflate)" "$crc_tool" crc "$log"
# The floor of the pipeline's own way of reading: 4 MiB maps on two threads, one CRC pass over
# them, nothing decoded (the kernel's mapping work depends on the page cache's folio sizes).
note=context measure "mapped CRC32 pass, 2 threads" "$crc_tool" map "$log" 2

# --- Measured interstice commands: one line each -------------------------------------------------
# measure_interstice NAME COMMAND ARGS...   (output goes to /dev/null; MB/s are of input bytes)
# The selective query: one (module, table) of the generator's twelve, about 4% of the records.
query_table=channels
# With BASELINE, each row's runs alternate with the baseline's ("before: " rows; bench/lib.sh).
note=target measure_interstice "log-inspect --format json" log-inspect "$log" --format json
# The same with the codec named, which skips format detection: the difference is detection's cost.
measure_interstice "  ... --log-format interstice-v1" log-inspect "$log" --format json --log-format interstice-v1
note=query measure_interstice "log-query --table $query_table" log-query "$log" --table "$query_table" --format json
# log-export: MB/s of input against the reference reader; the export goes to /dev/null, so
# this is conversion speed, not disk speed (sqlite needs a real file). A host without the
# command prints "skipped" for these rows.
note=export measure_interstice "log-export --to csv" log-export "$log" --to csv --out /dev/null
note=export measure_interstice "log-export --to ndjson" log-export "$log" --to ndjson --out /dev/null
# json (one array) is not a target; shown because it takes the same path as ndjson.
measure_interstice "log-export --to json" log-export "$log" --to json --out /dev/null
note=sqlite measure_interstice "log-export --to sqlite" log-export "$log" --to sqlite --out "$work/export.db"
# The framed log: same commands, same targets (against the v1 reference: it cannot read framed).
note=framed measure_interstice "framed: log-inspect" log-inspect "$framed_log" --format json
note=framed measure_interstice "framed: log-query --table" log-query "$framed_log" --table "$framed_table" --format json
note=framed-export measure_interstice "framed: log-export --to csv" log-export "$framed_log" --to csv --out /dev/null
note=framed-export measure_interstice "framed: log-export --to ndjson" log-export "$framed_log" --to ndjson --out /dev/null

# log-inspect must really have read every record: its JSON names the record count somewhere.
inspect_check=""
if "$host" log-inspect "$log" --format json >"$work/inspect.json" 2>"$work/stderr"; then
  inspect_check=$(python3 - "$work/inspect.json" "$records" <<'PY'
import json, sys
doc, want = json.load(open(sys.argv[1])), int(sys.argv[2])
def ints(node, path=""):
    if isinstance(node, dict):
        for k, v in node.items(): yield from ints(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node): yield from ints(v, f"{path}/{i}")
    elif isinstance(node, int) and not isinstance(node, bool):
        yield path, node
hits = [p for p, v in ints(doc) if v == want]
print(f"log-inspect reports {want} records at {hits[0]}" if hits else
      f"WARNING: log-inspect's JSON has no value {want} (the record count): did it read the whole log?")
PY
)
fi

# --- Report --------------------------------------------------------------------------------------
python3 - "$results" "$bytes" "$records" "$runs" "$load1" "$cpus" "$host" "${build_type:-unknown}" \
  "$inspect_check" "${ref_process_wall:-0}" "interstice-oracle $(sed -n 's/^version = "\(.*\)"/\1/p' "$oracle_dir/Cargo.toml" | head -1)" <<'PY'
import sys
path, size, records, runs, load1, cpus, host, build_type, inspect_check, ref_process_wall, oracle = sys.argv[1:]
size, records, cpus = int(size), int(records), int(cpus)
num = lambda text: float(text) if text else None
rows = []
for line in open(path):
    name, wall, cpu, rss, status, note = line.rstrip("\n").split("\t")
    rows.append(dict(name=name, wall=num(wall), cpu=num(cpu), rss=int(rss) * 1024 if rss else None,
                     status=status, note=note))
rate = lambda seconds: size / 1e6 / seconds if seconds else None
by_note = {r["note"]: r for r in rows if r["note"]}
ref, ref_decode, crc, target = (by_note.get(k) for k in ("ref", "ref-decode", "crc", "target"))
ref_mbs, ref_decode_mbs, crc_mbs = (rate(r["wall"]) if r else None for r in (ref, ref_decode, crc))
ref_cpu_mbs, crc_cpu_mbs = (rate(r["cpu"]) if r else None for r in (ref, crc))

print(f"transaction-log throughput: {size / 1e6:.1f} MB, {records} records ({size / records:.0f} B/record); "
      f"best of {runs} runs, warm page cache; {cpus} CPUs, load average {load1}")
print(f"host: {host} (build type {build_type}); reference: {oracle} bench-read")
print("MB = 1e6 bytes of input. 'x ref': over the reference reader's read+decode MB/s; 'of CRC': share of")
print("the bare CRC32 pass's MB/s; both from wall time. 'cpu s': user+system time of the same run.")
print()
header = (f"{'command':<32} {'wall s':>7} {'MB/s':>7} {'x ref':>7} {'of CRC':>6}"
          f" {'cpu s':>7} {'cpu MB/s':>8} {'peak RSS':>9}")
print(header)
print("-" * len(header))
def fmt(value, spec):  # spec like ">7.3f"; "-" right-aligned in the same width when missing
    return format(value, spec) if value is not None else format("-", ">" + spec[1:].split(".")[0])
for r in rows:
    if r["status"] != "ok":
        print(f"{r['name']:<32} {r['status']}")
        continue
    m = rate(r["wall"])
    x_ref = f"{m / ref_mbs:.2f}x" if ref_mbs else "-"
    of_crc = f"{100 * m / crc_mbs:.0f}%" if crc_mbs else "-"
    rss = f"{r['rss'] / 1e6:.1f} MB" if r["rss"] else "-"
    print(f"{r['name']:<32} {r['wall']:>7.3f} {m:>7.0f} {x_ref:>7} {of_crc:>6}"
          f" {fmt(r['cpu'], '>7.3f')} {fmt(rate(r['cpu']), '>8.0f')} {rss:>9}")
print()
if inspect_check:
    print(inspect_check)

misses = []
def verdict(ok, text):
    print(("PASS  " if ok else "FAIL  ") + text)
    if not ok:
        misses.append(text)
if not target or target["status"] != "ok":
    verdict(False, "log-inspect did not run: " + (target["status"] if target else "not measured"))
else:
    m, mc = rate(target["wall"]), rate(target["cpu"])
    verdict(m >= 8 * ref_mbs,
            f"log-inspect >= 8x the reference reader (read+decode): {m / ref_mbs:.2f}x "
            f"({m:.0f} vs {ref_mbs:.0f} MB/s; needs {8 * ref_mbs:.0f})")
    print(f"      against the reference's decode-only {ref_decode_mbs:.0f} MB/s: {m / ref_decode_mbs:.2f}x;"
          f" by CPU time: {mc / ref_cpu_mbs:.2f}x ({mc:.0f} vs {ref_cpu_mbs:.0f} MB/s)")
    verdict(m >= 0.25 * crc_mbs,
            f"log-inspect >= 25% of the bare CRC32 pass: {100 * m / crc_mbs:.0f}% "
            f"({m:.0f} vs {crc_mbs:.0f} MB/s; needs {0.25 * crc_mbs:.0f}); by CPU time {100 * mc / crc_cpu_mbs:.0f}%")
    if target["rss"] is None:
        print("????  log-inspect peak RSS <= 64 MB: not measured (/usr/bin/time is missing: apt-get install time)")
    else:
        verdict(target["rss"] <= 64e6, f"log-inspect peak RSS <= 64 MB: {target['rss'] / 1e6:.1f} MB")
# Issue 13: the selective log-query and the framed log's log-inspect and log-query >= 8x the
# reference reader; log-export csv and ndjson (both logs) >= 2.5x, sqlite (no schema) >= 1x;
# every one in flat memory (peak RSS <= 64 MB). The framed rows use the v1 log's byte count
# (the framed log is at most 1.4 KB longer) and the v1 reference: it cannot read framed logs.
factors = {"query": 8, "framed": 8, "export": 2.5, "framed-export": 2.5, "sqlite": 1}
for r in (r for r in rows if r["note"] in factors):
    if r["status"] != "ok":
        verdict(False, f"{r['name']} did not run: {r['status']}")
        continue
    m, mc, factor = rate(r["wall"]), rate(r["cpu"]), factors[r["note"]]
    verdict(m >= factor * ref_mbs,
            f"{r['name']} >= {factor:g}x the reference reader (read+decode): {m / ref_mbs:.2f}x "
            f"({m:.0f} vs {ref_mbs:.0f} MB/s; needs {factor * ref_mbs:.0f}); by CPU time: {mc / ref_cpu_mbs:.2f}x")
    if r["rss"] is not None:
        verdict(r["rss"] <= 64e6, f"{r['name']} peak RSS <= 64 MB (flat memory): {r['rss'] / 1e6:.1f} MB")
# Every measured process reads from the page cache and never sleeps (the interstice commands
# use up to all CPUs, so their CPU time may exceed their wall time), so wall time well above
# CPU time means it waited for a CPU: other work was running.
waited = [r["name"].strip() for r in rows
          if r["status"] == "ok" and r["cpu"]
          and (float(ref_process_wall) if r["note"] == "ref" else r["wall"]) > 1.15 * r["cpu"] + 0.005]
if waited:
    import textwrap
    text = (f"wall time exceeds CPU time by more than 15% for {len(waited)} of the commands "
            f"({'; '.join(waited)}): other work is running (load average {load1} on {cpus} CPUs), "
            "so wall times and the ratios from them are inflated; the 'by CPU time' figures are the "
            "trustworthy ones in this run.")
    print("\n" + textwrap.fill(text, width=96, initial_indent="WARNING: ", subsequent_indent="         ",
                                break_on_hyphens=False, break_long_words=False))
if misses:
    print("\n" + "!" * 78)
    print(f"!!! {len(misses)} TARGET(S) MISSED: see bench/README.md for where the time goes")
    print("!" * 78)
else:
    print("\nall targets met")
PY

# --- Optional profile of log-inspect -------------------------------------------------------------
if [ $profile = 1 ]; then
  echo
  profiler=${BENCH_PROFILER:-}
  if [ -z "$profiler" ]; then
    profiler=none
    if command -v perf >/dev/null && perf record -q -e cpu-clock -o "$work/probe.data" -- true >/dev/null 2>&1; then
      profiler=perf
    elif [ "$profiler" = callgrind ]; then
      profiler=callgrind
    fi
  fi
  if [ "$profiler" = perf ]; then
    echo "perf profile of 3 runs of log-inspect (cpu-clock sampling: hardware counters are often missing in VMs)"
    perf record -q -e cpu-clock -F 9999 -o "$work/perf.data" -- \
      sh -c 'for i in 1 2 3; do "$0" log-inspect "$1" --format json >/dev/null; done' "$host" "$log" 2>/dev/null
    report() { perf report -i "$work/perf.data" --stdio --no-children --comm interstice --percentage relative "$@" 2>/dev/null \
      | grep -E '^ +[0-9.]+%' | sed -E 's/ +- +- *$//; s/ +$//'; }
    echo "by shared object:"  # (--comm with --sort dso drops the kernel's share, hence comm,dso)
    perf report -i "$work/perf.data" --stdio --no-children --sort comm,dso 2>/dev/null \
      | awk '$2 == "interstice" { printf "    %7s  %s\n", $1, $3 }' | head -8
    echo "by function:"
    report --sort dso,symbol | head -25
  elif [ "$profiler" = callgrind ]; then
    small=$cache/txlog-seed$seed-20000000.log
    [ -f "$small" ] || "$oracle" gen-log --seed "$seed" --target-bytes 20000000 --out "$small" >&2
    echo "callgrind profile of log-inspect on a 20 MB log, instructions executed (valgrind has no AVX-512:"
    echo "the codec runs its SSSE3 paths here, and a rep stos/movs counts every iteration):"
    valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
      "$host" log-inspect "$small" --format json >/dev/null 2>"$work/stderr"
    callgrind_annotate "$work/callgrind.out" 2>/dev/null | grep -E '^ *[0-9,]+ \(' | sed -E 's/ \[[^]]*\]$//' | head -25
  else
    echo "no profiler: apt-get install linux-perf (or valgrind)"
  fi
fi
