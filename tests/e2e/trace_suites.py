"""End-to-end suites for `trace` and the trace formats, on the installed host: the summary against
an independent computation in Python, every export checked against its format's own rules (Chrome
events nest, OTLP/JSON field rules, folded totals, the SVG as XML and in headless Chromium), the
native JSON against its JSON Schema, bad trace files (exit 2, one line, the JSON pointer, bounded
memory), and `log-export --to chrome`."""
import json
import math
import os
import random
import re
import struct
import subprocess
import threading
import xml.etree.ElementTree as ET
import zlib
from collections import defaultdict

from common import HOME, HOST, REPO, SHARED, check, private_dir, run

SMALL = SHARED / "fixtures" / "v1" / "logs" / "small.log"
SCHEMA = REPO / "docs" / "trace-format.schema.json"
DEBIAN_PYTHON = "/usr/bin/python3"  # has Debian's python3-selenium and python3-jsonschema


def span(n, parent, name, start, duration, module="", reducer="", thread=1, status="Ok"):
    return {"span_id": f"{n:016x}", "parent_span_id": f"{parent:016x}" if parent else None, "name": name,
            "module_id": module, "reducer_name": reducer, "start_time_us": start, "duration_us": duration,
            "status": status, "attributes": {"thread": thread}}


def made_trace(seed=14):
    """A trace shaped like a recorded run: the command, its phases, batches on two worker threads
    inside `decode`, and reducer calls of two modules inside the batches."""
    rng = random.Random(seed)
    t0 = 1_735_767_670_000_000
    spans = [span(1, 0, "interstice log-export", t0, 100_000)]
    ids = iter(range(2, 1 << 30))
    at = t0 + 100
    for phase, length in (("plugin discovery", 3000), ("detect format", 500), ("decode", 60000), ("write", 30000)):
        phase_id = next(ids)
        spans.append(span(phase_id, 1, phase, at, length))
        for thread in ((2, 3) if phase == "decode" else ()):
            t = at + 10
            while t + 5000 < at + length:
                duration = rng.randint(1000, 5000)
                batch = next(ids)
                spans.append(span(batch, phase_id, "batch", t, duration, thread=thread))
                c = t + 10
                while c + 400 < t + duration:
                    module, reducer = rng.choice([("payment_service", "process_transaction"),
                                                  ("payment_service", "refund"), ("chat", "send_message")])
                    d = rng.randint(50, 400)
                    spans.append(span(next(ids), batch, "reducer:" + reducer, c, d, module, reducer, thread,
                                      rng.choice(["Ok"] * 9 + ["Error"])))
                    c += d + rng.randint(0, 50)
                t += duration + rng.randint(0, 200)
        at += length + 200
    return {"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "root_name": "interstice log-export",
            "start_time_us": t0, "end_time_us": t0 + 100_000, "total_duration_us": 100_000, "spans": spans}


def self_times(trace):
    """Each span's duration less the union of its children's time inside it."""
    children = defaultdict(list)
    for s in trace["spans"]:
        if s["parent_span_id"]:
            children[s["parent_span_id"]].append(s)
    result = {}
    for s in trace["spans"]:
        start, end = s["start_time_us"], s["start_time_us"] + s["duration_us"]
        covered, reached = 0, start
        for c in sorted(children[s["span_id"]], key=lambda c: c["start_time_us"]):
            lo, hi = max(c["start_time_us"], reached), min(c["start_time_us"] + c["duration_us"], end)
            if hi > lo:
                covered, reached = covered + hi - lo, hi
        result[s["span_id"]] = s["duration_us"] - covered
    return result


def nearest_rank(values, q):
    values = sorted(values)
    return values[max(1, math.ceil(q * len(values))) - 1]


def write_json(path, value):
    path.write_text(json.dumps(value))
    return path


def all_x_events_nest(events):
    tracks = defaultdict(list)
    for e in events:
        if e["ph"] == "X":
            tracks[(e["pid"], e["tid"])].append((e["ts"], e["ts"] + e["dur"]))
    for spans in tracks.values():
        open_ends = []
        for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
            while open_ends and open_ends[-1] <= start:
                open_ends.pop()
            if open_ends and end > open_ends[-1]:
                return False
            open_ends.append(end)
    return True


