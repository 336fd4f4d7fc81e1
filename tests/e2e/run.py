#!/usr/bin/env python3
"""End-to-end tests: run the *installed* `interstice` on real fixtures and check what a user sees.

Usage: run.py SUITE [--update]    (CTest runs one suite per test; --update rewrites golden files)

Environment (set by CTest): INTERSTICE_STAGE (install prefix), INTERSTICE_SHARED (../shared),
INTERSTICE_REPO, INTERSTICE_BROKEN_PLUGINS, INTERSTICE_CMAKE_GENERATOR.
"""
import re
import shlex
import shutil
import signal
import sys
import time

from common import *  # noqa: F401,F403  (paths, run, check, failures, ...)
from common import failures, check, run
import log_suites
import query_suites
import exporter_suites
import plugin_folder_suites
import output_suites
import input_suites
import determinism_suites
import trace_suites
import serve_suites
import cli_suites
import schema_type_suites

# The SDK's kAbiVersion, as the host and the pkg-config file report it.
ABI = int(re.search(r"kAbiVersion = (\d+)", (REPO / "sdk/include/interstice/sdk/abi.hpp").read_text()).group(1))

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
    text = text.replace(str(STAGE), "$STAGE").replace(str(SHARED), "$SHARED").replace(str(REPO), "$REPO")
    # Diagnostics carry the time they were written ("[WARN] 2026-12-02 01:02:03.456 - ...").
    return re.sub(r"^\[(TRACE|DEBUG|INFO|WARN|ERROR)\] \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} - ",
                  r"[\1] $TIME - ", text, flags=re.M)


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
    check(version.returncode == 0 and f"ABI {ABI}" in version.stdout, f"--version: {version.stdout!r}")

    for args in (["--help"], ["help"], ["-h"]):
        r = run(*args)
        check(r.returncode == 0 and "schema" in r.stdout and "Output formats: github, json, junit, text, yaml" in r.stdout, f"{args}: {r.stdout}")
    bare = run()
    check(bare.returncode == 2 and "Usage:" in bare.stderr and bare.stdout == "", "no arguments: usage on stderr and exit 2")

    for args in (["help", "schema"], ["schema", "--help"], ["--help", "schema"]):
        r = run(*args)
        check(r.returncode == 0 and "Usage: interstice schema [options] <PATH>... [FORMAT]" in r.stdout, f"{args}: {r.stdout}")

    for args, needle in ((["schem", hello], "did you mean 'schema'"), (["schema", hello, "jsno"], "did you mean 'json'"),
                         (["schema", hello, "--fromat", "json"], "did you mean '--format'"), (["--bogus"], "unknown option"),
                         (["schema"], "missing argument <PATH>"), (["schema-diff", hello, hello, "json", "extra"], "too many arguments"),
                         (["schema-diff", hello, hello, "json", "--format", "yaml"], "'--format' cannot be specified more than once"),
                         (["schema", hello, "json", "--format", "yaml"], "'--format' cannot be specified more than once"),
                         (["schema-diff", hello, hello, hello], f"too many arguments: '{hello}' is a file, not an output format"),
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
    r = run("schema", hello, "json", "-o", "/dev/stdout")
    check(r.returncode == 0 and json.loads(r.stdout)["module_name"] == "hello", f"-o /dev/stdout: {r.stderr!r}")
    r = run("schema", hello, "-o", out_dir)
    check(r.returncode == 2 and "is a directory" in r.stderr, f"-o DIR: {r.stderr!r}")
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
        "bad_abi.so": f"built for SDK ABI 999, this host speaks ABI {ABI}",
        "wrong_toolchain.so": "built with gcc 0.0.0; libstdc++ 0 (0); boost 0, this host was built with ",
        "no_descriptor.so": "exports no 'interstice_plugin_descriptor' symbol",
        "missing_dependency.so": "a library it needs cannot be found",
        "factory_throws.so": "its factory threw: required setting 'db.url' is missing",
        "not_elf.so": "not a shared library",
        # These end the process that loads them; only the plugin scanner goes.
        "abort_in_static_init.so": "it killed the plugin scanner with signal SIGABRT (Aborted) while loading",
        "exit_in_static_init.so": "it ended the plugin scanner with exit status 3 while loading",
        "throw_in_static_init.so": "no licence file",
        "exit_in_factory.so": "it ended the plugin scanner with exit status 3 while loading",
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


def suite_plugin_isolation():
    """Plugins are probed in a child process: one that kills it leaves every command working, a
    chatty one cannot write into a result, the registry cache remembers both, and
    --no-user-plugins skips the user's and the environment's directories."""
    xdg = private_dir()
    user = xdg / "interstice" / "plugins"
    user.mkdir(parents=True)
    aborts = copy_plugin(BROKEN / "abort_in_static_init.so", user)
    env = {"XDG_DATA_HOME": str(xdg)}
    r = run("--help", env=env)
    check(r.returncode == 0 and "Commands:" in r.stdout, f"--help with an aborting plugin: {r.returncode} {r.stderr!r}")
    check(str(aborts) in r.stderr and "SIGABRT" in r.stderr, f"--help names the aborting plugin: {r.stderr!r}")
    r = run("plugins", "-f", "json", env=env)
    entry = [p for p in json.loads(r.stdout) if p["path"] == str(aborts)] if r.returncode == 0 else []
    check(len(entry) == 1 and entry[0]["status"].startswith("rejected: it killed the plugin scanner with signal SIGABRT"),
          f"plugins lists the aborting plugin as rejected: {r.returncode} {entry}")
    small = SHARED / "fixtures" / "v1" / "logs" / "small.log"
    r = run("log-inspect", small, "-f", "json", env=env)
    check(r.returncode == 0 and json.loads(r.stdout or "null") is not None, f"log-inspect with an aborting plugin: {r.returncode} {r.stderr!r}")

    # The answer is cached per file identity: the cache is private, and a replaced file is probed again.
    cache = HOME / ".cache" / "interstice" / "registry"
    check(cache.is_file() and (cache.stat().st_mode & 0o777) == 0o600 and str(aborts) in cache.read_text(),
          f"registry cache {cache}")
    replacement = copy_plugin(BROKEN / "command_throws.so", xdg, "replacement.so")
    replacement.rename(aborts)
    listing = json.loads(run("plugins", "-f", "json", env=env).stdout)
    check(any(p["path"] == str(aborts) and p["status"] == "loaded" for p in listing), f"replaced plugin reprobed: {listing}")
    aborts.unlink()
    copy_plugin(BROKEN / "abort_in_static_init.so", user)

    # Skipping the user's and the environment's plugins: by option or by variable; --plugin-dir stays.
    chosen = private_dir()
    copy_plugin(BROKEN / "command_throws.so", chosen)
    in_env = private_dir()
    copy_plugin(BROKEN / "exit_in_factory.so", in_env)
    env_both = {**env, "INTERSTICE_PLUGIN_PATH": str(in_env)}
    for args, extra in ((["--no-user-plugins"], {}), ([], {"INTERSTICE_NO_USER_PLUGINS": "1"})):
        r = run(*args, "--plugin-dir", chosen, "plugins", "-f", "json", env={**env_both, **extra})
        paths = [p["path"] for p in json.loads(r.stdout)]
        check(r.returncode == 0 and r.stderr == "" and str(chosen / "command_throws.so") in paths
              and not any(p.startswith((str(user), str(in_env))) for p in paths), f"{args} {extra}: {paths} {r.stderr!r}")
    r = run("plugins", "-f", "json", env={**env_both, "INTERSTICE_NO_USER_PLUGINS": "0"})
    check(sum(p["path"].startswith((str(user), str(in_env))) for p in json.loads(r.stdout)) == 2, "INTERSTICE_NO_USER_PLUGINS=0 skips nothing")

    # A plugin printing to stdout while it is loaded, in the scanner or in the host, never reaches a result.
    chatty = private_dir()
    copy_plugin(BROKEN / "prints_at_load.so", chatty)
    for args in (["plugins", "-f", "json"], ["schema", REPO / "examples" / "hello.json", "json"]):
        r = run("--no-user-plugins", "--plugin-dir", chatty, *args)
        check(r.returncode == 0 and "says hello" not in r.stdout and json.loads(r.stdout) is not None, f"{args}: {r.stdout[:300]!r}")
    r = run("--no-user-plugins", "--plugin-dir", chatty, "prints-at-load")
    check(r.returncode == 0 and r.stdout.startswith("chatty result\n") and "says hello" not in r.stdout
          and "factory says hello" in r.stderr, f"chatty command: {r.stdout!r} {r.stderr!r}")


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

    # StrictModes: the real file's directory and every directory above it count; only sticky
    # ancestors (like /tmp) may be writable by others.
    def status_of(path, *args, env=None):
        r = run(*args, "plugins", "-f", "json", env=env)
        entry = [p for p in json.loads(r.stdout) if p["path"] == str(path)]
        return (entry[0]["status"] if entry else None), r.stderr
    open_target = private_dir()
    open_target.chmod(0o777)
    copy_plugin(BROKEN / "command_throws.so", open_target)
    linked = private_dir()
    (linked / "command_throws.so").symlink_to(open_target / "command_throws.so")
    status, _ = status_of(linked / "command_throws.so", "--plugin-dir", linked)
    check(status == f"rejected: refused: the directory {open_target} of its target is writable by everyone (mode 777); "
          "run chmod go-w on it", f"symlink into a world-writable directory: {status}")
    # A plugin directory reached through a symlink: its files are judged at their real paths.
    real_dir = private_dir()
    copy_plugin(BROKEN / "command_throws.so", real_dir).chmod(0o775)
    via = private_dir() / "via"
    via.symlink_to(real_dir)
    status, _ = status_of(via / "command_throws.so", "--plugin-dir", via)
    check(status == f"rejected: refused: its target {real_dir.resolve() / 'command_throws.so'} is writable by its group "
          "(mode 775); run chmod go-w on it", f"group-writable plugin in a symlinked directory: {status}")
    open_parent = private_dir()
    open_parent.chmod(0o777)
    nested = open_parent / "plugins"
    nested.mkdir(mode=0o755)
    copy_plugin(BROKEN / "command_throws.so", nested)
    status, _ = status_of(nested, "--plugin-dir", nested)
    check(status == f"rejected: refused plugin directory: the directory {open_parent} above it is writable by everyone "
          "(mode 777) and not sticky; run chmod go-w on it", f"plugin dir in a world-writable parent: {status}")
    open_parent.chmod(0o1777)  # sticky, like /tmp: others cannot replace what is ours in it
    status, _ = status_of(nested / "command_throws.so", "--plugin-dir", nested)
    check(status == "loaded", f"plugin dir in a sticky parent: {status}")

    # A FIFO named *.so is refused without being opened (opening it would block for ever).
    fifo_dir = private_dir()
    os.mkfifo(fifo_dir / "evil.so", 0o644)
    started = time.monotonic()
    status, _ = status_of(fifo_dir / "evil.so", "--plugin-dir", fifo_dir)
    check(status == "rejected: refused: evil.so is a FIFO, not a plugin file; it was not opened" and time.monotonic() - started < 30,
          f"FIFO named .so: {status}")

    # Relative INTERSTICE_PLUGIN_PATH entries are ignored with a warning: they would load code
    # from wherever the command runs.
    relative = private_dir()
    (relative / "plugins").mkdir(mode=0o755)
    copy_plugin(BROKEN / "command_throws.so", relative / "plugins")
    r = run("plugins", "-f", "json", env={"INTERSTICE_PLUGIN_PATH": "plugins:./plugins"}, cwd=relative)
    check(all(p["id"] != "command-throws" for p in json.loads(r.stdout)), "relative INTERSTICE_PLUGIN_PATH entries are ignored")
    check(r.stderr.count("is ignored: it is relative") == 2 and "'./plugins'" in r.stderr, f"relative entry warning: {r.stderr!r}")

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
    # The plugin author guide quotes the tested example code verbatim.
    guide = (REPO / "docs" / "plugin-authors.md").read_text()
    for name in ("CMakeLists.txt", "word_count.cpp"):
        check((REPO / "examples" / "third-party-plugin" / name).read_text() in guide, f"docs/plugin-authors.md quotes {name} verbatim")
    # pkg-config describes the same SDK.
    pc = STAGE / "lib" / "pkgconfig" / "interstice-sdk.pc"
    if not pc.exists():
        pc = next(STAGE.glob("lib/*/pkgconfig/interstice-sdk.pc"))
    check("-linterstice_sdk" in pc.read_text() and f"(ABI {ABI})" in pc.read_text(), "pkg-config file names the ABI")


def suite_markdown_format():
    """Build examples/markdown-format out of tree against the installed SDK; it renders log-query's
    records (streamed: a row shows up while --follow is still running), validate's findings and
    schema's tables as Markdown."""
    work = private_dir()
    build = work / "build"
    gen = os.environ.get("INTERSTICE_CMAKE_GENERATOR", "Ninja")
    subprocess.run(["cmake", "-S", REPO / "examples" / "markdown-format", "-B", build, "-G", gen,
                    f"-DCMAKE_PREFIX_PATH={STAGE}"], check=True, env=dict(os.environ), timeout=300)
    subprocess.run(["cmake", "--build", build], check=True, env=dict(os.environ), timeout=600)
    plugins = private_dir()
    copy_plugin(build / "output-format-markdown.so", plugins)
    env = {"INTERSTICE_PLUGIN_PATH": str(plugins)}
    small = SHARED / "fixtures" / "v1" / "logs" / "small.log"

    r = run("log-query", small, "--limit", "3", "--format", "markdown", env=env)
    lines = r.stdout.splitlines()
    check(r.returncode == 0, f"markdown log-query: exit {r.returncode}: {r.stderr}")
    check("| index | offset | module_id | table_name | operation |" in r.stdout, f"records table header: {r.stdout[:500]}")
    rows = [line for line in lines if re.match(r"\| \d+ \| \d+ \| ", line)]
    check([row.split(" | ")[0] for row in rows] == ["| 0", "| 1", "| 2"], f"one row per record: {rows}")
    check("- **filtered_count**: 3" in lines and lines[-1] == "_3 matches among 3 records read (filter: none)_",
          f"summary after the rows: {lines[-8:]}")

    bad = SCHEMAS.parent / "invalid-schemas" / "duplicate-table-name.json"
    r = run("validate", bad, "--format", "markdown", env=env)
    check(r.returncode == 1 and "| rule | level | where | message |" in r.stdout
          and re.search(r"^\| DUPLICATE_TABLE \| error \| /tables/\d+/name \| ", r.stdout, re.M),
          f"markdown validate findings: exit {r.returncode}: {r.stdout}")

    r = run("schema", REPO / "examples" / "hello.json", "--format", "markdown", env=env)
    check(r.returncode == 0 and r.stdout.startswith("# Module hello 1.11.7") and "| TABLE | VISIBILITY |" in r.stdout
          and "| scores | Public | id | I32 |" in r.stdout, f"markdown schema: {r.stdout[:600]}")

    # Streaming: with --follow the first rows arrive while the command is still running.
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(HOME), "LANG": "C.UTF-8", **env}
    proc = subprocess.Popen([str(HOST), "log-query", str(small), "--follow", "--limit", "5000", "--format", "markdown"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=base)
    seen = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(seen) < 1000:
        line = proc.stdout.readline()
        if not line:
            break
        if re.match(r"\| \d+ \| ", line):
            seen.append(line)
    still_running = proc.poll() is None
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    check(still_running and len(seen) == 1000, f"--follow rows before the end: {len(seen)} (running: {still_running})")
    check(proc.returncode == 0 and "- **interrupted**: true" in out, f"--follow markdown ended: {proc.returncode} {err}")


def suite_validate_fixtures():
    """Every case in invalid-schemas/index.json: the rule id and JSON pointer, exit 1; valid ones exit 0."""
    index = json.loads((INVALID / "index.json").read_text())
    check(len(index["cases"]) >= 20, "index lists the cases")
    for case in index["cases"]:
        path = INVALID / case["schema"]
        r = run("validate", path, "json")
        data = json.loads(r.stdout)
        errors = [f for f in data["findings"] if f["severity"] == "error"]
        if case["invalid"]:
            want = (case["problem"].upper(), case["json_pointer"])
            check(r.returncode == 1 and data["is_valid"] is False, f"{path.name}: exit {r.returncode}, want 1")
            check(want in [(f["rule"], f["pointer"]) for f in errors], f"{path.name}: want {want}, got {errors}")
            check(len(errors) == 1, f"{path.name}: one problem per file, got {[(f['rule'], f['pointer']) for f in errors]}")
            check(data["issues"] == [f["message"] for f in errors], f"{path.name}: issues lists the error messages")
        else:
            check(r.returncode == 0 and data["is_valid"] is True and not errors, f"{path.name}: valid, got {errors}")
        check(set(data) >= {"is_valid", "issues", "warnings", "findings"}, f"{path.name}: seed keys")
        for f in data["findings"]:
            check(set(f) >= {"rule", "severity", "pointer", "message"}, f"{path.name}: finding keys {f}")
        if case["schema"] == "truncated-json.json":
            check("line 67, column 12" in run("validate", path).stdout, "malformed JSON finding gives line:column")
    for path in schema_files():
        r = run("validate", path, "json")
        check(r.returncode == 0 and json.loads(r.stdout)["is_valid"], f"{path.name} is valid: {r.stdout[:200]}")
    # Every format renders validate: yaml loads to the json data, junit fails the rule's testcase,
    # github annotates the finding.
    bad = INVALID / "duplicate-table-name.json"
    as_json = json.loads(run("validate", bad, "json").stdout)
    check(yaml.safe_load(run("validate", bad, "-f", "yaml").stdout) == as_json, "validate: yaml == json")
    junit = run("validate", bad, "junit")
    check(junit.returncode == 1 and 'name="DUPLICATE_TABLE"' in junit.stdout and "<failure" in junit.stdout, "validate: junit")
    github = run("validate", bad, "--format", "github")
    check(github.stdout.startswith(f"::error file={bad},title=DUPLICATE_TABLE::"), f"validate: github {github.stdout!r}")
    text = run("validate", bad).stdout
    check(f"{bad}: error: DUPLICATE_TABLE " in text and f"{bad}: invalid, 1 error, 0 warnings" in text, "validate: buf-like text")
    r = run("validate", SHARED / "no-such.json")
    check(r.returncode == 2 and "no-such.json" in r.stderr, "unreadable file exits 2")


def diff_key(change, rule_field):
    target = change.get("table") or change.get("reducer") or json.dumps(change.get("subscription"), sort_keys=True)
    return (change[rule_field].upper(), change.get("class", change.get("classification")), target,
            change.get("column") or change.get("argument"))


def suite_schema_diff_fixtures():
    """Every NAME.json/NAME.v2.json pair: findings match NAME.diff.expected.json one to one."""
    pairs = sorted(SCHEMAS.glob("*.diff.expected.json"))
    check(len(pairs) == 10, f"10 pairs, found {len(pairs)}")
    rules_seen = set()
    for expected_path in pairs:
        name = expected_path.name.split(".")[0]
        expected = json.loads(expected_path.read_text())
        r = run("schema-diff", SCHEMAS / f"{name}.json", SCHEMAS / f"{name}.v2.json", "json")
        check(r.returncode in (0, 1), f"{name}: exit {r.returncode} {r.stderr}")
        data = json.loads(r.stdout)
        got = sorted(diff_key(f, "rule") for f in data["findings"])
        want = sorted(diff_key(c, "kind") for c in expected["changes"])
        check(got == want, f"{name}: findings differ\n got  {got}\n want {want}")
        rules_seen |= {f["rule"] for f in data["findings"]}
        summary = {k: expected["summary"][k] for k in ("breaking", "data_breaking", "compatible")}
        check(data["summary"] == summary, f"{name}: summary {data['summary']} != {summary}")
        v = expected["new_version"]
        check(data["version_ok"] is True, f"{name}: the oracle bumped {v} correctly")
        failing = expected["overall"] in ("breaking", "data_breaking")
        check(r.returncode == (1 if failing else 0), f"{name}: exit {r.returncode} for overall {expected['overall']}")
        check(data["is_compatible"] == (not failing), f"{name}: is_compatible")
        check(len(data["breaking_changes"]) + len(data["compatible_additions"]) == len(expected["changes"]), f"{name}: seed lists")
        # yaml and json agree; junit and github render.
        y = run("schema-diff", SCHEMAS / f"{name}.json", SCHEMAS / f"{name}.v2.json", "-f", "yaml")
        check(yaml.safe_load(y.stdout) == data, f"{name}: yaml == json")
        j = run("schema-diff", SCHEMAS / f"{name}.json", SCHEMAS / f"{name}.v2.json", "junit")
        check(j.stdout.startswith("<?xml") and j.returncode == r.returncode, f"{name}: junit")
        g = run("schema-diff", SCHEMAS / f"{name}.json", SCHEMAS / f"{name}.v2.json", "github")
        check(len(g.stdout.splitlines()) == len(expected["changes"]), f"{name}: one github annotation per change")
    index_kinds = {k.upper() for k in json.loads((SCHEMAS / "index.json").read_text())["kinds_covered"]}
    check(len(index_kinds) == 15 and index_kinds <= rules_seen, f"all 15 rules seen: missing {index_kinds - rules_seen}")

    # The three special pairs.
    def diff(name, *extra):
        r = run("schema-diff", SCHEMAS / f"{name}.json", SCHEMAS / f"{name}.v2.json", "json", *extra)
        return r.returncode, json.loads(r.stdout)
    rc, additions = diff("matchmaking")
    check(rc == 0 and additions["is_compatible"] and additions["summary"]["compatible"] == len(additions["findings"]) > 0,
          "matchmaking: additions only, exit 0")
    check(additions["suggested_version"] == "3.5.0", f"additions only suggest a minor bump: {additions['suggested_version']}")
    rc, columns = diff("telemetry")
    check(rc == 1 and columns["summary"]["breaking"] == 0 and columns["summary"]["data_breaking"] == 2, "telemetry: column additions fail by default")
    check({f["rule"] for f in columns["findings"] if f["class"] == "data_breaking"} == {"COLUMN_ADDED"}, "data_breaking = COLUMN_ADDED")
    check(diff("telemetry", "--fail-on", "breaking")[0] == 0, "--fail-on breaking lets column additions pass")
    rc, none = diff("notifications")
    check(rc == 0 and none["findings"] == [] and none["suggested_version"] == "3.4.7", "notifications: no change, patch bump")

    # Options.
    rc, hello = diff("hello", "--ignore", "SUBSCRIPTION_REMOVED")
    check(rc == 0 and all(f["rule"] != "SUBSCRIPTION_REMOVED" for f in hello["findings"]), "--ignore drops a rule")
    check(diff("hello", "--fail-on", "none")[0] == 0, "--fail-on none never fails")
    r = run("schema-diff", SCHEMAS / "hello.json", SCHEMAS / "hello.v2.json", "--ignore", "TABLE_GONE")
    check(r.returncode == 2 and "TABLE_GONE" in r.stderr, "unknown --ignore rule is a usage error")
    r = run("schema-diff", SCHEMAS / "hello.json", SCHEMAS / "hello.v2.json", "--fail-on", "sometimes")
    check(r.returncode == 2 and "--fail-on" in r.stderr, "bad --fail-on is a usage error")
    r = run("schema-diff", SCHEMAS / "hello.json", INVALID / "truncated-json.json")
    check(r.returncode == 2 and "truncated-json.json:67:12" in r.stderr, f"unreadable NEW exits 2: {r.stderr!r}")


SUITES = {name[len("suite_"):]: fn for name, fn in [*globals().items(), *vars(log_suites).items(),
                                                  *vars(query_suites).items(), *vars(exporter_suites).items(),
                                                  *vars(plugin_folder_suites).items(), *vars(output_suites).items(), *vars(input_suites).items(),
                                                  *vars(determinism_suites).items(), *vars(trace_suites).items(),
                                                  *vars(serve_suites).items(), *vars(cli_suites).items(),
                                                  *vars(schema_type_suites).items()]
          if name.startswith("suite_")}

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
