#!/usr/bin/env bash
# Builds the libFuzzer harnesses and runs each for SECONDS on its corpus, one after another.
#
#   fuzz/run.sh SECONDS [HARNESS...]        (default: every harness the build has)
#
# Build tree: $BUILD_DIR (default build-fuzz), configured with -DINTERSTICE_FUZZ=ON and clang-16
# on first use (an existing tree must already have INTERSTICE_FUZZ=ON; scripts/test-sanitizers
# passes its ASan tree). Each harness reads, in this order:
#   $BUILD_DIR/fuzz-corpus/<harness>   what fuzzing found interesting so far (grows; kept)
#   fuzz/corpus/<harness>              the committed seeds
#   $BUILD_DIR/fuzz-seeds/<harness>    seeds cut from ../shared/fixtures (fuzz/seed.py)
# with the dictionary fuzz/dict/<format>.dict. Crashing inputs go to $FINDINGS_DIR/<harness>/
# (default $BUILD_DIR/fuzz-findings), each run's libFuzzer output to $BUILD_DIR/fuzz-logs/, and
# a line per harness (executions, cov, ft, result) to stdout and $BUILD_DIR/fuzz-summary.txt.
# Exits 1 when any harness found a crash, 2 on a usage or build error. Runs under `nice`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-}
if [[ ! $seconds =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz/run.sh SECONDS [HARNESS...]" >&2
  exit 2
fi
shift
build=${BUILD_DIR:-build-fuzz}
findings=${FINDINGS_DIR:-$build/fuzz-findings}
shared=${INTERSTICE_SHARED_DIR:-../shared}

if [[ ! -f $build/CMakeCache.txt ]]; then
  nice -n 10 cmake -S . -B "$build" -G Ninja -DINTERSTICE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-16 \
    -DBUILD_TESTING=OFF >/dev/null
elif ! grep -q '^INTERSTICE_FUZZ:BOOL=ON' "$build/CMakeCache.txt"; then
  echo "fuzz/run.sh: $build is not a fuzzing build (configure it with -DINTERSTICE_FUZZ=ON)" >&2
  exit 2
fi
if ! nice -n 10 cmake --build "$build" --target fuzz_harnesses -- -j2 >"$build/fuzz-build.log" 2>&1; then
  tail -40 "$build/fuzz-build.log" >&2
  exit 2
fi

if [[ $# -gt 0 ]]; then
  harnesses=("$@")
else
  harnesses=()
  for exe in "$build"/bin/fuzz-*; do harnesses+=("${exe##*/fuzz-}"); done
fi

rm -rf "$build/fuzz-seeds"
python3 fuzz/seed.py "$shared/fixtures" "$build/fuzz-seeds"
mkdir -p "$build/fuzz-logs"
summary=$build/fuzz-summary.txt
: >"$summary"
# UBSan aborts (FuzzFlags.cmake); its stack trace names the line. Reports are symbolised when an
# llvm-symbolizer is installed.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
symbolizer=$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer || true)
[[ -n $symbolizer ]] && export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$symbolizer}

crashed=0
for harness in "${harnesses[@]}"; do
  exe=$build/bin/fuzz-$harness
  [[ -x $exe ]] || { echo "fuzz/run.sh: no harness $harness ($exe)" >&2; exit 2; }
  case $harness in
    v1_* | log_detect) dict=v1 ;;
    framed_*) dict=framed ;;
    schema_json) dict=schema ;;
    time_parse) dict=time ;;
    trace_file) dict=trace ;;
    *) dict=options ;;
  esac
  case $harness in
    v1_log | framed_* | schema_json | log_detect | trace_file) max_len=8192 ;;
    *) max_len=4096 ;;
  esac
  mkdir -p "$build/fuzz-corpus/$harness" "$findings/$harness" "$build/fuzz-seeds/$harness"
  log=$build/fuzz-logs/$harness.log
  status=0
  nice -n 10 "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
    -dict="fuzz/dict/$dict.dict" -artifact_prefix="$findings/$harness/" -print_final_stats=1 \
    "$build/fuzz-corpus/$harness" "fuzz/corpus/$harness" "$build/fuzz-seeds/$harness" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  coverage=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  if [[ $status -eq 0 ]]; then
    result=ok
  else
    result="CRASH (exit $status; input in $findings/$harness/, output in $log)"
    crashed=1
  fi
  printf '%-16s %12s execs  %-22s %s\n' "$harness" "${execs:-?}" "${coverage:-cov: ? ft: ?}" "$result" | tee -a "$summary"
done
exit $crashed
