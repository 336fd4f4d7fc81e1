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
