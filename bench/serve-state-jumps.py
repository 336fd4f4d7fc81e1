#!/usr/bin/env python3
# How long `interstice serve`'s state view takes to answer as someone jumps around a big log
# (issue 15: any record of a 200 MB log well under a second). Starts the server on a free port and
# asks for one table's state at a fixed sequence of records (the first view, the next record,
# then jumps back and forth, as fractions of the log), one request at a time, and prints each
# answer's time and size. With BASELINE=path/to/another/interstice the same sequence runs on it
# too, in the same run, and each line gets the ratio. Not a timed test: it prints numbers.
#   bench/serve-state-jumps.py LOG TABLE        (INTERSTICE=path/to/interstice)
import json, os, subprocess, sys, time, urllib.request

if len(sys.argv) < 3:
    sys.exit("usage: bench/serve-state-jumps.py LOG TABLE   (INTERSTICE=..., BASELINE=...)")
log, table = sys.argv[1], sys.argv[2]
host = os.environ.get("INTERSTICE", "build/stage/bin/interstice")
baseline = os.environ.get("BASELINE")
records = json.loads(subprocess.run([host, "log-inspect", log, "-f", "json"], capture_output=True, text=True,
                                    check=True).stdout)["transaction_count"]
fractions = [0.9, None, 0.2, 0.55, 0.0, 0.999, 0.66, 0.45, 1.0, 0.1]  # None: the record after the last


def views():
    last, out = 0, []
    for f in fractions:
        last = last + 1 if f is None else min(records - 1, int(f * records))
        out.append(last)
    return out


def run(binary):
    server = subprocess.Popen([binary, "serve", log, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    url = server.stdout.readline().strip().rstrip("/")
    times = []
    try:
        for n in views():
            started = time.monotonic()
            with urllib.request.urlopen(f"{url}/log/0/state.json?at={n}&table={table}", timeout=600) as reply:
                size = len(reply.read())
            times.append((n, time.monotonic() - started, size))
        peak = int(open(f"/proc/{server.pid}/status").read().split("VmHWM:")[1].split()[0]) // 1024
    finally:
        server.terminate()
        server.wait()
    return times, peak


mine, peak = run(host)
theirs, their_peak = run(baseline) if baseline else (None, None)
load = os.getloadavg()[0]
print(f"{log}: {records} records, {os.path.getsize(log) / 1e6:.0f} MB, table {table}, load average {load:.2f}")
for i, (n, seconds, size) in enumerate(mine):
    line = f"  at {n:>9}: {seconds:6.3f} s  {size / 1e6:6.1f} MB"
    if theirs:
        line += f"   baseline {theirs[i][1]:6.3f} s  ({theirs[i][1] / seconds:.1f}x)"
    print(line)
worst = max(seconds for _, seconds, _ in mine[1:])
print(f"  after the first view: worst {worst:.3f} s; peak RSS {peak} MB" + (f" (baseline {their_peak} MB)" if theirs else ""))
