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

from common import HOME, HOST, INVALID, REPO, SHARED, STAGE, check, private_dir, run

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
    """`interstice` alone: usage on stderr, exit 2; `interstice version` and `--version` anywhere;
    `help help` (item 2)."""
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
    # --version anywhere: after a command name too, before its required arguments are checked.
    for args in (("log-inspect", "--version"), ("schema", "x.json", "--version"), ("log-export", "--version")):
        r = run(*args)
        check(r.returncode == 0 and r.stdout == flag.stdout, f"{' '.join(args)}: {r.returncode} {r.stdout!r} {r.stderr!r}")
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
    r = run("log-export", SMALL, "--out", work / "x.csv", "json")
    check(usage_error(r, "--out") and "means csv" in r.stderr and not (work / "x.csv").exists(),
          f"positional json against .csv: {r.stderr!r}")
    r = run("log-export", SMALL, "--out", work / "x.csv", "--to", "json")
    check(r.returncode == 0 and (work / "x.csv").read_text().startswith("["), "--to json into x.csv on purpose")
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


def suite_cli_schema_arrays():
    """`schema` and `validate` read the array-of-schemas files `--schema` reads (item 5)."""
    arrays = sorted(V1.glob("logs/*.schemas.json"))
    check(len(arrays) >= 2, "fixtures ship *.schemas.json")
    for path in arrays:
        raw = json.loads(path.read_text())
        r, data = run_json("schema", path, "json")
        check(r.returncode == 0, f"schema {path.name}: exit {r.returncode} {r.stderr!r}")
        if data is None:
            continue
        if len(raw) == 1:
            check(data["module_name"] == raw[0]["name"], f"schema {path.name}: one schema, today's shape")
        else:
            check([s["module_name"] for s in data["schemas"]] == [s["name"] for s in raw], f"schema {path.name}: modules")
            check(data["schemas_count"] == len(raw), f"schema {path.name}: count")
            check(data["table_count"] == sum(len(s["tables"]) for s in raw), f"schema {path.name}: total tables")
        r, data = run_json("validate", path, "json")
        check(r.returncode == 0 and data["is_valid"] and not data["findings"], f"validate {path.name}: {r.stdout[:300]}")
        text = run("schema", path)
        check(text.returncode == 0 and all(s["name"] in text.stdout for s in raw), f"schema {path.name} text")
    # A problem inside an array points into its element.
    work = private_dir()
    hello = json.loads(HELLO.read_text())
    broken = json.loads(HELLO.read_text())
    broken["tables"].append(dict(broken["tables"][0]))
    (work / "two.schemas.json").write_text(json.dumps([hello, broken]))
    r, data = run_json("validate", work / "two.schemas.json", "json")
    check(r.returncode == 1 and any(f["pointer"].startswith("/1/tables/") for f in data["findings"]),
          f"array element findings: {data and data['findings']}")


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


