#!/usr/bin/env python3
"""Counts the header lines a plugin author must read for each plugin kind, and checks the budget.

Why: the SDK's top-level headers (interstice/sdk/*.hpp) are the plugin contract, and a stranger
should be able to write a plugin after reading a small part of it. For each kind, the required
reading is the kind's header plus every top-level SDK header it includes, directly or not,
counted in lines as `wc -l` counts them. Headers in interstice/sdk/util/ (optional helpers) and
interstice/sdk/detail/ (inline definitions and the internals of macros, never read to write a
plugin) are not required reading; `--all` shows the full include closure too, for honesty.

Usage:
  required_reading.py --include DIR             the table (Markdown), as docs/plugin-authors.md shows it
  required_reading.py --include DIR --check [--doc FILE]  exit 1 when a kind is over its budget, or a
                                                contract header is longer than 120 lines
  required_reading.py --include DIR --self-test proves --check fails: on a copy of the headers,
                                                each kind's entry header grown past its budget
"""

import argparse
import os
import re
import shutil
import sys
import tempfile

# kind, entry header, budget in lines (issue 10: command 300, output format 150, exporter 250,
# log codec 350; issue 14: trace format 250).
KINDS = [
    ("command", "command.hpp", 300),
    ("output format", "output_format.hpp", 150),
    ("exporter (buffered tier)", "exporter.hpp", 250),
    ("log codec", "log_codec.hpp", 350),
    ("trace format", "trace_format.hpp", 250),
]
MAX_HEADER_LINES = 120
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"](interstice/sdk/[^">]+)[">]', re.M)


def lines_of(path):
    with open(path, encoding="utf-8") as f:
        return len(f.read().splitlines())


def closure(include_dir, header, contract_only):
    seen, todo = [], [header]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.append(name)
        with open(os.path.join(include_dir, name), encoding="utf-8") as f:
            for included in INCLUDE.findall(f.read()):
                nested = "/" in included[len("interstice/sdk/"):]
                if contract_only and nested:
                    continue
                todo.append(included)
    return sorted(seen)


def table(include_dir, show_all):
    rows = ["| kind | required reading (lines) | budget | headers |", "| --- | ---: | ---: | --- |"]
    if show_all:
        rows[0] += " whole include closure (lines) |"
        rows[1] += " ---: |"
    results = []
    for kind, entry, budget in KINDS:
        headers = closure(include_dir, "interstice/sdk/" + entry, True)
        total = sum(lines_of(os.path.join(include_dir, h)) for h in headers)
        names = ", ".join(f"`{os.path.basename(h)}` {lines_of(os.path.join(include_dir, h))}" for h in headers)
        row = f"| {kind} | {total} | {budget} | {names} |"
        if show_all:
            everything = closure(include_dir, "interstice/sdk/" + entry, False)
            row += f" {sum(lines_of(os.path.join(include_dir, h)) for h in everything)} |"
        rows.append(row)
        results.append((kind, total, budget, headers))
    return rows, results


def problems_of(include_dir):
    problems = []
    for kind, total, budget, headers in table(include_dir, False)[1]:
        if total > budget:
            problems.append(f"{kind}: {total} lines of required reading, over the budget of {budget}")
        for h in headers:
            n = lines_of(os.path.join(include_dir, h))
            if n > MAX_HEADER_LINES:
                problems.append(f"{h}: {n} lines, over the {MAX_HEADER_LINES} a contract header may have")
    return sorted(set(problems))


def self_test(include_dir):
    """Grows each kind's entry header (in a copy) until it is over budget; --check must say so."""
    failures = 0
    for kind, entry, budget in KINDS:
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "include")
            shutil.copytree(include_dir, copy)
            path = os.path.join(copy, "interstice", "sdk", entry)
            total = table(copy, False)[1][[k for k, _, _ in KINDS].index(kind)][1]
            with open(path, "a", encoding="utf-8") as f:
                f.write("// padding\n" * (budget - total + 1))
            found = [p for p in problems_of(copy) if p.startswith(kind + ":")]
            print(f"{kind}: grown to {budget + 1} lines -> {'detected' if found else 'NOT detected'}")
            failures += not found
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--include", required=True, help="the SDK's include directory")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--all", action="store_true", help="also show the whole include closure")
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--doc", help="with --check: this Markdown file must hold the table as printed")
    args = parser.parse_args()
    if args.self_test:
        return self_test(args.include)
    rows, _ = table(args.include, args.all)
    print("\n".join(rows))
    if not args.check:
        return 0
    problems = problems_of(args.include)
    if args.doc:
        with open(args.doc, encoding="utf-8") as f:
            doc = f.read()
        if "\n".join(rows) not in doc:
            problems.append(f"{args.doc} does not show the table above: paste it in")
    for p in problems:
        print("required reading: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
