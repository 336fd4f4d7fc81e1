#!/usr/bin/env bash
# Start-up cost: `interstice --help` with a warm registry cache (it finds and trust-checks every
# plugin, reads what the plugin scanner found from the cache, and loads none) against /bin/true,
# measured in the same run with hyperfine. Target: under 10 ms. The first `plugins` call below
# warms the cache ($XDG_CACHE_HOME/interstice/registry).
#   bench/startup.sh [path/to/interstice]
set -euo pipefail
cd "$(dirname "$0")/.."
host=${1:-build/stage/bin/interstice}
[ -x "$host" ] || { echo "no $host: run ./scripts/setup first" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine is missing: ./scripts/install-deps" >&2; exit 2; }

plugins=$("$host" plugins --format json | python3 -c 'import json,sys; print(sum(p["status"]=="loaded" for p in json.load(sys.stdin)))')
export_json=$(mktemp)
trap 'rm -f "$export_json"' EXIT
hyperfine -N --style none --warmup 20 --runs 200 --export-json "$export_json" "$host --help" "/bin/true" >/dev/null 2>&1
python3 - "$export_json" "$plugins" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
host = next(r for c, r in results.items() if c.endswith("--help"))
true = results["/bin/true"]
ms = lambda s: s * 1000
print(f"interstice --help ({sys.argv[2]} plugins known, warm cache): mean {ms(host['mean']):.2f} ms  median {ms(host['median']):.2f} ms  (min {ms(host['min']):.2f}, max {ms(host['max']):.2f})")
print(f"/bin/true:                          mean {ms(true['mean']):.2f} ms  median {ms(true['median']):.2f} ms")
print(f"ratio: {host['mean'] / true['mean']:.1f}x /bin/true; overhead {ms(host['mean'] - true['mean']):.2f} ms")
print(f"target (< 10 ms mean): {'met' if ms(host['mean']) < 10 else 'MISSED'}")
PY