def suite_cli_several_inputs():
    """Several inputs and globs: one result per file plus totals; `-` reads standard input (item 7)."""
    _, one_small = run_json("log-inspect", SMALL, "json")
    _, one_wide = run_json("log-inspect", WIDE, "json")
    r, both = run_json("log-inspect", SMALL, WIDE, "json")
    check(r.returncode == 0 and both["logs_count"] == 2 and both["logs"] == [one_small, one_wide],
          f"log-inspect two logs: exit {r.returncode} {r.stderr!r}")
    check(both["transaction_count"] == one_small["transaction_count"] + one_wide["transaction_count"]
          and both["is_valid"] is True, "log-inspect totals")
    text = run("log-inspect", SMALL, WIDE)
    check(text.returncode == 0 and "2 logs:" in text.stdout.splitlines()[-1], f"text totals: {text.stdout[-300:]!r}")
    # A quoted glob (the shell left it): sorted matches.
    r, globbed = run_json("log-inspect", str(V1 / "logs" / "*.log"), "json")
    names = sorted(p.name for p in (V1 / "logs").glob("*.log"))
    check(r.returncode == 0 and [l["file_path"].rsplit("/", 1)[-1] for l in globbed["logs"]] == names,
          f"glob: {r.returncode} {r.stderr!r}")
    r = run("log-inspect", str(V1 / "logs" / "*.nothing"))
    check(usage_error(r, "matches no file"), f"empty glob: {r.stderr!r}")
    # A damaged log among them: exit 1, totals say which.
    corrupt = sorted((V1 / "corrupt").glob("*.log"))[0]
    r, mixed = run_json("log-inspect", SMALL, corrupt, "json")
    check(r.returncode == 1 and mixed["is_valid"] is False, f"damaged among several: exit {r.returncode}")
    r = run("log-inspect", SMALL, WIDE, "--repair", private_dir() / "x.log")
    check(usage_error(r, "--repair takes one log"), f"--repair with two logs: {r.stderr!r}")
    # A log from a pipe: spooled, the same result as the file (but named "-").
    with open(SMALL, "rb") as log:
        piped = subprocess.run([str(HOST), "log-inspect", "-", "json"], stdin=log, capture_output=True, timeout=60,
                               env={"PATH": "/usr/bin:/bin", "HOME": str(HOME)})
    data = json.loads(piped.stdout)
    check(piped.returncode == 0 and data["file_path"] == "-"
          and {**data, "file_path": one_small["file_path"]} == one_small, f"log from stdin: {piped.stderr!r}")
    with open(SMALL, "rb") as log:
        piped = subprocess.run(["sh", "-c", f"cat | {HOST} log-query - --module chat -f json"], stdin=log,
                               capture_output=True, timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": str(HOME)})
    check(piped.returncode == 0 and json.loads(piped.stdout)["filtered_count"] > 0, f"log-query from a pipe: {piped.stderr!r}")
    # validate and schema: several files, a schema from a pipe.
    files = [HELLO, INVALID / "duplicate-table-name.json"]
    r, data = run_json("validate", *files, "json")
    check(r.returncode == 1 and data["files_count"] == 2 and data["files"][0]["is_valid"] and not data["files"][1]["is_valid"]
          and data["is_valid"] is False and data["error_count"] == data["files"][1]["error_count"],
          f"validate two files: {r.returncode} {r.stderr!r}")
    r = run("validate", *files)
    check("2 files: 1 invalid" in r.stdout.splitlines()[-1], f"validate text totals: {r.stdout[-200:]!r}")
    r, data = run_json("schema", HELLO, SMALL_SCHEMAS, "json")
    check(r.returncode == 0 and data["schemas_count"] == 1 + len(json.loads(SMALL_SCHEMAS.read_text())),
          f"schema several files: {r.stderr!r}")
    piped = subprocess.run([str(HOST), "schema", "-", "json"], input=HELLO.read_text(), capture_output=True, text=True,
                           timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": str(HOME)})
    _, direct = run_json("schema", HELLO, "json")
    check(piped.returncode == 0 and json.loads(piped.stdout) == direct, f"schema from stdin: {piped.stderr!r}")
    piped = subprocess.run([str(HOST), "validate", "-", "json"], input=HELLO.read_text(), capture_output=True, text=True,
                           timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": str(HOME)})
    check(piped.returncode == 0 and json.loads(piped.stdout)["file_path"] == "-", f"validate from stdin: {piped.stderr!r}")
    r = run("schema", "-", "-")
    check(usage_error(r, "only once"), f"- twice: {r.stderr!r}")


def suite_cli_validate_dry_run():
    """validate's JSON carries the seed DryRunResult keys (item 8)."""
    r, data = run_json("validate", HELLO, "json")
    check(set(data) >= {"is_valid", "issues", "warnings", "findings", "is_loadable", "abi_version",
                        "missing_dependencies", "schema_errors"}, f"keys: {sorted(data)}")
    check(data["is_loadable"] is True and data["missing_dependencies"] == [] and data["schema_errors"] == []
          and data["abi_version"] == json.loads(HELLO.read_text())["abi_version"], f"hello: {data}")
    cross = INVALID / "valid-cross-module-subscription.json"
    raw = json.loads(cross.read_text())
    others = list(dict.fromkeys(s["module_name"] for s in raw["subscriptions"] if s["module_name"] != raw["name"]))
    r, data = run_json("validate", cross, "json")
    check(r.returncode == 0 and data["is_valid"] and data["is_loadable"] is False and data["missing_dependencies"] == others,
          f"cross-module subscription: missing {data['missing_dependencies']}, want {others}")
    # Given a schema that provides the module, nothing is missing.
    work = private_dir()
    provider = json.loads(HELLO.read_text())
    provider["name"] = others[0]
    provider["subscriptions"] = []
    (work / "provider.json").write_text(json.dumps(provider))
    r, data = run_json("validate", cross, work / "provider.json", "json")
    check(data["files"][0]["missing_dependencies"] == others[1:] and data["is_loadable"] == (len(others) == 1),
          f"with the provider: {data['files'][0]['missing_dependencies']}")
    r, data = run_json("validate", INVALID / "duplicate-table-name.json", "json")
    check(data["is_loadable"] is False and data["schema_errors"] == data["issues"] and data["schema_errors"],
          "an invalid schema is not loadable and lists its errors")


def suite_cli_query_footer():
    """log-query's text footer: "N matches among M records read" (item 9)."""
    r = run("log-query", SMALL, "--module", "chat", "--limit", "5")
    last = r.stdout.splitlines()[-1]
    check(last.startswith("5 matches among ") and " records read (filter: " in last, f"footer: {last!r}")
    r = run("log-query", SMALL, "--limit", "1")
    check(r.stdout.splitlines()[-1].startswith("1 match among 1 record read"), f"singular: {r.stdout.splitlines()[-1]!r}")


def suite_cli_progress_rate():
    """A progress bar on a terminal shows the rate and the time left, not only a percentage."""
    work = private_dir()
    big = work / "big.log"  # v1 logs concatenate into a valid log: 8 x wide.log, over the 8 MiB threshold
    with open(big, "wb") as out:
        for _ in range(8):
            out.write(WIDE.read_bytes())
    out_text, err_text = run_on_terminal_stderr([str(HOST), "log-inspect", str(big), "-f", "json"])
    check(json.loads(out_text)["transaction_count"] == 40000, "log-inspect of the concatenated log")
    check("inspecting" in err_text and "%" in err_text and "B/s" in err_text and "ETA " in err_text,
          f"progress line: {err_text!r}")
    check(err_text.rstrip("\n").endswith("\x1b[K"), f"the bar is cleared at the end: {err_text[-40:]!r}")


def bash_complete(script, words):
    """The completions bash offers for `words` (the last one is being typed) with `script` loaded."""
    line = " ".join(words)
    program = (f"source {script}\n"
               f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}; COMP_LINE={line!r}\n"
               "_interstice; printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    r = subprocess.run(["bash", "--norc", "-c", program], capture_output=True, text=True, timeout=30)
    check(r.returncode == 0, f"bash completion of {words}: {r.stderr!r}")
    return [w for w in r.stdout.splitlines() if w]


def suite_cli_completion_and_man():
    """Shell completion (bash, zsh, fish) and man pages, generated from the loaded plugins' option
    tables and installed by `cmake --install`; a plugin from --plugin-dir completes too."""
    share = STAGE / "share"
    installed = {"bash": share / "bash-completion" / "completions" / "interstice",
                 "zsh": share / "zsh" / "site-functions" / "_interstice",
                 "fish": share / "fish" / "vendor_completions.d" / "interstice.fish"}
    for shell, path in installed.items():
        check(path.is_file() and path.read_text() == run("--no-user-plugins", "completion", shell).stdout,
              f"{shell}: installed {path} equals `interstice completion {shell}`")
    bash = installed["bash"]
    check(subprocess.run(["bash", "-n", str(bash)]).returncode == 0, "the bash script parses")
    check(bash_complete(bash, ["interstice", "log-ex"]) == ["log-export"], "command names")
    check(set(bash_complete(bash, ["interstice", "log-export", "x.log", "--o"])) == {"--op", "--out", "--output"},
          f"a command's options: {bash_complete(bash, ['interstice', 'log-export', 'x.log', '--o'])}")
    check(bash_complete(bash, ["interstice", "-f", "j"]) == ["json", "junit"], "--format values before the command")
    check(bash_complete(bash, ["interstice", "schema", "--format", "ya"]) == ["yaml"], "--format values after it")
    check(bash_complete(bash, ["interstice", "--plugin-dir", "d", "sch"]) == ["schema", "schema-diff"],
          "a global option's value is not the command")
    check(bash_complete(bash, ["interstice", "validate", "--log", ""]) == [], "--log LOG completes files (bash default)")
    check("--keep-going" in bash_complete(bash, ["interstice", "validate", "--"]), "validate --keep-going")
    fish = installed["fish"].read_text()
    check("-n '__fish_seen_subcommand_from log-export' -l out -r" in fish, "fish: log-export --out takes a value")
    zsh = installed["zsh"].read_text()
    check(zsh.startswith("#compdef interstice") and "'--out[file to write (replaced atomically)]:FILE:_files'" in zsh,
          "zsh: _arguments specs")
    if shutil.which("zsh"):
        check(subprocess.run(["zsh", "-n", str(installed["zsh"])]).returncode == 0, "the zsh script parses")
    if shutil.which("fish"):
        check(subprocess.run(["fish", "-n", str(installed["fish"])]).returncode == 0, "the fish script parses")
    # A plugin the install does not have (from --plugin-dir) completes like a built-in one.
    broken = os.environ.get("INTERSTICE_BROKEN_PLUGINS")
    if broken:
        r = run("--plugin-dir", broken, "completion", "bash")
        check("'command-throws')" in r.stdout, "a --plugin-dir command is in the generated script")
    r = run("completion", "tcsh")
    check(usage_error(r, "unknown shell 'tcsh'"), f"completion tcsh: {r.stderr!r}")
    # Man pages: interstice(1) and one per command, installed; each renders without warnings.
    man1 = share / "man" / "man1"
    commands = [c for c in (run("--help").stdout.split("Commands:\n")[1].split("\n\n")[0]).split("\n") if c.strip()]
    names = [c.split()[0] for c in commands]
    check(sorted(p.name for p in man1.glob("*.1")) == sorted(["interstice.1"] + [f"interstice-{n}.1" for n in names]),
          f"man pages: {sorted(p.name for p in man1.glob('*.1'))}")
    check((man1 / "interstice-log-export.1").read_text() == run("man", "log-export").stdout, "installed page = `man log-export`")
    page = run("man", "log-export").stdout
    check(".SH SYNOPSIS" in page and "\\fB\\-\\-out\\fR \\fIFILE\\fR" in page and "[EXPORTER] [FORMAT] --out FILE" in page,
          "log-export's page lists its options and usage")
    if shutil.which("groff"):
        for path in sorted(man1.glob("*.1")):
            r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", str(path)], capture_output=True, text=True)
            check(r.returncode == 0 and r.stderr == "", f"{path.name}: groff warnings {r.stderr[:300]!r}")
    r = run("man", "nosuch")
    check(usage_error(r, "unknown command 'nosuch'"), f"man nosuch: {r.stderr!r}")


def suite_cli_deb_package():
    """`cpack` makes a .deb of the install; unpacked into a temporary root (dpkg -x) it runs:
    every plugin loads from there, completion and man pages are in it, dependencies are declared."""
    build = STAGE.parent
    if not (build / "CPackConfig.cmake").exists() or not shutil.which("dpkg-deb"):
        check(False, f"no CPackConfig.cmake in {build} or no dpkg-deb")
        return
    work = private_dir()
    r = subprocess.run(["cpack", "--config", str(build / "CPackConfig.cmake"), "-B", str(work)],
                       capture_output=True, text=True, timeout=600)
    debs = sorted(work.glob("interstice_*.deb"))
    check(r.returncode == 0 and len(debs) == 1, f"cpack: exit {r.returncode}, {debs}: {r.stdout[-500:]} {r.stderr[-500:]}")
    if not debs:
        return
    info = subprocess.run(["dpkg-deb", "-f", str(debs[0]), "Package", "Version", "Depends"], capture_output=True, text=True).stdout
    check("Package: interstice" in info and "libboost-program-options" in info and "libsqlite3" in info,
          f"control fields: {info}")
    root = work / "root"
    subprocess.run(["dpkg-deb", "-x", str(debs[0]), str(root)], check=True)
    host = root / "usr" / "bin" / "interstice"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(HOME), "LANG": "C.UTF-8"}
    r = subprocess.run([str(host), "--no-user-plugins", "plugins", "-f", "json"], capture_output=True, text=True, env=env, timeout=60)
    listing = json.loads(r.stdout) if r.returncode == 0 else []
    staged = json.loads(run("--no-user-plugins", "plugins", "-f", "json").stdout)
    check(r.returncode == 0 and listing and all(p["status"] == "loaded" for p in listing)
          and sorted(p["id"] for p in listing) == sorted(p["id"] for p in staged),
          f"plugins from the unpacked .deb: exit {r.returncode} {r.stderr[-300:]!r}")
    check(all(str(root) in p.get("path", str(root)) for p in listing), "the plugins come from the unpacked root")
    r = subprocess.run([str(host), "log-inspect", str(SMALL), "-f", "json"], capture_output=True, text=True, env=env, timeout=60)
    check(r.returncode == 0 and json.loads(r.stdout)["transaction_count"] == 1000, f"log-inspect from the .deb: {r.stderr!r}")
    for path in ("usr/share/bash-completion/completions/interstice", "usr/share/zsh/site-functions/_interstice",
                 "usr/share/fish/vendor_completions.d/interstice.fish", "usr/share/man/man1/interstice.1",
                 "usr/share/man/man1/interstice-log-export.1"):
        check((root / path).is_file(), f"the .deb has /{path}")


def suite_cli_json_key_rule():
    """Issue 16: one naming rule for JSON keys (docs/json-keys.md), checked on the real outputs:
    the input file is `file_path` and a module/table reference is `module_id`/`table_name` in every
    command's result and finding; the old spellings appear nowhere a thing of that kind is named."""
    renamed = {"file": "file_path", "module": "module_id", "table": "table_name"}

    def walk(value, where, keys, path=""):
        if isinstance(value, dict):
            for key, inner in value.items():
                # Data keys (rule 4: by_module's module names, live_rows' tables) and the --table
                # filter echo of --at/--diff are not names of fields.
                if key in keys and not path.endswith(("/live_rows", "/by_module", "/other_modules",
                                                      "/unknown_tables")) and not (key == "table" and path == ""):
                    check(False, f"{where}: key {key!r} at {path or '/'} should be {renamed[key]!r}")
                walk(inner, where, keys, f"{path}/{key}")
        elif isinstance(value, list):
            for i, inner in enumerate(value):
                walk(inner, where, keys, f"{path}/{i}")

    mutated = V1 / "mutate" / "small.mutated.log"
    commands = {
        "validate": ["validate", V1 / "invalid-schemas" / "duplicate-table-name.json", "--format", "json"],
        "validate --log": ["validate", "--log", SMALL, "--schema", REPO / "tests" / "golden" / "inputs" / "small-hello-v2.json",
                           "--format", "json"],
        "log-inspect": ["log-inspect", SMALL, "--format", "json"],
        "determinism": ["determinism", SMALL, "--format", "json"],
        "determinism --at": ["determinism", SMALL, "--at", "500", "--format", "json"],
        "determinism --diff": ["determinism", SMALL, "--diff", "100", "200", "--format", "json"],
        "determinism --against": ["determinism", SMALL, "--against", mutated, "--format", "json"],
        "schema-diff": ["schema-diff", V1 / "schemas" / "chat.json", V1 / "schemas" / "chat.v2.json", "--format", "json"],
    }
    seen = {"file_path": 0, "module_id": 0, "table_name": 0}
    for name, args in commands.items():
        r = run(*args)
        check(r.returncode in (0, 1), f"{name}: exit {r.returncode} {r.stderr[:300]}")
        try:
            data = json.loads(r.stdout)
        except ValueError:
            check(False, f"{name}: not JSON: {r.stdout[:200]}")
            continue
        # schema-diff's targets (`table`, `column`, ...) name schema parts, kept (docs/json-keys.md).
        walk(data, name, {"file"} if name == "schema-diff" else set(renamed))
        text = r.stdout
        for key in seen:
            seen[key] += text.count(f'"{key}"')
    check(all(count > 0 for count in seen.values()), f"the new names are used: {seen}")


def suite_cli_text_for_people():
    """Issue 16, text output: ISO 8601 times with the zone (UTC by default, --tz local), sizes in
    human units with the exact bytes in JSON, labels in words, validate's severity coloured by
    meaning (error red, warning yellow) when colour is on, none with NO_COLOR."""
    import re
    text = run("log-inspect", SMALL).stdout
    check(re.search(r"first record at +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", text), f"UTC ISO 8601 time: {text}")
    check(re.search(r"size +\d+\.\d KiB", text), f"size in KiB: {text}")
    check("transaction_count" not in text and "records" in text, f"labels are words: {text}")
    data = json.loads(run("log-inspect", SMALL, "--format", "json").stdout)
    check(data["log_size_bytes"] == SMALL.stat().st_size, "JSON keeps the exact byte count")
    local = run("--tz", "local", "log-inspect", SMALL, env={"TZ": "Asia/Kolkata"}).stdout
    check(re.search(r"first record at +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+05:30", local), f"--tz local: {local}")
    schema = private_dir() / "warn-and-error.json"
    doc = json.loads((V1 / "schemas" / "hello.json").read_text())
    doc["tables"].append(dict(doc["tables"][-1]))         # DUPLICATE_TABLE: an error
    doc["tables"][0]["name"] = doc["tables"][0]["name"] + " x"  # NAME_NOT_IDENTIFIER: a warning
    schema.write_text(json.dumps(doc))
    coloured = run("--color", "always", "validate", schema).stdout
    check("\033[1;31merror\033[0m" in coloured and "\033[33mwarning\033[0m" in coloured,
          f"error red, warning yellow: {coloured!r}")
    plain = run("validate", schema, env={"NO_COLOR": "1"}).stdout
    check("\033[" not in plain and ": error: " in plain and ": warning: " in plain, f"NO_COLOR: {plain!r}")
