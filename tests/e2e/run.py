#!/usr/bin/env python3
"""End-to-end tests: run the *installed* `interstice` on real fixtures and check what a user sees.

Usage: run.py SUITE [--update]    (CTest runs one suite per test; --update rewrites golden files)

Environment (set by CTest): INTERSTICE_STAGE (install prefix), INTERSTICE_SHARED (../shared),
INTERSTICE_REPO, INTERSTICE_BROKEN_PLUGINS, INTERSTICE_CMAKE_GENERATOR.
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

STAGE = Path(os.environ["INTERSTICE_STAGE"])
SHARED = Path(os.environ["INTERSTICE_SHARED"]).resolve()
REPO = Path(os.environ["INTERSTICE_REPO"]).resolve()
BROKEN = Path(os.environ.get("INTERSTICE_BROKEN_PLUGINS", ""))
HOST = STAGE / "bin" / "interstice"
GOLDEN = REPO / "tests" / "golden"
SCHEMAS = SHARED / "fixtures" / "v1" / "schemas"
INVALID = SHARED / "fixtures" / "v1" / "invalid-schemas"
HOME = Path(tempfile.mkdtemp(prefix="interstice-e2e-home-"))

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)


def run(*args, env=None, cwd=None):
    """Runs the installed host with a clean environment (no user plugins, no colour settings)."""
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(HOME), "LANG": "C.UTF-8"}
    base.update(env or {})
    return subprocess.run([str(HOST), *map(str, args)], capture_output=True, text=True, env=base, cwd=cwd, timeout=60)


def private_dir():
    d = Path(tempfile.mkdtemp(prefix="interstice-e2e-"))
    d.chmod(0o755)
    return d


def schema_files():
    return sorted(p for p in SCHEMAS.glob("*.json") if p.name != "index.json" and ".diff." not in p.name)


# --- suites -----------------------------------------------------------------------------------

def suite_schema_fixtures():
    """`schema` on every fixture schema: counts equal the file's, in text, json and yaml."""
    files = schema_files()
    check(len(files) >= 10, f"expected at least 10 schemas, found {len(files)}")
    for path in files:
        raw = json.loads(path.read_text())
        as_json = run("schema", path, "json")
        check(as_json.returncode == 0, f"{path.name}: json exit {as_json.returncode}: {as_json.stderr}")
        data = json.loads(as_json.stdout)
        for key, field in (("table_count", "tables"), ("reducer_count", "reducers"), ("subscription_count", "subscriptions")):
            check(data[key] == len(raw[field]), f"{path.name}: {key} {data[key]} != {len(raw[field])}")
            check(len(data[field]) == len(raw[field]), f"{path.name}: {field} list length")
        check(data["module_name"] == raw["name"], f"{path.name}: module_name")
        v = raw["version"]
        check(data["version"] == f"{v['major']}.{v['minor']}.{v['patch']}", f"{path.name}: version")
        check([t["name"] for t in data["tables"]] == [t["name"] for t in raw["tables"]], f"{path.name}: table names")

        as_yaml = run("--format", "yaml", "schema", path)
        check(as_yaml.returncode == 0, f"{path.name}: yaml exit {as_yaml.returncode}")
        check(yaml.safe_load(as_yaml.stdout) == data, f"{path.name}: yaml and json outputs load to different data")

        as_text = run("schema", path, "-f", "text")
        check(as_text.returncode == 0, f"{path.name}: text exit")
        plural = lambda n, noun: f"{n} {noun}{'' if n == 1 else 's'}"
        summary = ", ".join(plural(len(raw[f]), f[:-1]) for f in ("tables", "reducers", "subscriptions"))
        check(summary in as_text.stdout, f"{path.name}: text lacks '{summary}'")
        for table in raw["tables"]:
            check(table["name"] in as_text.stdout, f"{path.name}: text lacks table {table['name']}")


def substitute(text):
    return text.replace(str(STAGE), "$STAGE").replace(str(SHARED), "$SHARED").replace(str(REPO), "$REPO")


