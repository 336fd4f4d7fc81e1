#!/usr/bin/env bash
# Large schemas (issue 12): schema-diff of 100,000 tables (it was quadratic: 80,000 tables took
# 61 s; target < 1 s), and the peak RSS of `schema` and `validate` on a ~50 MB schema (265,000
# tables) against the file's size. The e2e suite schema_diff_linear only checks that the diff
# stays linear (200,000 tables within CTest's TIMEOUT); the figures are measured here.
#   bench/schema-scale.sh [path/to/interstice]
set -euo pipefail
cd "$(dirname "$0")/.."
host=${1:-${INTERSTICE:-build/stage/bin/interstice}}
[ -x "$host" ] || { echo "no $host: run ./scripts/setup first" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {  # LABEL COMMAND...: wall and CPU seconds, peak RSS
  local label=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null || [ $? -eq 1 ]
  read -r wall user sys rss < <(tail -1 "$work/time")  # after "Command exited with non-zero status 1"
  printf '%-34s %6.2f s wall %6.2f s CPU %8d KB peak RSS\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$rss"
}

python3 tests/e2e/big_schema.py 100000 "$work/old.json" "$work/new.json"
measure "schema-diff, 100,000 tables" "$host" schema-diff "$work/old.json" "$work/new.json" -f json
python3 tests/e2e/big_schema.py 265000 "$work/big.json" "$work/unused.json"
size_kb=$(( $(stat -c %s "$work/big.json") / 1024 ))
echo "schema file: $size_kb KB"
measure "baseline (schema of hello.json)" "$host" schema examples/hello.json
measure "schema, $size_kb KB file" "$host" schema "$work/big.json"
measure "validate, $size_kb KB file" "$host" validate "$work/big.json"