def check_chrome(name, text, span_count):
    """Loads with Python's json; an X event per span, every one nesting on its track; tracks named."""
    document = json.loads(text)
    events = document["traceEvents"]
    xs = [e for e in events if e["ph"] == "X"]
    check(len(xs) == span_count, f"{name}: {len(xs)} X events for {span_count} spans")
    check(all(isinstance(e["ts"], int) and isinstance(e["dur"], int) and e["dur"] >= 0 for e in xs), f"{name}: µs ts/dur")
    check(all_x_events_nest(events), f"{name}: X events that do not nest")
    named = {(e["pid"], e.get("tid")) for e in events if e["ph"] == "M"}
    check(all((e["pid"], 0) in named and (e["pid"], e["tid"]) in named for e in xs), f"{name}: a track without a name")
    return document


HEX16, HEX32, DECIMAL = re.compile(r"[0-9a-f]{16}"), re.compile(r"[0-9a-f]{32}"), re.compile(r"-?[0-9]+")


def check_any_values(name, attributes):
    for pair in attributes:
        value = pair["value"]
        check(isinstance(pair["key"], str) and len(value) <= 1, f"{name}: KeyValue {pair}")
        if "intValue" in value:
            check(isinstance(value["intValue"], str) and DECIMAL.fullmatch(value["intValue"]), f"{name}: intValue {value}")
        if "kvlistValue" in value:
            check_any_values(name, value["kvlistValue"]["values"])


def check_otlp(name, text, span_count):
    """The OTLP/JSON field rules: resourceSpans -> scopeSpans -> spans, hex ids, integer kind and
    status codes, 64-bit numbers as decimal strings, one TracesData per line."""
    lines = text.splitlines()
    check(len(lines) == 1 and text.endswith("\n"), f"{name}: one TracesData per line")
    spans = 0
    for resource in json.loads(lines[0])["resourceSpans"]:
        check_any_values(name, resource["resource"]["attributes"])
        for scope in resource["scopeSpans"]:
            check(scope["scope"]["name"] == "interstice", f"{name}: scope {scope['scope']}")
            for s in scope["spans"]:
                spans += 1
                check(HEX32.fullmatch(s["traceId"]) and HEX16.fullmatch(s["spanId"]), f"{name}: ids {s['traceId']} {s['spanId']}")
                check("parentSpanId" not in s or HEX16.fullmatch(s["parentSpanId"]), f"{name}: parentSpanId")
                check(type(s["kind"]) is int and s["kind"] == 1, f"{name}: kind {s['kind']!r}")
                check(type(s["status"]["code"]) is int and s["status"]["code"] in (0, 1, 2), f"{name}: status {s['status']}")
                for key in ("startTimeUnixNano", "endTimeUnixNano"):
                    check(isinstance(s[key], str) and DECIMAL.fullmatch(s[key]), f"{name}: {key} {s[key]!r}")
                check(int(s["endTimeUnixNano"]) >= int(s["startTimeUnixNano"]), f"{name}: end before start")
                check_any_values(name, s["attributes"])
    check(spans == span_count, f"{name}: {spans} spans for {span_count}")


