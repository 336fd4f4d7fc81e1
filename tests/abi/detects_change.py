#!/usr/bin/env python3
"""Proves the ABI manifest check fails when the plugin boundary changes without a kAbiVersion bump.

Copies the SDK include dir, makes a baseline manifest from the copy, then checks doctored copies
against it: a virtual function added to Command, a field of LogDamage retyped, kAbiVersion bumped
without regenerating, a struct in an interstice/sdk/util/ subfolder (outside the ABI promise),
and `update` refusing to write. Usage: detects_change.py ABI_MANIFEST_PY SDK_INCLUDE_DIR
"""

import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile

BUMP = "plugin boundary changed without a kAbiVersion bump: "
RERUN = "run scripts/update-abi-manifest"


def edit(include, header, old, new):
    path = os.path.join(include, "interstice", "sdk", header)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if old not in text:
        raise SystemExit(f"FAIL: cannot doctor {header}: {old!r} not found (update this test)")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))


def add_virtual(include):
    edit(include, "command.hpp", "  virtual Report run(CommandContext& context) = 0;",
         "  virtual Report run(CommandContext& context) = 0;\n  virtual void doctored() {}")


def retype_field(include):
    edit(include, "log_codec.hpp", "  std::uint64_t offset = 0;  ///< its first byte",
         "  std::uint32_t offset = 0;  ///< its first byte")


def bump_only(include):
    path = os.path.join(include, "interstice", "sdk", "abi.hpp")
    text = open(path, encoding="utf-8").read()
    version = int(re.search(r"kAbiVersion = (\d+)", text).group(1))
    edit(include, "abi.hpp", f"kAbiVersion = {version};", f"kAbiVersion = {version + 1};")


def util_subfolder(include):
    util = os.path.join(include, "interstice", "sdk", "util")
    os.makedirs(util, exist_ok=True)
    with open(os.path.join(util, "doctored_helper.hpp"), "w", encoding="utf-8") as f:
        f.write("#pragma once\nnamespace interstice::sdk { struct UtilHelper { int x; virtual ~UtilHelper(); }; }\n")
    edit(include, "wording.hpp", "#pragma once", '#pragma once\n#include "interstice/sdk/util/doctored_helper.hpp"')


def main():
    tool, source = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="abi-detects-change-") as tmp:
        def copy(name, doctor=None):
            include = os.path.join(tmp, name)
            shutil.copytree(source, include)
            if doctor:
                doctor(include)
            return include

        def run(*args):
            return subprocess.run([sys.executable, tool, *args], capture_output=True, text=True)

        baseline = os.path.join(tmp, "baseline.txt")
        result = run("generate", "--include", copy("baseline"), "-o", baseline)
        if result.returncode != 0:
            raise SystemExit(f"FAIL: generate: {result.stdout}{result.stderr}")
        refused = os.path.join(tmp, "refused.txt")
        shutil.copy(baseline, refused)
        # name, arguments, expected exit code, expected text
        cases = [
            ("unmodified copy passes", ["check", "--include", copy("same")], 0, "matches"),
            ("virtual added to Command", ["check", "--include", copy("virtual", add_virtual)], 1,
             BUMP),
            ("LogDamage::offset retyped", ["check", "--include", copy("field", retype_field)], 1, BUMP),
            ("kAbiVersion bumped, manifest not regenerated", ["check", "--include", copy("bump", bump_only)], 1,
             RERUN),
            ("util/ subfolder is outside the manifest", ["check", "--include", copy("util", util_subfolder)], 0,
             "matches"),
            ("update refuses without a bump", ["update", "--include", copy("update", add_virtual),
                                               "--manifest", refused], 1, "bump kAbiVersion"),
        ]
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = list(pool.map(lambda case: run(*case[1], *([] if case[0].startswith("update")
                                                               else ["--manifest", baseline])), cases))
        failed = 0
        for (name, _, code, text), result in zip(cases, results):
            output = result.stdout + result.stderr
            ok = result.returncode == code and text in output
            failed += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {name}: exit {result.returncode}; {output.strip().splitlines()[0] if output.strip() else ''}")
            if not ok:
                print(f"     expected exit {code} and {text!r}; output:\n{output}")
        if open(refused, encoding="utf-8").read() != open(baseline, encoding="utf-8").read():
            failed += 1
            print("FAIL update wrote the manifest although kAbiVersion was not bumped")
        print(f"{len(cases) + 1 - failed} passed, {failed} failed")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
