# Shared by the benchmarks that measure against the reference encoder (sourced, not run): the
# common options and settings, the prerequisites, the encoder built once per source version, the
# benchmark log generated once per (encoder, seed, size), and the timing helpers (the fastest of
# `runs` runs with wall and CPU time, then one more run for the peak RSS, into a results table).
# BASELINE=path/to/another/interstice: every interstice command is also measured on that host,
# its runs alternating with the measured host's, into a "before: " row above the host's row.
#
#   source bench/lib.sh; bench_settings NAME      defaults, $host, $oracle_src, $cache, die, say
#   bench_common_option "$@" && shift 2           takes --runs N, --size BYTES or --seed S
#   bench_prepare                                 everything below; afterwards: $oracle,
#       $oracle_dir, $oracle_key, $log, $bytes, $records, $work (removed on exit), $results,
#       $have_time, and the functions measure, measure_interstice, peak_rss and row.

bench_settings() {
  bench_name=$1
  runs=3
  size=200000000
  seed=7
  host=${INTERSTICE:-build/stage/bin/interstice}
  baseline=${BASELINE:-}
  oracle_src=${ORACLE_SRC:-$repo/../shared/oracle}
  cache=${BENCH_CACHE:-build/bench-cache}
  mkdir -p "$cache"
  cache=$(cd "$cache" && pwd)
}

die() { echo "$bench_name: $*" >&2; exit 2; }
say() { echo "$bench_name: $*" >&2; }

bench_common_option() {
  case $1 in
    --runs) runs=${2:?--runs needs a number} ;;
    --size) size=${2:?--size needs a byte count} ;;
    --seed) seed=${2:?--seed needs a number} ;;
    *) return 1 ;;
  esac
}

