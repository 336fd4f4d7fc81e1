#!/usr/bin/env python3
# Peak RSS of `interstice serve` while browsing table state on a big log (issue 15: <= 128 MB on
# a 1 GB log). Starts the server on a free port, asks for the overview, the state of a table at
# two records near the end and a diff between them, one request at a time as a person browsing
# would, and prints each answer's size, time and the server's VmHWM/VmRSS (MB) after it.
#   bench/serve-state-memory.py LOG [TABLE]      (INTERSTICE=path/to/interstice; TABLE default game.players)
# Not a timed test: it prints numbers. Make a 1 GB log with the reference encoder:
#   interstice-oracle gen-log --seed 9 --target-bytes 1000000000 --out big.log
import json, os, subprocess, sys, time, urllib.request

if len(sys.argv) < 2:
    sys.exit(__doc__ or "usage: bench/serve-state-memory.py LOG [TABLE]")
host = os.environ.get("INTERSTICE", "build/stage/bin/interstice")
log, table = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "game.players"
records = json.loads(subprocess.run([host, "log-inspect", log, "-f", "json"], capture_output=True, text=True).stdout)["transaction_count"]
server = subprocess.Popen([host, "serve", log, "--port", "0", "--threads", "4"], stdout=subprocess.PIPE, text=True)
url = server.stdout.readline().strip().rstrip("/")


def memory():
    fields = {line.split(":")[0]: int(line.split()[1]) // 1024 for line in open(f"/proc/{server.pid}/status")
              if line.startswith(("VmHWM", "VmRSS"))}
    return f"peak {fields['VmHWM']} MB, now {fields['VmRSS']} MB"


late, later = records * 9 // 10, records - 1
try:
    print(f"{log}: {records} records, {os.path.getsize(log) / 1e6:.0f} MB, table {table}")
    for path in ["/log/0.json", f"/log/0/state.json?at={late}&table={table}", f"/log/0/state.json?at={later}&table={table}",
                 f"/log/0/diff.json?from={late}&to={later}&table={table}"]:
        start = time.time()
        with urllib.request.urlopen(url + path, timeout=600) as reply:
            size = len(reply.read())
        print(f"{path}: {size / 1e6:.1f} MB in {time.time() - start:.2f} s; {memory()}", flush=True)
finally:
    server.terminate()
    server.wait()
