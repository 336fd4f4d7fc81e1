#!/usr/bin/env bash
# How much of `log-export --to sqlite` is SQLite itself, against the target of issue 13 (sqlite
# export >= 1x the reference reader). On the benchmark log: the reference reader (read + decode,
# as bench/log-throughput.sh measures it), our export, and SQLite's floor for the same rows
# (bench/sqlite_floor.cpp: the export's rows read back into memory, then inserted with the
# exporter's schema, pragmas and statement and indexed as it indexes them; no log, no JSON).
# Prints seconds and the ratios to the reference; the floor says whether the target can be met
# by any exporter that writes this table with these indexes through SQLite.
#
#   bench/sqlite-floor.sh [--runs N] [--size BYTES] [--seed S]
#
#   INTERSTICE=path/to/interstice   host to measure (default build/stage/bin/interstice)
#   BENCH_CACHE=dir                 oracle build and generated logs (default build/bench-cache)
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
repo=$PWD

# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"
bench_settings sqlite-floor
while [ $# -gt 0 ]; do
  if bench_common_option "$@"; then shift 2; continue; fi
  case $1 in
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -x "$host" ] || die "no $host: run ./scripts/setup first (or set INTERSTICE)"
command -v c++ >/dev/null || die "no C++ compiler (c++): apt-get install g++"
bench_prepare

floor=$cache/sqlite-floor
if [ ! -x "$floor" ] || [ "$repo/bench/sqlite_floor.cpp" -nt "$floor" ]; then
  c++ -O2 -std=c++20 -o "$floor.new" "$repo/bench/sqlite_floor.cpp" -lsqlite3 \
    || die "could not compile bench/sqlite_floor.cpp (needs libsqlite3-dev)"
  mv "$floor.new" "$floor"
fi

read -r load1 _ </proc/loadavg
say "log: $log ($bytes bytes, $records records); best of $runs runs, warm page cache"
cat "$log" >/dev/null

result=$(python3 "$work/run.py" "$runs" "$work/reference.out" "$work/stderr" "$oracle" bench-read "$log")
[[ $result != FAILED* ]] || die "bench-read failed: $(cat "$work/stderr")"
reference=$(awk '/^elapsed_s:/ { if (best == "" || $2 < best) best = $2 } END { print best }' "$work/reference.out")
say "reference reader (read+decode) $reference s"
note=export measure_interstice "log-export --to sqlite" log-export "$log" --to sqlite --out "$work/export.db"
export_wall=$(awk -F'\t' '$6 == "export" && $5 == "ok" { print $2 }' "$results")
[ -n "$export_wall" ] || die "the export did not run: $(cut -f5 "$results")"
read -r _ insert _ index _ total _ rows < <("$floor" "$work/export.db" "$work/floor.db" "$runs") \
  || die "sqlite-floor failed"
say "SQLite alone: insert $insert s, indexes $index s ($rows rows)"

python3 - "$reference" "$export_wall" "$insert" "$index" "$total" "$load1" "$(nproc)" "$runs" <<'PY'
import sys
ref, export, insert, index, total = map(float, sys.argv[1:6])
load1, cpus, runs = sys.argv[6:9]
print(f"\nsqlite export against SQLite's own cost; best of {runs} runs; {cpus} CPUs, load average {load1}\n")
print(f"{'':44}{'seconds':>9}{'x ref':>8}")
for name, seconds in [("reference reader (read+decode)", ref), ("log-export --to sqlite (ours, all of it)", export),
                      ("SQLite: insert the rows (no log, no JSON)", insert),
                      ("SQLite: the three indexes", index), ("SQLite: both (the floor)", total)]:
    print(f"{name:44}{seconds:9.3f}{ref / seconds:7.2f}x")
print(f"\nSQLite alone is {total / ref:.2f}x the reference reader's time; the export's own work (reading,"
      f"\nchecking, JSON) adds {export - total:.3f} s. ", end="")
print("A sqlite export at >= 1x is " + ("within reach of this layout." if total < ref else
      "out of reach for this table and these indexes, whatever the exporter does."))
PY