def suite_golden(update=False):
    """Each line of tests/golden/cases.txt: NAME ARGS...; the output must equal NAME.golden."""
    for line in (GOLDEN / "cases.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, *args = shlex.split(line)
        args = [a.replace("$SHARED", str(SHARED)).replace("$REPO", str(REPO)) for a in args]
        result = run(*args)
        actual = f"exit: {result.returncode}\n--- stdout\n{substitute(result.stdout)}--- stderr\n{substitute(result.stderr)}"
        golden = GOLDEN / f"{name}.golden"
        if update:
            golden.write_text(actual)
            continue
        expected = golden.read_text() if golden.exists() else "(missing golden file)"
        check(actual == expected, f"{name}: output differs from {golden.name}:\n{actual}")


def suite_cli():
    """Options, help, exit codes, --output and colour."""
    hello = REPO / "examples" / "hello.json"
    version = run("--version")
    check(version.returncode == 0 and "ABI 1" in version.stdout, f"--version: {version.stdout!r}")

    for args in (["--help"], ["help"], ["-h"]):
        r = run(*args)
        check(r.returncode == 0 and "schema" in r.stdout and "Output formats: json, text, yaml" in r.stdout, f"{args}: {r.stdout}")
    bare = run()
    check(bare.returncode == 2 and "Usage:" in bare.stdout, "no arguments: usage and exit 2")

    for args in (["help", "schema"], ["schema", "--help"], ["--help", "schema"]):
        r = run(*args)
        check(r.returncode == 0 and "Usage: interstice schema [options] <PATH> [FORMAT]" in r.stdout, f"{args}: {r.stdout}")

    for args, needle in ((["schem", hello], "did you mean 'schema'"), (["schema", hello, "jsno"], "did you mean 'json'"),
                         (["schema", hello, "--fromat", "json"], "did you mean '--format'"), (["--bogus"], "unknown option"),
                         (["schema"], "missing argument <PATH>"), (["schema", hello, "json", "extra"], "too many arguments"),
                         (["--color", "sometimes", "schema", hello], "--color must be"), (["--log-level", "loud", "plugins"], "log-level")):
        r = run(*args)
        check(r.returncode == 2, f"{args}: exit {r.returncode}, want 2")
        check(needle in r.stderr and r.stderr.count("\n") == 1, f"{args}: stderr {r.stderr!r} lacks {needle!r} on one line")

    # Format by flag before or after the command, or by the trailing positional: same result.
    outputs = {run(*a).stdout for a in (["-f", "json", "schema", hello], ["schema", hello, "--format", "json"],
                                        ["schema", "-f", "json", hello], ["schema", hello, "json"])}
    check(len(outputs) == 1, "all spellings of the json format give the same output")

    # --output writes atomically: the file appears complete, no temp files are left, stdout is empty.
    out_dir = private_dir()
    target = out_dir / "hello.json"
    r = run("schema", hello, "json", "-o", target)
    check(r.returncode == 0 and r.stdout == "", f"--output: exit {r.returncode}, stdout {r.stdout!r}")
    check(json.loads(target.read_text())["module_name"] == "hello", "--output file content")
    check(sorted(p.name for p in out_dir.iterdir()) == ["hello.json"], "--output leaves no temp file")
    # A failing command leaves the previous file untouched and no temp file.
    r = run("schema", INVALID / "truncated-json.json", "json", "-o", target)
    check(r.returncode == 2 and json.loads(target.read_text())["module_name"] == "hello", "failed run keeps old output")
    check(sorted(p.name for p in out_dir.iterdir()) == ["hello.json"], "failed run leaves no temp file")
    r = run("schema", hello, "-o", out_dir / "missing-dir" / "x.json")
    check(r.returncode == 2 and "missing-dir" in r.stderr, f"unwritable output: {r.stderr!r}")

    # Colour: never on a pipe by default, always when asked, never with NO_COLOR in auto mode.
    check("\033[" not in run("schema", hello).stdout, "no colour on a pipe")
    check("\033[1m" in run("--color", "always", "schema", hello).stdout, "--color always colours")
    check("\033[" not in run("schema", hello, "--color", "never").stdout, "--color never")
    check("\033[" not in run("schema", hello, env={"NO_COLOR": "1"}).stdout, "NO_COLOR")

    # Input files are never modified.
    before = hello.read_bytes()
    run("schema", hello, "-o", out_dir / "again.txt")
    check(hello.read_bytes() == before, "input unchanged")

    # Directory instead of file, malformed inputs: one line, exit 2.
    for path in (SCHEMAS, INVALID / "truncated-json.json", INVALID / "tables-is-an-object.json"):
        r = run("schema", path)
        check(r.returncode == 2 and r.stderr.count("\n") == 1 and str(path) in r.stderr, f"{path}: {r.stderr!r}")


def copy_plugin(src, dest_dir, name=None):
    target = dest_dir / (name or Path(src).name)
    shutil.copy(src, target)
    target.chmod(0o755)
    return target


def suite_broken_plugins():
    """Each broken plugin: one line naming the file and the reason; every other command still works."""
    hello = REPO / "examples" / "hello.json"
    reasons = {
        "bad_abi.so": "built for SDK ABI 999, this host speaks ABI 1",
        "no_descriptor.so": "exports no 'interstice_plugin_descriptor' symbol",
        "missing_dependency.so": "a library it needs cannot be found",
        "factory_throws.so": "its factory threw: required setting 'db.url' is missing",
        "not_elf.so": "not a shared library",
    }
    for file, reason in reasons.items():
        d = private_dir()
        copy_plugin(BROKEN / file, d)
        r = run("--plugin-dir", d, "schema", hello, "json")
        check(r.returncode == 0, f"{file}: schema exit {r.returncode}")
        check(json.loads(r.stdout)["module_name"] == "hello", f"{file}: schema output")
        lines = [l for l in r.stderr.splitlines() if l]
        check(len(lines) == 1 and str(d / file) in lines[0] and reason in lines[0], f"{file}: stderr {r.stderr!r}")
        listing = json.loads(run("--plugin-dir", d, "plugins", "--format", "json").stdout)
        entry = [p for p in listing if p["path"] == str(d / file)]
        check(len(entry) == 1 and entry[0]["status"].startswith("rejected: ") and reason in entry[0]["status"],
              f"{file}: listing {entry}")

    # All of them at once, plus a command that throws while running.
    d = private_dir()
    for file in [*reasons, "command_throws.so"]:
        copy_plugin(BROKEN / file, d)
    r = run("--plugin-dir", d, "schema", hello, "json")
    check(r.returncode == 0 and len(r.stderr.splitlines()) == len(reasons), f"all broken: {r.returncode} {r.stderr!r}")
    r = run("--plugin-dir", d, "command-throws")
    err = [l for l in r.stderr.splitlines() if "command-throws" in l and "failed" in l]
    check(r.returncode == 2 and len(err) == 1 and "lost the connection to the replica" in err[0], f"throwing command: {r.stderr!r}")


def suite_plugin_search():
    """Search order, shadowing, trust checks, and the JSON listing's exact keys."""
    keys = {"id", "kind", "version", "abi", "path", "status", "description"}
    listing = json.loads(run("plugins", "--format", "json").stdout)
    loaded = {p["id"]: p for p in listing if p["status"] == "loaded"}
    for plugin_id in ("text", "json", "yaml", "schema"):
        check(plugin_id in loaded, f"{plugin_id} is not loaded")
    check(all(set(p) == keys for p in listing), f"listing keys: {[sorted(p) for p in listing]}")
    check(all(p["path"].startswith(str(STAGE / "lib" / "interstice" / "plugins")) for p in listing), "built-in path")

    builtin_json = STAGE / "lib" / "interstice" / "plugins" / "output-format-json.so"
    schema_so = STAGE / "lib" / "interstice" / "plugins" / "command-schema.so"

    # A built-in id cannot be replaced, wherever the copy is.
    d = private_dir()
    copy_plugin(builtin_json, d, "my-json.so")
    listing = json.loads(run("--plugin-dir", d, "plugins", "-f", "json").stdout)
    mine = [p for p in listing if p["path"] == str(d / "my-json.so")][0]
    check(mine["status"].startswith("shadowed: ") and "cannot be replaced" in mine["status"], f"shadowed built-in: {mine}")

    # Between two non-built-in dirs, the first in search order wins: --plugin-dir, then the
    # environment, then the user directory.
    first, second, xdg = private_dir(), private_dir(), private_dir()
    user = xdg / "interstice" / "plugins"
    user.mkdir(parents=True)
    for dest in (first, second, user):
        copy_plugin(BROKEN / "command_throws.so", dest)
    env = {"INTERSTICE_PLUGIN_PATH": f":{second}::", "XDG_DATA_HOME": str(xdg)}
    listing = json.loads(run("--plugin-dir", first, "plugins", "-f", "json", env=env).stdout)
    status = {p["path"]: p["status"] for p in listing if p["id"] == "command-throws"}
    check(status.get(str(first / "command_throws.so")) == "loaded", f"--plugin-dir wins: {status}")
    check(status.get(str(second / "command_throws.so"), "").startswith("shadowed"), f"env shadowed: {status}")
    check(status.get(str(user / "command_throws.so"), "").startswith("shadowed"), f"user shadowed: {status}")
    listing = json.loads(run("plugins", "-f", "json", env=env).stdout)
    status = {p["path"]: p["status"] for p in listing if p["id"] == "command-throws"}
    check(status.get(str(second / "command_throws.so")) == "loaded", f"env before user: {status}")
    listing = json.loads(run("plugins", "-f", "json", env={"XDG_DATA_HOME": str(xdg)}).stdout)
    check(any(p["path"] == str(user / "command_throws.so") and p["status"] == "loaded" for p in listing), "user dir is searched")
    # Default user dir is ~/.local/share/interstice/plugins.
    home_plugins = HOME / ".local" / "share" / "interstice" / "plugins"
    home_plugins.mkdir(parents=True, exist_ok=True)
    copy_plugin(BROKEN / "command_throws.so", home_plugins)
    r = run("command-throws")
    check(r.returncode == 2 and "lost the connection" in r.stderr, "plugin from ~/.local/share/interstice/plugins runs")
    (home_plugins / "command_throws.so").unlink()

    # Never from the working directory, even with empty entries in the path.
    cwd = private_dir()
    copy_plugin(BROKEN / "command_throws.so", cwd)
    r = run("plugins", "-f", "json", env={"INTERSTICE_PLUGIN_PATH": ":"}, cwd=cwd)
    check(all(p["id"] != "command-throws" for p in json.loads(r.stdout)), "working directory must not be searched")

    # Group- or world-writable directories and files are refused, with the reason.
    open_dir = private_dir()
    copy_plugin(BROKEN / "command_throws.so", open_dir)
    open_dir.chmod(0o777)
    r = run("--plugin-dir", open_dir, "plugins", "-f", "json")
    entry = [p for p in json.loads(r.stdout) if p["path"] == str(open_dir)]
    check(len(entry) == 1 and "writable by everyone" in entry[0]["status"], f"world-writable dir: {entry}")
    check("writable by everyone" in r.stderr, "refusal is reported on stderr")
    file_dir = private_dir()
    loose = copy_plugin(BROKEN / "command_throws.so", file_dir)
    loose.chmod(0o775)
    entry = [p for p in json.loads(run("--plugin-dir", file_dir, "plugins", "-f", "json").stdout) if p["path"] == str(loose)]
    check(len(entry) == 1 and "writable by its group" in entry[0]["status"], f"group-writable file: {entry}")

    # A missing --plugin-dir is a warning, not an error.
    r = run("--plugin-dir", "/no/such/dir", "schema", REPO / "examples" / "hello.json")
    check(r.returncode == 0 and "/no/such/dir" in r.stderr, f"missing plugin dir: {r.returncode} {r.stderr!r}")


def suite_third_party_plugin():
    """Build examples/third-party-plugin out of tree against the installed SDK and run it."""
    work = private_dir()
    build = work / "build"
    env = dict(os.environ)
    gen = os.environ.get("INTERSTICE_CMAKE_GENERATOR", "Ninja")
    subprocess.run(["cmake", "-S", REPO / "examples" / "third-party-plugin", "-B", build, "-G", gen,
                    f"-DCMAKE_PREFIX_PATH={STAGE}"], check=True, env=env, timeout=300)
    subprocess.run(["cmake", "--build", build], check=True, env=env, timeout=600)
    plugins = private_dir()
    copy_plugin(build / "command-word-count.so", plugins)

    sample = work / "sample.txt"
    sample.write_text("one two three\nfour  five\n\nsix\n")
    r = run("word-count", sample, "json", env={"INTERSTICE_PLUGIN_PATH": str(plugins)})
    check(r.returncode == 0, f"word-count exit {r.returncode}: {r.stderr}")
    check(json.loads(r.stdout) == {"path": str(sample), "lines": 4, "words": 6, "bytes": 30}, f"word-count: {r.stdout}")
    r = run("word-count", sample, "--min-length", "4", "-f", "yaml", env={"INTERSTICE_PLUGIN_PATH": str(plugins)})
    check(yaml.safe_load(r.stdout)["words"] == 3, f"--min-length: {r.stdout}")
    listing = json.loads(run("plugins", "-f", "json", env={"INTERSTICE_PLUGIN_PATH": str(plugins)}).stdout)
    check(any(p["id"] == "word-count" and p["status"] == "loaded" and p["kind"] == "command" for p in listing), "listed")
    r = run("help", "word-count", env={"INTERSTICE_PLUGIN_PATH": str(plugins)})
    check("--min-length" in r.stdout, "help shows the plugin's own options")
    r = run("word-count", work / "nope.txt", env={"INTERSTICE_PLUGIN_PATH": str(plugins)})
    check(r.returncode == 2 and "nope.txt: cannot open file" in r.stderr, f"third-party error: {r.stderr!r}")
    # pkg-config describes the same SDK.
    pc = STAGE / "lib" / "pkgconfig" / "interstice-sdk.pc"
    if not pc.exists():
        pc = next(STAGE.glob("lib/*/pkgconfig/interstice-sdk.pc"))
    check("-linterstice_sdk" in pc.read_text(), "pkg-config file")


SUITES = {name[len("suite_"):]: fn for name, fn in globals().items() if name.startswith("suite_")}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in SUITES:
        sys.exit(f"usage: run.py {{{'|'.join(SUITES)}}} [--update]")
    if sys.argv[1] == "golden":
        suite_golden(update="--update" in sys.argv)
    else:
        SUITES[sys.argv[1]]()
    shutil.rmtree(HOME, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print(f"e2e {sys.argv[1]}: all checks passed")