def png_size_and_colours(path):
    """Width, height and the number of distinct colours of an 8-bit RGB(A) PNG (no palette)."""
    data = path.read_bytes()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG")
    at, idat, width, height, kind = 8, b"", 0, 0, 0
    while at < len(data):
        length, tag = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if tag == b"IHDR":
            width, height, depth, kind = struct.unpack(">IIBB", body[:10])
            check(depth == 8 and kind in (2, 6), f"{path}: PNG depth {depth} colour type {kind}")
        elif tag == b"IDAT":
            idat += body
        at += 12 + length
    channels = 4 if kind == 6 else 3
    raw, stride = zlib.decompress(idat), width * channels
    previous, colours = bytearray(stride), set()
    for row in range(height):
        line = raw[row * (stride + 1):(row + 1) * (stride + 1)]
        kind_of_filter, current = line[0], bytearray(line[1:])
        for i in range(stride):
            a = current[i - channels] if i >= channels else 0
            b, c = previous[i], previous[i - channels] if i >= channels else 0
            if kind_of_filter == 1:
                current[i] = (current[i] + a) & 255
            elif kind_of_filter == 2:
                current[i] = (current[i] + b) & 255
            elif kind_of_filter == 3:
                current[i] = (current[i] + (a + b) // 2) & 255
            elif kind_of_filter == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                current[i] = (current[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        if row % 8 == 0:
            colours.update(bytes(current[i:i + 3]) for i in range(0, stride, channels * 4))
        previous = current
    return width, height, len(colours)


def recorded_trace(work):
    """A real recording of `log-export` when the host has --trace (the lead's half of issue 14)."""
    if "--trace" not in run("--help").stdout:
        return None
    path = work / "recorded.trace.json"
    r = run("--trace", path, "log-export", SMALL, "--to", "csv", "--out", work / "recorded.csv")
    check(r.returncode == 0 and path.exists(), f"--trace log-export: {r.returncode} {r.stderr}")
    return path if path.exists() else None


def suite_trace():
    """summary against Python's own numbers; chrome, otlp, folded and native exports by their rules."""
    work = private_dir()
    trace = made_trace()
    path = write_json(work / "run.trace.json", trace)
    r = run("trace", "summary", path, "json")
    check(r.returncode == 0, f"summary: exit {r.returncode}: {r.stderr}")
    data = json.loads(r.stdout)
    spans = trace["spans"]
    selfs = self_times(trace)
    check(list(data)[:6] == ["trace_id", "total_duration_us", "span_count", "module_call_count", "reducer_call_count",
                             "total_time_by_reducer"], f"the seed's fields come first: {list(data)[:6]}")
    check(data["span_count"] == len(spans), "span_count")
    check(data["module_call_count"] == sum(1 for s in spans if s["module_id"]), "module_call_count")
    check(data["reducer_call_count"] == sum(1 for s in spans if s["reducer_name"]), "reducer_call_count")
    groups = defaultdict(list)
    for s in spans:
        if s["reducer_name"]:
            groups[s["reducer_name"]].append(s)
    check(data["total_time_by_reducer"] == {k: sum(s["duration_us"] for s in v) for k, v in groups.items()}, "total_time_by_reducer")
    for row in data["reducers"]:
        calls = groups[row["reducer_name"]]
        durations = [s["duration_us"] for s in calls]
        want = {"count": len(calls), "total_us": sum(durations), "self_us": sum(selfs[s["span_id"]] for s in calls),
                "p50_us": nearest_rank(durations, 0.5), "p95_us": nearest_rank(durations, 0.95),
                "p99_us": nearest_rank(durations, 0.99), "max_us": max(durations)}
        got = {k: row[k] for k in want}
        check(got == want, f"reducer {row['reducer_name']}: {got} != {want}")
    totals = [row["total_us"] for row in data["reducers"]]
    check(totals == sorted(totals, reverse=True), "reducers sorted by total time")
    check(data["critical_path_us"] == trace["total_duration_us"], "the critical path covers the trace")
    text = run("trace", "summary", path).stdout
    order = [line.split()[0] for line in text.splitlines() if line.split() and line.split()[0] in groups]
    check(order[:len(groups)] == [row["reducer_name"] for row in data["reducers"]], f"text table order: {order}")
    check("REDUCER" in text and "P95 µs" in text, "text shows the reducer table")

    for name, trace_file in (("made", path), ("recorded", recorded_trace(work))):
        if trace_file is None:
            continue
        count = json.loads(run("trace", "summary", trace_file, "json").stdout)["span_count"]
        out = work / f"{name}.chrome.json"
        r = run("trace", "export", trace_file, "--to", "chrome", "--out", out)
        check(r.returncode == 0 and r.stderr == "", f"{name} chrome: {r.returncode} {r.stderr}")
        check_chrome(f"{name} chrome", out.read_text(), count)
        out = work / f"{name}.otlp.jsonl"
        check(run("trace", "export", trace_file, "--to", "otlp", "--out", out).returncode == 0, f"{name} otlp export")
        check_otlp(f"{name} otlp", out.read_text(), count)

    # Conversions keep every fact: native -> chrome -> native and native -> otlp -> native.
    for via in ("chrome", "otlp"):
        middle, back = work / f"via.{via}", work / f"back-from-{via}.json"
        run("trace", "export", path, "--to", via, "--out", middle)
        r = run("trace", "export", middle, "--to", "native", "--out", back)
        check(r.returncode == 0, f"{via} -> native: {r.stderr}")
        again = json.loads(back.read_text())
        check({k: again[k] for k in again if k != "spans"} == {k: trace[k] for k in trace if k != "spans"}, f"{via}: trace fields")
        check(sorted(again["spans"], key=lambda s: s["span_id"]) == spans, f"{via}: spans differ after the round trip")

    # Folded stacks round-trip to the same totals: per leaf frame, the spans' self time.
    r = run("trace", "export", path, "--to", "folded", "--out", "-")
    check(r.returncode == 0, f"folded to stdout: {r.stderr}")
    by_leaf, total = defaultdict(int), 0
    for line in r.stdout.splitlines():
        stack, value = line.rsplit(" ", 1)
        check(stack.split(";")[0] == "interstice log-export" and ";interstice log-export" not in stack,
              f"folded: the root frame first, once: {line}")
        by_leaf[stack.split(";")[-1]] += int(value)
        total += int(value)
    self_by_name = {row["name"]: row["self_us"] for row in data["span_names"] if row["self_us"]}
    check(dict(by_leaf) == self_by_name, f"folded totals {dict(by_leaf)} != self times {self_by_name}")
    check(total == sum(selfs.values()), "folded total")

    # --out - gives standard output the trace alone; the text report says nothing.
    r = run("trace", "export", path, "--to", "chrome", "--out", "-")
    check(r.returncode == 0 and r.stderr == "" and len(json.loads(r.stdout)["traceEvents"]) > len(spans), "--out -: only the trace")

    # The native JSON obeys its JSON Schema.
    native = work / "native.json"
    run("trace", "export", path, "--to", "native", "--out", native)
    script = ("import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])));"
              "print('valid')")
    r = subprocess.run([DEBIAN_PYTHON, "-c", script, str(native), str(SCHEMA)], capture_output=True, text=True, timeout=120)
    check(r.stdout.strip() == "valid", f"native export against docs/trace-format.schema.json: {r.stderr[-500:]}")

    # Spans that do not nest on a track: reported (a warning, the report's notes), never emitted as they are.
    overlapping = json.loads(json.dumps(trace))
    overlapping["spans"].append(span(999_999, 1, "late", trace["start_time_us"] + 3050, 1000, thread=1))
    bad = write_json(work / "overlap.json", overlapping)
    r = run("trace", "export", bad, "--to", "chrome", "--out", work / "overlap.chrome.json", "json")
    report = json.loads(r.stdout) if r.returncode == 0 else {"notes": []}
    check(len(report["notes"]) == 1 and "00000000000f423f (late) overlaps" in report["notes"][0], f"notes: {report['notes']}")
    check("[WARN] " in r.stderr and "(late) overlaps" in r.stderr, f"warning: {r.stderr!r}")
    check_chrome("overlap", (work / "overlap.chrome.json").read_text(), len(spans) + 1)


def suite_trace_svg_browser():
    """The svg export parses as XML and, rendered by headless Chromium, gives a non-blank PNG of
    the graph's width; clicking a frame zooms, searching highlights."""
    work = private_dir()
    path = write_json(work / "run.trace.json", made_trace())
    svg = work / "run.svg"
    r = run("trace", "export", path, "--to", "svg", "--out", svg)
    check(r.returncode == 0, f"svg export: {r.stderr}")
    root = ET.parse(svg).getroot()
    check(root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("width") == "1200", f"svg root {root.tag} {root.attrib}")
    frames = root.findall("{http://www.w3.org/2000/svg}g")
    check(len(frames) > 5 and all(g.find("{http://www.w3.org/2000/svg}title") is not None for g in frames), "frames with titles")
    png = work / "run.png"
    r = subprocess.run([DEBIAN_PYTHON, str(REPO / "tests" / "e2e" / "render_svg.py"), str(svg), str(png), "batch", "^reducer:"],
                       capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(HOME)})
    check(r.returncode == 0, f"render_svg.py: exit {r.returncode}: {r.stderr[-2000:]}")
    if r.returncode != 0:
        return
    seen = json.loads(r.stdout)
    width, height, colours = png_size_and_colours(png)
    check(width == 1200 and seen["rendered_width"] == 1200, f"PNG {width}x{height}, rendered {seen['rendered_width']}")
    check(height == int(float(root.get("height"))), f"PNG height {height} != {root.get('height')}")
    check(colours >= 8, f"the PNG looks blank: {colours} colours")
    check(seen["frames"] == len(frames), f"{seen['frames']} frames in the browser, {len(frames)} in the file")
    check(seen["before"]["width"] < 1180 and abs(seen["zoomed"]["width"] - 1180) < 0.01, f"zoom: {seen['before']} -> {seen['zoomed']}")
    check(seen["hidden_after_zoom"] > 0, "zoom hides the frames outside the clicked one")
    check(seen["searched"]["fill"] != "rgb(230,0,230)" and seen["matched"].startswith("Matched: ")
          and seen["matched"] != "Matched: 0.0%", f"search: {seen}")
    check(seen["console_errors"] == [], f"console errors: {seen['console_errors']}")


def suite_trace_errors():
    """Every kind of bad trace file: exit 2, one line naming the file and the JSON pointer."""
    work = private_dir()
    trace = made_trace()

    def broken(name, change):
        t = json.loads(json.dumps(trace))
        change(t)
        return write_json(work / f"{name}.json", t)

    cases = [
        (work / "malformed.json", "at /spans/1/name: malformed JSON (line 1, column"),
        (broken("missing-parent", lambda t: t["spans"][5].update(parent_span_id="00000000deadbeef")),
         "at /spans/5/parent_span_id: parent span 00000000deadbeef does not exist in this trace"),
        (broken("negative", lambda t: t["spans"][3].update(duration_us=-1)), "at /spans/3/duration_us: negative duration -1 µs"),
        (broken("cycle", lambda t: t["spans"][0].update(parent_span_id=t["spans"][2]["span_id"])),
         "at /spans/0/parent_span_id: the parents of span 0000000000000001 form a cycle"),
        (broken("not-hex", lambda t: t["spans"][1].update(span_id="XYZ")), "at /spans/1/span_id: span id \"XYZ\" is not 16"),
    ]
    (work / "malformed.json").write_text(json.dumps(trace).replace('"name": "plugin discovery"', '"name": nope', 1))
    for path, expected in cases:
        for action in (["summary", path], ["export", path, "--to", "otlp", "--out", work / "out.jsonl"]):
            r = run("trace", *action)
            check(r.returncode == 2 and r.stderr.count("\n") == 1 and f"{path}: {expected}" in r.stderr,
                  f"{path.name} ({action[0]}): exit {r.returncode}, stderr {r.stderr!r}")
    check(not (work / "out.jsonl").exists(), "a failed export writes nothing")
    r = run("trace", "export", work / "negative.json", "--to", "bogus", "--out", work / "x")
    check(r.returncode == 2 and "unknown trace format 'bogus'" in r.stderr, f"unknown --to: {r.stderr!r}")

    # Ten million spans on standard input: refused at the limit, in bounded memory.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(HOME), "LANG": "C.UTF-8"}
    proc = subprocess.Popen([str(HOST), "trace", "summary", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)

    def feed():
        try:
            proc.stdin.write(b'{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","root_name":"big","start_time_us":0,'
                             b'"end_time_us":10,"total_duration_us":10,"spans":[')
            chunk = []
            for i in range(10_000_000):
                chunk.append(b'%s{"span_id":"%016x","name":"s","start_time_us":0,"duration_us":1}' % (b"," if i else b"", i + 1))
                if len(chunk) == 10000:
                    proc.stdin.write(b"".join(chunk))
                    chunk = []
            proc.stdin.write(b"".join(chunk) + b"]}")
            proc.stdin.close()
        except (BrokenPipeError, ValueError):
            pass

    writer = threading.Thread(target=feed)
    writer.start()
    stderr = proc.stderr.read().decode()
    proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    writer.join()
    peak_mb = usage.ru_maxrss * 1024 / 1e6
    check(os.waitstatus_to_exitcode(status) == 2 and stderr == "interstice: error: -: at /spans/1000000: more than 1000000 "
          "spans: the limit for one document\n", f"10M spans: exit {os.waitstatus_to_exitcode(status)}, {stderr!r}")
    check(peak_mb < 1000, f"10M spans: peak RSS {peak_mb:.0f} MB (at most 1000)")
    print(f"10M spans refused at the limit with a peak RSS of {peak_mb:.0f} MB")


def suite_log_export_chrome():
    """log-export --to chrome: loads with json, an instant per record on its module/table track,
    records-per-second counters that add up to the records."""
    work = private_dir()
    out = work / "small.chrome.json"
    r = run("log-export", SMALL, "--to", "chrome", "--out", out)
    check(r.returncode == 0, f"log-export --to chrome: {r.returncode} {r.stderr}")
    events = json.loads(out.read_text())["traceEvents"]
    expected = json.loads(SMALL.with_name(SMALL.name + ".expected.json").read_text())
    instants = [e for e in events if e["ph"] == "i"]
    check(len(instants) == expected["total_transactions"], f"{len(instants)} instants")
    check(sum(e["args"]["records"] for e in events if e["ph"] == "C") == expected["total_transactions"], "counters")
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e["ph"] == "M"}
    per_track = defaultdict(int)
    for e in instants:
        per_track[(names[(e["pid"], 0)], names[(e["pid"], e["tid"])])] += 1
    want = {(f"module {m}", f"table {t}"): sum(ops.values()) for m, tables in expected["by_module_table_type"].items()
            for t, ops in tables.items() if sum(ops.values())}
    check(dict(per_track) == want, f"instants per track {dict(per_track)} != {want}")
    r = run("log-export", SMALL, "--to", "chrome", "--out", out, "--module", "hello")
    check(all(e["cat"] == "hello" for e in json.loads(out.read_text())["traceEvents"] if e["ph"] == "i"), "filters apply")


def suite_trace_recording():
    """`interstice --trace FILE`: the host's own recording. Every trace format writes it; the native
    file passes the rules (trace summary reads it) and its spans nest: the command's phases under the
    root, plugin loads and format detection inside, batches formatted on worker threads under the
    command's span on the main thread; a failing command still leaves its trace, root Error; JSON
    log lines carry its trace id; --log-level debug says where plugins were looked for, which
    codec was detected and why, and how long each phase took; bad --trace uses exit 2."""
    work = private_dir()
    oracle = os.environ.get("INTERSTICE_ORACLE", "")
    check(bool(oracle) and os.path.exists(oracle), f"reference encoder not built: {oracle!r}")
    if not oracle:
        return
    log = work / "big.log"  # ~6 MB: enough batches for the parallel formatter's workers
    subprocess.run([oracle, "gen-log", "--seed", "5", "--target-bytes", "6000000", "--out", str(log)], check=True,
                   capture_output=True)
    trace_path = work / "run.trace.json"
    r = run("--trace", trace_path, "--logging-format", "json", "--log-level", "debug",
            "log-export", log, "--to", "csv", "--out", work / "out.csv")
    check(r.returncode == 0, f"--trace log-export: exit {r.returncode}: {r.stderr[-400:]}")
    trace = json.loads(trace_path.read_text())
    spans = {s["span_id"]: s for s in trace["spans"]}
    roots = [s for s in trace["spans"] if s["parent_span_id"] is None]
    check(len(roots) == 1 and roots[0]["name"] == "interstice log-export", f"one root, the command: {roots[:2]}")
    root = roots[0]
    check(root["status"] == "Ok" and root["duration_us"] == trace["total_duration_us"], f"root: {root}")
    names = [s["name"] for s in trace["spans"]]
    for name in ("plugin discovery", "command", "run", "load plugin", "detect log format", "read records",
                 "format batch", "write batch", "format result"):
        check(name in names, f"a '{name}' span: {sorted(set(names))}")

    def parent(s):
        return spans[s["parent_span_id"]] if s["parent_span_id"] else None

    def under(s, name):
        while s is not None:
            if s["name"] == name:
                return True
            s = parent(s)
        return False

    for s in trace["spans"]:
        p = parent(s)
        check(p is None or (p["start_time_us"] <= s["start_time_us"] and
                            s["start_time_us"] + s["duration_us"] <= p["start_time_us"] + p["duration_us"]),
              f"span {s['name']} lies inside its parent {p and p['name']}")
        check(s["status"] == "Ok", f"span {s['name']} is {s['status']}")
        check("thread" in s["attributes"], f"span {s['name']} names its thread")
    batches = [s for s in trace["spans"] if s["name"] == "format batch"]
    check(all(under(s, "run") for s in batches), "format batches hang from the command's run")
    if os.cpu_count() > 1:
        check(any(s["attributes"]["thread"] != 0 for s in batches), "some batches were formatted on worker threads")
    detect = next(s for s in trace["spans"] if s["name"] == "detect log format")
    check(detect["attributes"].get("format") == "interstice-v1" and under(detect, "run"), f"detection: {detect}")

    events = [json.loads(line) for line in r.stderr.splitlines() if line.startswith("{")]
    check(events and all(e.get("trace_id") == trace["trace_id"] for e in events),
          "every JSON log line carries the recording's trace id")
    check(all(e.get("span_id") in spans for e in events), "and the id of a span of it")
    bodies = " | ".join(e["body"] for e in events)
    for said in ("plugin directory", "plugins known", "read as interstice-v1 (its checksums verify)",
                 "plugin discovery took", "command took", "loaded log-codec 'interstice-v1'"):
        check(said in bodies, f"--log-level debug says '{said}': {bodies[:600]}")

    failed_path = work / "failed.trace.json"
    r = run("--trace", failed_path, "log-inspect", work / "missing.log")
    check(r.returncode == 2 and failed_path.exists(), f"a failing command keeps its trace: {r.returncode} {r.stderr}")
    if failed_path.exists():
        failed = json.loads(failed_path.read_text())
        check(failed["spans"][0]["status"] == "Error", f"root of a failed run is Error: {failed['spans'][0]}")

    for fmt in ("chrome", "otlp", "folded", "svg", "native"):
        out = work / f"run.{fmt}"
        r = run("--trace", out, "--trace-format", fmt, "log-inspect", log, "--format", "json")
        check(r.returncode == 0 and out.exists() and out.stat().st_size > 0, f"--trace-format {fmt}: {r.returncode} {r.stderr}")
    chrome = json.loads((work / "run.chrome").read_text())
    check(any(e.get("ph") == "X" and e.get("name") == "read records" for e in chrome["traceEvents"]),
          "the chrome recording shows the read")
    r = run("trace", "summary", work / "run.otlp", "json")
    check(r.returncode == 0 and json.loads(r.stdout)["span_count"] > 5, f"the otlp recording reads back: {r.stderr}")

    for args, says in ((["--trace", "-"], "--trace needs a file"),
                       (["--trace", work / "t.json", "--trace-format", "chrom"], "did you mean 'chrome'"),
                       (["--trace-format", "chrome"], "--trace-format needs --trace")):
        r = run(*args, "log-inspect", log)
        check(r.returncode == 2 and says in r.stderr and r.stdout == "", f"{args}: {r.returncode} {r.stderr!r}")
