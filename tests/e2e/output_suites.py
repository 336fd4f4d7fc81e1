"""End-to-end suite for how outputs are written (issue 12, item 3): `-o` never replaces a file the
command writes itself, temp files of killed writers are cleaned up, a replaced file keeps its
mode and owner, symlinks and the process's own stdout are written through, `-` is stdout, an
empty name fails before any work, and write errors say why."""
import json
import os
import signal
import subprocess
import time
from pathlib import Path

from common import HOME, HOST, REPO, SHARED, check, private_dir, run

SMALL = SHARED / "fixtures" / "v1" / "logs" / "small.log"
HELLO = REPO / "examples" / "hello.json"


def export(out, *extra, **kwargs):
    return run("log-export", SMALL, "--to", "ndjson", "--out", out, *extra, **kwargs)


def ndjson_lines(text):
    lines = text.splitlines()
    return len(lines) if lines and all(isinstance(json.loads(line), dict) for line in lines) else 0


def temp_files(d):
    return sorted(p.name for p in d.iterdir() if ".tmp-" in p.name)


def dead_pid():
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def suite_output_safety():
    d = private_dir()
    reference = export(d / "reference.ndjson")
    check(reference.returncode == 0, f"plain export: {reference.stderr!r}")
    records = ndjson_lines((d / "reference.ndjson").read_text())
    check(records > 0, "the reference export has records")

    # -o naming the export's own --out (or the repair's --repair): a usage error, nothing written.
    target = d / "same.ndjson"
    r = export(target, "-o", target)
    check(r.returncode == 2 and "would overwrite the input or output file" in r.stderr and not target.exists(),
          f"-o X --out X: {r.returncode} {r.stderr!r}")
    r = run("log-inspect", SMALL, "--repair", d / "repaired.log", "-o", d / "sub" / ".." / "repaired.log")
    check(r.returncode == 2 and "would overwrite" in r.stderr and not (d / "repaired.log").exists(), f"-o X --repair X: {r.stderr!r}")

    # Temp files carry the writer's pid; a later write of the same output removes those of dead
    # writers, and only those.
    stale = d / f"reference.ndjson.tmp-{dead_pid()}-AbC123"
    stale.write_text("left by a writer killed with SIGKILL")
    alive = d / f"reference.ndjson.tmp-{os.getpid()}-XyZ789"
    alive.write_text("still being written")
    r = export(d / "reference.ndjson")
    check(r.returncode == 0 and not stale.exists() and alive.exists(), f"stale temp files: {temp_files(d)}")
    alive.unlink()
    # A real SIGKILL in the middle of an export (--follow keeps it writing), then a new run.
    follow_out = d / "follow.ndjson"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(HOME), "LANG": "C.UTF-8"}
    proc = subprocess.Popen([str(HOST), "log-export", str(SMALL), "--to", "ndjson", "--out", str(follow_out), "--follow"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not any(p.name.startswith(f"follow.ndjson.tmp-{proc.pid}-") for p in d.iterdir()):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    left = temp_files(d)
    check(any(name.startswith(f"follow.ndjson.tmp-{proc.pid}-") for name in left), f"SIGKILL leaves a pid-named temp file: {left}")
    r = export(follow_out)
    check(r.returncode == 0 and temp_files(d) == [], f"the next run removes it: {temp_files(d)}")

    # A replaced output keeps its mode and, for root, its owner.
    kept = d / "kept.ndjson"
    kept.write_text("old\n")
    kept.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(kept, 1234, 1234)
    r = export(kept)
    st = kept.stat()
    check(r.returncode == 0 and ndjson_lines(kept.read_text()) == records and (st.st_mode & 0o7777) == 0o640,
          f"mode kept: {oct(st.st_mode)}")
    if os.geteuid() == 0:
        check((st.st_uid, st.st_gid) == (1234, 1234), f"owner kept: {st.st_uid}:{st.st_gid}")
    r = run("schema", HELLO, "json", "-o", kept)
    check(r.returncode == 0 and (kept.stat().st_mode & 0o7777) == 0o640, "-o keeps the mode too")

    # A symlink is written through: the link stays, the file it names gets the data.
    real = d / "real.ndjson"
    real.write_text("old\n")
    link = d / "link.ndjson"
    link.symlink_to(real.name)
    r = export(link)
    check(r.returncode == 0 and link.is_symlink() and ndjson_lines(real.read_text()) == records, "--out through a symlink")
    dangling = d / "dangling.json"
    dangling.symlink_to("created.json")
    r = run("schema", HELLO, "json", "-o", dangling)
    check(r.returncode == 0 and dangling.is_symlink() and json.loads((d / "created.json").read_text())["module_name"] == "hello",
          "-o through a dangling symlink creates its target")
    # A name for the process's own stdout (as /dev/stdout is) is written in place, even when
    # stdout is a regular file: the name is never replaced by a file.
    own_stdout = d / "stdout-link"
    own_stdout.symlink_to("/proc/self/fd/1")
    captured = d / "captured.txt"
    with open(captured, "w") as out:
        r = subprocess.run([str(HOST), "schema", str(HELLO), "json", "-o", str(own_stdout)], stdout=out,
                           stderr=subprocess.PIPE, text=True, env=env, timeout=60)
    check(r.returncode == 0 and own_stdout.is_symlink() and json.loads(captured.read_text())["module_name"] == "hello",
          f"-o naming stdout: {r.stderr!r}")

    # `--out -` is stdout: the data alone; a report asked for goes to stderr.
    r = export("-")
    check(r.returncode == 0 and ndjson_lines(r.stdout) == records and r.stderr == "", f"--out -: {r.stderr!r}")
    r = export("-", "-f", "text")
    check(r.returncode == 0 and ndjson_lines(r.stdout) == records and "exported" in r.stderr, f"--out - -f text: {r.stderr!r}")
    r = run("schema", HELLO, "json", "-o", "-")
    check(r.returncode == 0 and json.loads(r.stdout)["module_name"] == "hello", "-o - is stdout")

    # An empty name fails at once (with --follow the export would otherwise run until stopped).
    for args in (["log-export", SMALL, "--to", "ndjson", "--out", "", "--follow"],
                 ["log-query", SMALL, "--follow", "-o", ""], ["log-inspect", SMALL, "--repair", ""]):
        try:
            r = run(*args)
            ok = r.returncode == 2 and r.stderr.count("\n") == 1 and ("empty" in r.stderr or "needs the name" in r.stderr)
        except subprocess.TimeoutExpired:
            ok, r = False, None
        check(ok, f"{args}: {r and r.stderr!r}")

    # Write errors carry the system's reason.
    for args in (["log-export", SMALL, "--to", "ndjson", "--out", "/dev/full"], ["schema", HELLO, "-o", "/dev/full"]):
        r = run(*args)
        check(r.returncode == 2 and "No space left on device" in r.stderr and "/dev/full" in r.stderr, f"{args}: {r.stderr!r}")
