"""End-to-end suites for the command-line conventions of issue 16 ("Command line"): no option
abbreviations, `interstice` alone and `interstice version`, log-export's exporter choice and
quiet default, `--op` lists, arrays of schemas, unreadable schemas, several inputs and standard
input, validate's DryRunResult keys and log-query's footer."""
import json
import os
import pty
import shutil
import subprocess
import sys

from common import HOME, HOST, INVALID, REPO, SHARED, check, private_dir, run

V1 = SHARED / "fixtures" / "v1"
SMALL = V1 / "logs" / "small.log"
WIDE = V1 / "logs" / "wide.log"
SMALL_SCHEMAS = V1 / "logs" / "small.log.schemas.json"
HELLO = REPO / "examples" / "hello.json"


def usage_error(r, needle):
    return r.returncode == 2 and needle in r.stderr and r.stderr.count("\n") == 1


def run_json(*args, **kwargs):
    r = run(*args, **kwargs)
    try:
        return r, json.loads(r.stdout)
    except json.JSONDecodeError:
        check(False, f"{args}: not JSON (exit {r.returncode}): {r.stdout[:200]!r} {r.stderr[:300]!r}")
        return r, None


def suite_cli_no_abbreviations():
    """`--modul` is an unknown option with a suggestion, not silently `--module` (item 1)."""
    r = run("log-query", SMALL, "--modul", "chat", "--limit", "1")
    check(usage_error(r, "unknown option '--modul'") and "did you mean '--module'" in r.stderr,
          f"--modul: exit {r.returncode} {r.stderr!r}")
    r = run("--plugin", "x", "plugins")  # global options: --plugin-dir is not guessed either
    check(usage_error(r, "unknown option '--plugin'") and "--plugin-dir" in r.stderr, f"--plugin: {r.returncode} {r.stderr!r}")
    r = run("schema", HELLO, "--form", "json")
    check(usage_error(r, "unknown option '--form'") and "did you mean '--format'" in r.stderr, f"--form: {r.stderr!r}")
    # Whole names, short options and --name=value still work.
    check(run("log-query", SMALL, "--module", "chat", "--limit", "1").returncode == 0, "--module works")
    check(run("log-query", SMALL, "--module=chat", "-f", "json", "--limit=1").returncode == 0, "--module=chat works")


def suite_cli_usage_and_version():
    """`interstice` alone: usage on stderr, exit 2; `interstice version`; `help help` (item 2)."""
    bare = run()
    check(bare.returncode == 2 and bare.stdout == "" and bare.stderr.startswith("Usage: interstice"),
          f"no arguments: exit {bare.returncode}, stdout {bare.stdout[:80]!r}, stderr {bare.stderr[:80]!r}")
    asked = run("--help")
    check(asked.returncode == 0 and asked.stdout.startswith("Usage: interstice") and asked.stderr == "",
          "--help: usage on stdout, exit 0")
    flag = run("--version")
    word = run("version")
    check(word.returncode == 0 and word.stdout == flag.stdout and flag.stdout.startswith("interstice "),
          f"version: {word.returncode} {word.stdout!r} vs --version {flag.stdout!r}")
    check("version" in run("--help").stdout, "the global help lists the version command")
    r = run("help", "help")
    check(r.returncode == 0 and "Usage: interstice help [options] [COMMAND]" in r.stdout, f"help help: {r.stdout[:200]!r}")
    r = run("help", "version")
    check(r.returncode == 0 and "Usage: interstice version" in r.stdout, f"help version: {r.stdout[:200]!r}")


