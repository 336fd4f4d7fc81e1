"""Shared helpers for the end-to-end suites: where the installed host and fixtures are, running
the host in a clean environment, and recording failed checks."""
import atexit
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
# Every temporary directory a suite makes is removed when its process ends (some hold copies of
# 200 MB logs); INTERSTICE_E2E_KEEP=1 keeps them for a look after a failure.
_made = []


@atexit.register
def _remove_private_dirs():
    if os.environ.get("INTERSTICE_E2E_KEEP") == "1":
        if _made:
            print(f"kept: {' '.join(map(str, _made))}", file=sys.stderr)
        return
    for d in _made:
        shutil.rmtree(d, ignore_errors=True)


def _temp_dir(prefix):
    d = Path(tempfile.mkdtemp(prefix=prefix))
    _made.append(d)
    return d


HOME = _temp_dir("interstice-e2e-home-")
# scripts/test-sanitizers runs these suites on an ASan + UBSan build: its sanitizer options reach
# the host through the clean environment below, and checks of a time or memory budget (which
# ASan changes by design) are skipped.
SANITIZED = os.environ.get("INTERSTICE_E2E_SANITIZED") == "1"
SANITIZER_OPTIONS = {k: v for k, v in os.environ.items() if k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS")}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)


def run(*args, env=None, cwd=None):
    """Runs the installed host with a clean environment (no user plugins, no colour settings)."""
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(HOME), "LANG": "C.UTF-8", **SANITIZER_OPTIONS}
    base.update(env or {})
    return subprocess.run([str(HOST), *map(str, args)], capture_output=True, text=True, env=base, cwd=cwd, timeout=60)


def run_json(command, *args):
    """Runs `interstice COMMAND ARGS... json`: the result, and its output parsed (None when empty;
    a failed check when it is not JSON)."""
    result = run(command, *args, "json")
    data = None
    if result.stdout:
        try:
            data = json.loads(result.stdout)
        except json.JSONDecodeError:
            check(False, f"{command} {args}: output is not JSON: {result.stdout[:300]}")
    return result, data


def private_dir():
    d = _temp_dir("interstice-e2e-")
    d.chmod(0o755)
    return d


def schema_files():
    return sorted(p for p in SCHEMAS.glob("*.json") if p.name != "index.json" and ".diff." not in p.name)