bench_prepare() {
[ -f "$oracle_src/Cargo.toml" ] || die "no reference encoder at $oracle_src (set ORACLE_SRC)"
command -v cargo >/dev/null || die "cargo is missing: ./scripts/install-deps, or on Debian 12 apt-get install cargo \
librust-bincode-dev librust-serde-dev librust-serde-derive-dev librust-serde-json-dev librust-crc32fast-dev
(the reference encoder builds offline from /usr/share/cargo/registry; any recent Rust toolchain works too)"
command -v python3 >/dev/null || die "python3 is missing: ./scripts/install-deps"
have_time=1
if [ ! -x /usr/bin/time ]; then
  have_time=0
  say "WARNING: /usr/bin/time is missing (apt-get install time): peak RSS will not be measured"
fi

# --- The reference encoder, built once per source version ----------------------------------------
# The sources are copied (../shared is read-only; cargo writes Cargo.lock and target/ next to
# Cargo.toml) and rebuilt only when they or the toolchain change.
oracle_key=$( (cd "$oracle_src" && find . -path ./target -prune -o -type f ! -name Cargo.lock -print0 \
  | sort -z | xargs -0 sha256sum; cargo --version) | sha256sum | cut -c1-16)
oracle_dir=$cache/oracle
oracle=$oracle_dir/target/release/interstice-oracle
if [ ! -x "$oracle" ] || [ "$(cat "$oracle_dir/.bench-key" 2>/dev/null)" != "$oracle_key" ]; then
  say "building the reference encoder (cargo build --release --offline) in $oracle_dir"
  rm -rf "$oracle_dir"
  mkdir -p "$oracle_dir"
  (cd "$oracle_src" && tar --exclude=./target --exclude=./Cargo.lock -cf - .) | tar -xf - -C "$oracle_dir"
  chmod -R u+w "$oracle_dir"
  if ! (cd "$oracle_dir" && cargo build --release --offline --quiet); then
    die "the reference encoder did not build. It needs the Debian crates librust-bincode-dev \
librust-serde-dev librust-serde-derive-dev librust-serde-json-dev librust-crc32fast-dev"
  fi
  echo "$oracle_key" >"$oracle_dir/.bench-key"
fi

# --- The log, generated once per (oracle, seed, size) --------------------------------------------
log=$cache/txlog-seed$seed-$size.log
if [ ! -f "$log" ] || [ ! -f "$log.expected.json" ] || [ "$(cat "$log.bench-key" 2>/dev/null)" != "$oracle_key" ]; then
  say "generating $log (gen-log --seed $seed --target-bytes $size)"
  rm -f "$log" "$log.expected.json" "$log.schemas.json" "$log.bench-key"
  "$oracle" gen-log --seed "$seed" --target-bytes "$size" --out "$log" >&2 || die "gen-log failed"
  echo "$oracle_key" >"$log.bench-key"
fi
bytes=$(stat -c %s "$log")
records=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total_transactions"])' "$log.expected.json")

# --- Measuring -----------------------------------------------------------------------------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results=$work/results.tsv
: >"$results"

# run.py RUNS OUT ERR [--pair K] CMD...: runs CMD RUNS times (stdout appended to OUT, stderr to
# ERR) and prints "WALL CPU" of the fastest run (wall clock; user + system time from wait4), or
# "FAILED RC" at the first failure. CPU time is what to trust when other work loads the machine.
# With --pair K, CMD is two commands (the first K words, then the rest), run in alternation
# (A B, B A, A B, ...) so that a machine drifting during the run moves both alike: one line each;
# the first one's stderr goes to ERR.before.
cat >"$work/run.py" <<'PY'
import hashlib, os, subprocess, sys, time
runs, out, err, args = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
cmds = [args]
if args[:1] == ["--pair"]:
    k = int(args[1])
    cmds = [args[2:2 + k], args[2 + k:]]
# Each executable its own plugin registry cache, in this run's directory: the host trusts only a
# cache its own build wrote, so two builds alternating through the user's one cache made every
# run probe all plugins again (~6 ms a run, both builds alike, in every BASELINE run before
# session 19). The first run of each fills its cache; best-of-N leaves that run out.
here = os.path.dirname(os.path.abspath(__file__))
envs = [dict(os.environ, XDG_CACHE_HOME=os.path.join(here, "registry-" + hashlib.sha1(cmd[0].encode()).hexdigest()[:12]))
        for cmd in cmds]
ok_codes = {0, *(int(c) for c in os.environ.get("BENCH_OK_EXIT", "").split())}  # exit codes that are results
best = [None] * len(cmds)
failed = [None] * len(cmds)
errs = [err] if len(cmds) == 1 else [err + ".before", err]  # the baseline's stderr apart
with open(out, "ab") as stdout:
    stderrs = [open(path, "wb") for path in errs]
    for round in range(runs):
        order = range(len(cmds)) if round % 2 == 0 else reversed(range(len(cmds)))
        for i in order:
            if failed[i] is not None:
                continue
            start = time.perf_counter()
            child = subprocess.Popen(cmds[i], stdout=stdout, stderr=stderrs[i], env=envs[i])
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - start
            rc = os.waitstatus_to_exitcode(status)
            if rc not in ok_codes:
                failed[i] = rc
                continue
            cpu = usage.ru_utime + usage.ru_stime
            if best[i] is None or wall < best[i][0]:
                best[i] = (wall, cpu)
for i in range(len(cmds)):
    print(f"FAILED {failed[i]}" if failed[i] is not None else f"{best[i][0]:.6f} {best[i][1]:.6f}")
PY

# Peak RSS in KiB of one run of CMD, from /usr/bin/time -v ("" when it is missing).
peak_rss() {
  [ $have_time = 1 ] || return 0
  /usr/bin/time -v -o "$work/time" "$@" >/dev/null 2>&1 || true
  awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time"
}

# Appends one row to the results: name, wall s, CPU s, peak RSS KiB, status, note.
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"; }

# measure NAME CMD...: the fastest of `runs` runs of CMD (stdout to /dev/null), then one more
# run under /usr/bin/time -v for the peak RSS. A failing command is recorded as FAILED, with
# the start of its error message. $note (optional) tags the row for the report.
measure() {
  local name=$1; shift
  record_result "$name" "$(python3 "$work/run.py" "$runs" /dev/null "$work/stderr" "$@")" "$work/stderr" "$@"
}

# record_result NAME RESULT STDERR CMD...: the row for run.py's RESULT line of CMD.
record_result() {
  local name=$1 result=$2 stderr=$3; shift 3
  local wall cpu rss
  if [[ $result == FAILED* ]]; then
    row "$name" "" "" "" "FAILED (exit ${result#FAILED }): $(head -c 200 "$stderr" | tr '\n\t' '  ')" "${note:-}"
    say "$(printf '%-32s' "$name") FAILED (exit ${result#FAILED })"
    return
  fi
  read -r wall cpu <<<"$result"
  rss=$(peak_rss "$@")
  row "$name" "$wall" "$cpu" "$rss" ok "${note:-}"
  say "$(printf '%-32s' "$name") wall $wall s, cpu $cpu s${rss:+, peak RSS $rss KiB}"
}

# measure_interstice NAME COMMAND ARGS...: an interstice command, measured like any other;
# skipped (never faked) when the host has no such command. With BASELINE, the baseline host's
# runs alternate with the host's, into a "before: NAME" row (untagged: targets are judged on the
# measured host only) above NAME's.
measure_interstice() {
  local name=$1 command=$2; shift 2
  if ! "$host" help "$command" >/dev/null 2>&1; then
    row "$name" "" "" "" "skipped: this host has no '$command' command" "${note:-}"
    say "$(printf '%-32s' "$name") skipped: no '$command' command in this build"
    return
  fi
  if [ -z "$baseline" ]; then
    measure "$name" "$host" "$command" "$@"
    return
  fi
  if ! "$baseline" help "$command" >/dev/null 2>&1; then
    row "before: $name" "" "" "" "skipped: the baseline has no '$command' command" ""
    measure "$name" "$host" "$command" "$@"
    return
  fi
  local lines  # run.py's line for each ("results" is the results file)
  mapfile -t lines < <(python3 "$work/run.py" "$runs" /dev/null "$work/stderr" --pair $(($# + 2)) \
    "$baseline" "$command" "$@" "$host" "$command" "$@")
  note="" record_result "before: $name" "${lines[0]}" "$work/stderr.before" "$baseline" "$command" "$@"
  record_result "$name" "${lines[1]}" "$work/stderr" "$host" "$command" "$@"
}
}