def suite_cli_log_export():
    """log-export: --to from --out's extension or positional, any case, did-you-mean, required
    options in the usage line, quiet by default with one line on a terminal (item 3)."""
    work = private_dir()
    reference = {}
    for to, ext in (("csv", "csv"), ("ndjson", "ndjson"), ("ndjson", "jsonl"), ("json", "json"), ("sqlite", "db"),
                    ("sqlite", "sqlite"), ("binary", "log")):
        out = work / f"inferred.{ext}"
        r = run("log-export", SMALL, "--out", out, "--module", "chat")
        check(r.returncode == 0 and out.exists(), f"--out .{ext}: exit {r.returncode} {r.stderr!r}")
        check(r.stdout == "" and r.stderr == "", f"--out .{ext}: silent off a terminal, got {r.stdout!r} {r.stderr!r}")
        explicit = work / f"explicit-{to}.{ext}"
        run("log-export", SMALL, "--to", to, "--out", explicit, "--module", "chat")
        if to != "sqlite":  # sqlite files carry no timestamps but compare them as bytes all the same
            check(out.read_bytes() == explicit.read_bytes(), f".{ext} is the same file as --to {to}")
        reference[to] = explicit
    # Positional exporter, any case; the report with an explicit format.
    out = work / "positional.csv"
    r = run("log-export", SMALL, "csv", "--out", out, "--module", "chat")
    check(r.returncode == 0 and out.read_bytes() == reference["csv"].read_bytes(), f"positional csv: {r.returncode} {r.stderr!r}")
    r = run("log-export", SMALL, "--to", "CSV", "--out", work / "upper.data", "--module", "chat")
    check(r.returncode == 0 and (work / "upper.data").read_bytes() == reference["csv"].read_bytes(), f"--to CSV: {r.stderr!r}")
    r = run("log-export", SMALL, "NDJSON", "--out", work / "upper2.data")
    check(r.returncode == 0, f"positional NDJSON: {r.stderr!r}")
    # Unknown names: did-you-mean; an extension that names no exporter says so.
    r = run("log-export", SMALL, "--to", "cvs", "--out", work / "x.out")
    check(usage_error(r, "unknown exporter 'cvs'") and "did you mean 'csv'" in r.stderr, f"--to cvs: {r.stderr!r}")
    r = run("log-export", SMALL, "--out", work / "x.parquet")
    check(usage_error(r, "unknown exporter 'parquet'") and "inferred from --out" in r.stderr, f".parquet: {r.stderr!r}")
    r = run("log-export", SMALL, "--out", work / "noextension")
    check(usage_error(r, "no extension") and "--to NAME" in r.stderr, f"no extension: {r.stderr!r}")
    r = run("log-export", SMALL, "json", "--to", "csv", "--out", work / "x.csv")
    check(usage_error(r, "--format json"), f"positional and --to disagree: {r.stderr!r}")
    # The usage line shows the required --out.
    r = run("log-export", SMALL)
    check(usage_error(r, "missing argument --out") and "<PATH> [EXPORTER] [FORMAT] --out FILE" in r.stderr,
          f"missing --out: {r.stderr!r}")
    check("Usage: interstice log-export [options] <PATH> [EXPORTER] [FORMAT] --out FILE" in run("help", "log-export").stdout,
          "help log-export shows the required --out")
    # The full report only when asked for: --format (before or after the command) or --output.
    r = run("log-export", SMALL, "--out", work / "r.csv", "--format", "json")
    check(r.returncode == 0 and json.loads(r.stdout)["exported"] == 1000 and json.loads(r.stdout)["exporter"] == "csv",
          f"--format json: {r.stdout[:200]!r}")
    r = run("-f", "json", "log-export", SMALL, "--out", work / "r.csv")
    check(r.returncode == 0 and json.loads(r.stdout)["exported"] == 1000, f"-f json before the command: {r.stdout[:200]!r}")
    r = run("log-export", SMALL, "--out", work / "r.csv", "-f", "text")
    check(r.returncode == 0 and "exported 1000 of 1000 transactions" in r.stdout, f"-f text: {r.stdout!r}")
    report = work / "report.json"
    r = run("log-export", SMALL, "--out", work / "r.csv", "-o", report, "-f", "json")
    check(r.returncode == 0 and json.loads(report.read_text())["exported"] == 1000, "-o writes the report")
    # On a terminal, one summary line on stderr and nothing on stdout.
    out_r, err_text = run_on_terminal_stderr([str(HOST), "log-export", str(SMALL), "--out", str(work / "tty.csv")])
    check(out_r == "" and err_text.strip().endswith(f"exported 1000 of 1000 transactions to {work / 'tty.csv'}")
          and err_text.count("\n") == 1, f"terminal: stdout {out_r!r}, stderr {err_text!r}")
    out_r, err_text = run_on_terminal_stderr([str(HOST), "log-export", str(SMALL), "--out", str(work / "tty.csv"), "-q"])
    check(out_r == "" and err_text == "", f"-q on a terminal: {out_r!r} {err_text!r}")


