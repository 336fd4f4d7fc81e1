#!/usr/bin/env bash
# Load test of `interstice serve` (issue 15): a v1 log of SIZE_MB (default 200, made by the
# reference encoder as bench/log-throughput.sh does, or given as LOG=...), served on a free
# loopback port; CLIENTS (32) concurrent clients send REQUESTS (2000) GETs in all, a mix of the
# page and overview-free JSON twins (records pages with filters, record permalinks, the
# histogram); state views are timed by bench/serve-state-jumps.py. Reports errors,
# p50/p95/p99/max latency and the server's peak RSS.
# Not a timed test: it ends by itself and prints numbers.
#   bench/serve.sh            LOG=path/to/big.log bench/serve.sh      REQUESTS=500 CLIENTS=8 bench/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
host=${INTERSTICE:-build/stage/bin/interstice}
requests=${REQUESTS:-2000}
clients=${CLIENTS:-32}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
log=${LOG:-}
if [[ -z "$log" ]]; then
  oracle=build/oracle/target/release/interstice-oracle
  [[ -x $oracle ]] || scripts/build-oracle build/oracle >&2
  log=$work/big.log
  "$oracle" gen-log --seed 1 --target-bytes $(( ${SIZE_MB:-200} * 1000000 )) --out "$log" >&2 || {
    echo "serve.sh: could not make a log with $oracle; give one with LOG=..." >&2; exit 2; }
fi
"$host" serve "$log" --port 0 --threads 4 >"$work/url" 2>"$work/err" &
server=$!
for _ in $(seq 50); do [[ -s $work/url ]] && break; sleep 0.1; done
url=$(head -1 "$work/url")
echo "serving $log ($(du -h "$log" | cut -f1)) at $url" >&2
python3 - "$url" "$requests" "$clients" "$server" <<'PY'
import concurrent.futures, http.client, random, sys, time, urllib.parse
url, total, clients, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
port = urllib.parse.urlparse(url).port
paths = ["/", "/app.js", "/index.json", "/log/0/records.json?limit=100", "/log/0/records.json?op=delete&limit=50",
         "/log/0/records.json?after=5000&limit=100", "/log/0/histogram.json?from=0&to=4102444800000&buckets=60"]
def one(i):
    path = paths[i % len(paths)] if i % 10 else f"/log/0/record/{random.randrange(1000)}.json"
    start = time.perf_counter()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    c.request("GET", path)
    r = c.getresponse(); r.read(); c.close()
    return time.perf_counter() - start, r.status, path
began = time.perf_counter()
with concurrent.futures.ThreadPoolExecutor(clients) as pool:
    results = list(pool.map(one, range(total)))
wall = time.perf_counter() - began
lat = sorted(r[0] * 1000 for r in results)
errors = [r for r in results if r[1] != 200]
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
rss = next((l.split()[1] for l in open(f"/proc/{pid}/status") if l.startswith("VmHWM")), "?")
print(f"{total} requests, {clients} clients, {wall:.1f} s ({total / wall:.0f} req/s): {len(errors)} errors")
print(f"latency ms: p50 {q(0.5):.1f}  p95 {q(0.95):.1f}  p99 {q(0.99):.1f}  max {lat[-1]:.1f}")
print(f"server peak RSS: {int(rss) // 1024 if rss != '?' else '?'} MB")
for e in errors[:5]: print("error:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