def run_on_terminal_stderr(argv):
    """Runs argv with stderr on a pseudo-terminal and stdout on a pipe: (stdout, stderr text)."""
    master, slave = pty.openpty()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(HOME), "LANG": "C.UTF-8"}
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    out = proc.stdout.read().decode()
    proc.wait(timeout=60)
    os.close(master)
    return out, b"".join(chunks).decode().replace("\r\n", "\n")


def suite_cli_op_list():
    """`--op insert,update` is one list, in log-query and log-export (item 4)."""
    _, both = run_json("log-query", SMALL, "--op", "insert,update", "-f", "json")
    _, inserts = run_json("log-query", SMALL, "--op", "insert", "-f", "json")
    _, updates = run_json("log-query", SMALL, "--op", "update", "-f", "json")
    _, repeated = run_json("log-query", SMALL, "--op", "insert", "--op", "update", "-f", "json")
    check(both["filtered_count"] == inserts["filtered_count"] + updates["filtered_count"] > 0,
          f"--op insert,update: {both['filtered_count']} != {inserts['filtered_count']} + {updates['filtered_count']}")
    check(both["filtered_count"] == repeated["filtered_count"] and both["filter_applied"] == repeated["filter_applied"],
          "--op insert,update equals --op insert --op update")
    check("op=insert,update" in both["filter_applied"], f"filter text: {both['filter_applied']}")
    r = run("log-query", SMALL, "--op", "insert,upsert")
    check(usage_error(r, "'upsert' is not insert, update or delete"), f"--op insert,upsert: {r.stderr!r}")
    work = private_dir()
    r = run("log-export", SMALL, "--op", "insert,update", "--out", work / "x.ndjson")
    lines = (work / "x.ndjson").read_text().splitlines()
    check(r.returncode == 0 and len(lines) == both["filtered_count"], f"log-export --op list: {len(lines)} lines")


def suite_cli_unreadable_schema():
    """An unreadable schema says why: permission denied, no such file, a directory (item 6)."""
    work = private_dir()
    r = run("schema", work / "missing.json")
    check(r.returncode == 2 and "no such file" in r.stderr and "does it exist" not in r.stderr, f"missing: {r.stderr!r}")
    r = run("validate", work)
    check(r.returncode == 2 and "is a directory" in r.stderr, f"directory: {r.stderr!r}")
    locked = work / "locked.json"
    shutil.copy(HELLO, locked)
    locked.chmod(0)
    if os.geteuid() != 0:
        r = run("schema", locked)
    else:  # root reads anything: run the host as nobody (the stage and fixtures are world-readable)
        setpriv = shutil.which("setpriv")
        if not setpriv:
            print("cli_unreadable_schema: no setpriv; the errno wording is unit-tested", file=sys.stderr)
            return
        env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LANG": "C.UTF-8"}
        r = subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", str(HOST), "schema", str(locked)],
                           capture_output=True, text=True, env=env, timeout=60)
    check(r.returncode == 2 and "permission denied" in r.stderr and "does it exist" not in r.stderr,
          f"chmod 000: exit {r.returncode} {r.stderr!r}")
    for command in (["validate", locked], ["log-export", SMALL, "--schema", locked, "--out", work / "x.db"]):
        if os.geteuid() == 0 and shutil.which("setpriv"):
            r = subprocess.run([shutil.which("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups", str(HOST),
                                *map(str, command)], capture_output=True, text=True,
                               env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}, timeout=60)
            check(r.returncode == 2 and "permission denied" in r.stderr, f"{command[0]}: {r.stderr!r}")


def suite_cli_query_footer():
    """log-query's text footer: "N matches among M records read" (item 9)."""
    r = run("log-query", SMALL, "--module", "chat", "--limit", "5")
    last = r.stdout.splitlines()[-1]
    check(last.startswith("5 matches among ") and " records read (filter: " in last, f"footer: {last!r}")
    r = run("log-query", SMALL, "--limit", "1")
    check(r.stdout.splitlines()[-1].startswith("1 match among 1 record read"), f"singular: {r.stdout.splitlines()[-1]!r}")
