"""End-to-end suites for `determinism`: replay facts equal every fixture's expected facts, the state
hash equals an independent Python implementation of docs/determinism.md, replicas made by the
reference encoder's `mutate` are caught at the right record and column, hand-built logs report each
anomaly kind at its record, hash streams compare, and --at/--diff agree with a Python replay."""
import ctypes
import json
import os
import struct
import subprocess
import zlib

from common import SHARED, check, private_dir, run, run_json

V1 = SHARED / "fixtures" / "v1"
REAL = SHARED / "fixtures" / "interstice-real"
SMALL = V1 / "logs" / "small.log"
ORACLE = os.environ.get("INTERSTICE_ORACLE", "")
ANOMALY_KINDS = ["delete_missing_key", "insert_existing_key", "old_row_on_insert_or_delete", "update_key_mismatch",
                 "update_missing_key", "update_without_old_row"]


def determinism(*args):
    return run_json("determinism", *args)


# --- docs/determinism.md reimplemented from the text: canonical encoding and state hash ---------

XXH = ctypes.CDLL("libxxhash.so.0")
XXH.XXH3_64bits_withSeed.restype = ctypes.c_uint64
XXH.XXH3_64bits_withSeed.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint64]
SEED = int.from_bytes(b"istate-1", "little")


def xxh3(data, seed):
    return XXH.XXH3_64bits_withSeed(data, len(data), seed)


def text(s):
    raw = s.encode()
    return struct.pack("<Q", len(raw)) + raw


def canonical(value):
    """A value in serde JSON form, canonically encoded."""
    if value == "Void":
        return struct.pack("<I", 0)
    (kind, v), = value.items()
    tag = {"U32": 1, "U64": 2, "I32": 3, "I64": 4, "F32": 5, "F64": 6, "Bool": 7, "String": 8, "Row": 9, "Vec": 10,
           "Option": 11, "U8": 12, "Tuple": 13, "Struct": 14, "Enum": 15}[kind]
    out = struct.pack("<I", tag)
    if kind in ("U32", "U64", "I32", "I64", "F32", "F64", "U8"):
        return out + struct.pack({"U32": "<I", "U64": "<Q", "I32": "<i", "I64": "<q", "F32": "<f", "F64": "<d",
                                  "U8": "<B"}[kind], v)
    if kind == "Bool":
        return out + bytes([1 if v else 0])
    if kind == "String":
        return out + text(v)
    if kind == "Row":
        return out + canonical_row(v)
    if kind in ("Vec", "Tuple"):
        return out + struct.pack("<Q", len(v)) + b"".join(canonical(x) for x in v)
    if kind == "Option":
        return out + (b"\x00" if v is None else b"\x01" + canonical(v))
    if kind == "Struct":
        return out + text(v["name"]) + struct.pack("<Q", len(v["fields"])) + b"".join(
            text(f["name"]) + canonical(f["value"]) for f in v["fields"])
    return out + text(v["name"]) + text(v["variant"]) + canonical(v["value"])  # Enum


def canonical_row(row):
    return canonical(row["primary_key"]) + struct.pack("<Q", len(row["entries"])) + b"".join(
        canonical(e) for e in row["entries"])


class PythonReplay:
    """The replay rules and the state hash, as docs/determinism.md states them."""

    def __init__(self):
        self.tables = {}  # (module, table) -> {key bytes: (row hash, row json)}
        self.anomalies = dict.fromkeys(ANOMALY_KINDS, 0)

    def apply(self, op, module, table, row, old_row=None):
        rows = self.tables.setdefault((module, table), {})
        key = canonical(row["primary_key"])
        seed = xxh3(text(module) + text(table), SEED)
        if op != "Delete":
            entry = (xxh3(canonical_row(row), seed), row)
        if op == "Insert":
            self.anomalies["old_row_on_insert_or_delete"] += old_row is not None
            self.anomalies["insert_existing_key"] += key in rows
            rows[key] = entry
        elif op == "Update":
            if old_row is None:
                self.anomalies["update_without_old_row"] += 1
            elif canonical(old_row["primary_key"]) != key:
                self.anomalies["update_key_mismatch"] += 1
            self.anomalies["update_missing_key"] += key not in rows
            rows[key] = entry
        else:
            self.anomalies["old_row_on_insert_or_delete"] += old_row is not None
            self.anomalies["delete_missing_key"] += key not in rows
            rows.pop(key, None)

    def live_rows(self):
        out = {}
        for (module, table), rows in self.tables.items():
            out.setdefault(module, {})[table] = len(rows)
        return out

    def state_hash(self):
        data = b""
        for (module, table) in sorted(self.tables, key=lambda t: (t[0].encode(), t[1].encode())):
            rows = self.tables[(module, table)]
            if rows:
                total = sum(h for h, _ in rows.values()) % 2**64
                data += text(module) + text(table) + struct.pack("<QQ", len(rows), total)
        return f"{xxh3(data, SEED):016x}"


def replay_jsonl(path, until=None):
    replay = PythonReplay()
    for line in path.read_text().splitlines():
        r = json.loads(line)
        if until is not None and r["index"] > until:
            break
        replay.apply(r["type"], r["module"], r["table"], r["row"], r["old_row"])
    return replay


def replay_framed(expected):
    replay = PythonReplay()
    for record in expected["records"]:
        (op, tx), = record["tx"].items()
        row = tx.get("new_row") or tx.get("update_row") or {"primary_key": tx["deleted_row_id"], "entries": []}
        replay.apply(op, tx["module_name"], tx["table_name"], row)
    return replay


# --- hand-built logs --------------------------------------------------------------------------

def v1_record(op, module, table, row, old_row=None, timestamp=1735689600000):
    old = b"\x00" if old_row is None else b"\x01" + canonical_row(old_row)
    body = bytes([1, {"Insert": 1, "Update": 2, "Delete": 3}[op]])
    for part in (module.encode(), table.encode(), canonical_row(row), old):
        body += struct.pack("<I", len(part)) + part
    body += struct.pack("<Q", timestamp)
    return body + struct.pack("<I", zlib.crc32(body))


def varint(n):
    out = b""
    while True:
        byte, n = n & 0x7F, n >> 7
        out += bytes([byte | (0x80 if n else 0)])
        if not n:
            return out


def framed_g1_record(op, module, table, key, entries=()):
    """Keys and entries are U64 or String values (g1 discriminants 2 and 8)."""
    def value(v):
        return b"\x02" + varint(v) if isinstance(v, int) else b"\x08" + varint(len(v.encode())) + v.encode()
    payload = varint({"Insert": 0, "Update": 1, "Delete": 2}[op]) + varint(len(module)) + module.encode()
    payload += varint(len(table)) + table.encode() + value(key)
    if op != "Delete":
        payload += varint(len(entries)) + b"".join(value(e) for e in entries)
    return struct.pack("<I", len(payload)) + payload


def row(key, *entries):
    return {"primary_key": {"U64": key}, "entries": [{"String": e} for e in entries]}


# --- suites -----------------------------------------------------------------------------------

def suite_determinism_fixtures():
    """Every v1 log: live rows and anomalies equal its expected.json, the runs agree, and the state
    hash equals the Python reimplementation; the real framed logs replay with their records' counts."""
    for log in sorted((V1 / "logs").glob("*.log")):
        expected = json.loads(log.with_name(log.name + ".expected.json").read_text())
        result, data = determinism(log)
        check(result.returncode == 0, f"{log.name}: exit {result.returncode}: {result.stderr}")
        if not data:
            continue
        check(data["live_rows"] == expected["live_rows"], f"{log.name}: live_rows {data['live_rows']}")
        check(data["live_rows_total"] == expected["live_rows_total"], f"{log.name}: live_rows_total")
        check(data["anomaly_counts"] == expected["replay_anomalies"], f"{log.name}: anomalies {data['anomaly_counts']}")
        check(data["transaction_count"] == expected["total_transactions"], f"{log.name}: transaction_count")
        check(data["is_deterministic"] is True and data["runs_performed"] == 3 and data["divergence_point"] is None
              and data["error_message"] is None, f"{log.name}: verdict {data['is_deterministic']} {data['error_message']}")
        hashes = {s["final_state_hash"] for s in data["snapshots"]}
        check(hashes == {data["final_state_hash"]} and len(data["final_state_hash"]) == 16, f"{log.name}: {hashes}")
        check([s["run_number"] for s in data["snapshots"]] == [1, 2, 3], f"{log.name}: run numbers")
        check(all(s["transaction_count"] == expected["total_transactions"] for s in data["snapshots"]),
              f"{log.name}: every run applied every record")
        records = log.with_name(log.name + ".records.jsonl")
        if records.exists():
            python = replay_jsonl(records)
            check(python.state_hash() == data["final_state_hash"],
                  f"{log.name}: Python's hash {python.state_hash()} != {data['final_state_hash']}")
            check(python.live_rows() == expected["live_rows"], f"{log.name}: the Python replay itself")
    # More runs cycle through the strategies, the decoded one included; the verdict holds.
    _, seven = determinism(SMALL, "--runs", "7")
    check(seven and seven["runs_performed"] == 7 and seven["is_deterministic"], "--runs 7")
    if seven:
        strategies = [s["strategy"].split(" ")[0] for s in seven["snapshots"]]
        check(strategies == ["sequential", "partitioned", "reseeded", "decoded", "partitioned", "reseeded", "decoded"],
              f"strategies {strategies}")
        check("3 threads" in seven["snapshots"][4]["strategy"], "the second partitioned run has more threads")
    # text and yaml say the same
    text = run("determinism", SMALL)
    check(text.returncode == 0 and "deterministic: 3 runs reach state" in text.stdout, f"text: {text.stdout[-300:]}")
    yaml_out = run("determinism", SMALL, "--format", "yaml")
    check(yaml_out.returncode == 0 and "is_deterministic: true" in yaml_out.stdout, "yaml")

    for log in sorted(REAL.glob("*.log")):
        expected = json.loads(log.with_name(log.stem + ".expected.json").read_text())
        python = replay_framed(expected)
        result, data = determinism(log)
        # The runtime wrote the same key twice in most samples: insert_existing_key fails the check.
        failing = sum(n for kind, n in python.anomalies.items() if kind != "update_without_old_row")
        check(result.returncode == (1 if failing else 0), f"{log.name}: exit {result.returncode}: {result.stderr}")
        if not data:
            continue
        check(data["transaction_count"] == expected["record_count"], f"{log.name}: records")
        check(data["live_rows"] == python.live_rows(), f"{log.name}: live_rows {data['live_rows']}")
        check(data["anomaly_counts"] == python.anomalies, f"{log.name}: anomalies {data['anomaly_counts']}")
        check(data["final_state_hash"] == python.state_hash(), f"{log.name}: hash {data['final_state_hash']}")
        check(data["old_row_images"] is False and data["expected_anomalies"] == ["update_without_old_row"],
              f"{log.name}: framed logs have no old rows")
        check(all(a["kind"] != "update_without_old_row" for a in data["anomalies"]), f"{log.name}: expected kinds unlisted")


def suite_determinism_replicas():
    """--against: the reference encoder's mutated replicas are caught at their record, column and
    values; a log against itself, and a v1 copy of a framed log, are identical; a prefix is said so."""
    for replica in sorted((V1 / "mutate").glob("*.log")):
        truth = json.loads(replica.with_name(replica.name + ".expected.json").read_text())
        original = V1 / "logs" / truth["source_file"]
        result, data = determinism(original, "--against", replica, "--schema", f"{original}.schemas.json")
        check(result.returncode == 1, f"{replica.name}: exit {result.returncode}: {result.stderr}")
        if not data:
            continue
        d = data["divergence"]
        k = truth["first_divergent_index"]
        check(data["divergence_point"] == k and d["index"] == k, f"{replica.name}: divergence {data['divergence_point']} != {k}")
        check(d["offset_a"] == truth["first_divergent_offset"] and d["offset_b"] == truth["first_divergent_offset"],
              f"{replica.name}: offsets")
        check((d["module_id"], d["table_name"], d["primary_key"]) == (truth["module"], truth["table"], truth["primary_key"]),
              f"{replica.name}: where {d['module_id']}.{d['table_name']} {d['primary_key']}")
        check(d["difference"] == "row" and d["column_index"] == truth["column_index"]
              and d["column_name"] == truth["column_name"], f"{replica.name}: column {d['column_index']} {d['column_name']}")
        check(d["value_a"] == truth["old_value"] and d["value_b"] == truth["new_value"],
              f"{replica.name}: values {d['value_a']} / {d['value_b']}")
        check(d["record_a"]["index"] == k and d["record_b"]["operation"] == truth["record_type"].lower(), f"{replica.name}: records")
        check(len(d["preceding"]) == min(3, k) and all(p["index"] < k for p in d["preceding"]), f"{replica.name}: preceding")
        check(d["log_query_a"].startswith("interstice log-query ") and f"--end {k + 1}" in d["log_query_a"],
              f"{replica.name}: {d['log_query_a']}")
        # A changed Delete payload changes no state; anything else does, at that record.
        state = None if truth["record_type"] == "Delete" else k
        check(data["state_divergence_point"] == state, f"{replica.name}: state divergence {data['state_divergence_point']}")
        shown = subprocess.run(d["log_query_b"] + " --format json", shell=True, capture_output=True, text=True,
                               env={"PATH": f"{run.__globals__['HOST'].parent}:{os.environ['PATH']}"})
        check(shown.returncode == 0 and json.loads(shown.stdout)["transactions"][-1]["index"] == k,
              f"{replica.name}: the log-query command shows the record: {shown.stderr}")
    result, data = determinism(SMALL, "--against", SMALL)
    check(result.returncode == 0 and data and data["identical"] and data["divergence_point"] is None,
          f"a log against itself: exit {result.returncode}")

    # A prefix: the first 600 records of small.log.
    work = private_dir()
    records = [json.loads(line) for line in (V1 / "logs" / "small.log.records.jsonl").read_text().splitlines()]
    prefix = work / "prefix.log"
    prefix.write_bytes(SMALL.read_bytes()[:records[600]["offset"]])
    result, data = determinism(SMALL, "--against", prefix)
    check(result.returncode == 1 and data and data["length"]["shorter"] == "b" and data["length"]["is_prefix"] is True
          and data["divergence_point"] == 600 and data["length"]["shorter_ends_at_offset"] == records[600]["offset"]
          and data["divergence"]["difference"] == "missing_record", f"prefix: {data and data['length']}")
    check(data and "is a prefix of log a" in data["error_message"], f"prefix message: {data and data['error_message']}")

    # The same rows from a framed log and from its v1 copy hash the same, and compare identical.
    for framed in ("g1-8b10d42.log", "g2-ceaa029.log"):
        copy = work / f"{framed}.v1.log"
        exported = run("log-export", REAL / framed, "--to", "binary", "--as", "interstice-v1", "--out", copy)
        check(exported.returncode == 0, f"{framed}: export {exported.stderr}")
        _, a = determinism(REAL / framed)
        _, b = determinism(copy)
        check(a and b and a["final_state_hash"] == b["final_state_hash"] and b["format"]["codec"] == "interstice-v1",
              f"{framed}: framed {a and a['final_state_hash']} vs v1 {b and b['final_state_hash']}")
        result, data = determinism(REAL / framed, "--against", copy)
        check(result.returncode == 0 and data and data["identical"], f"{framed} against its v1 copy: {result.stdout[-300:]}")


def suite_determinism_oracle_replicas():
    """Fresh replicas from the reference encoder's `mutate --index K`, K at the first, a middle and
    the last record: --against reports exactly K, the column and both values."""
    check(bool(ORACLE) and os.path.exists(ORACLE), f"reference encoder not built: {ORACLE!r}")
    if not ORACLE:
        return
    work = private_dir()
    log = work / "held-out.log"
    subprocess.run([ORACLE, "gen-log", "--seed", "41", "--count", "3000", "--out", log], check=True, capture_output=True)
    for k in (0, 1500, 2999):
        replica = work / f"replica-{k}.log"
        made = subprocess.run([ORACLE, "mutate", "--in", log, "--out", replica, "--seed", str(k + 5), "--index", str(k)],
                              capture_output=True, text=True)
        check(made.returncode == 0, f"mutate --index {k}: {made.stderr}")
        if made.returncode != 0:
            continue
        truth = json.loads(replica.with_name(replica.name + ".expected.json").read_text())
        result, data = determinism(log, "--against", replica, "--schema", f"{log}.schemas.json")
        check(result.returncode == 1 and data, f"K={k}: exit {result.returncode}: {result.stderr}")
        if not data:
            continue
        d = data["divergence"]
        check(data["divergence_point"] == k == truth["first_divergent_index"], f"K={k}: reported {data['divergence_point']}")
        check(d["column_index"] == truth["column_index"] and d["column_name"] == truth["column_name"],
              f"K={k}: column {d['column_index']} {d['column_name']} vs {truth['column_index']} {truth['column_name']}")
        check(d["value_a"] == truth["old_value"] and d["value_b"] == truth["new_value"],
              f"K={k}: values {d['value_a']} {d['value_b']} vs {truth['old_value']} {truth['new_value']}")
    result, _ = determinism(log, "--against", log)
    check(result.returncode == 0, f"held-out log against itself: exit {result.returncode}")


def suite_determinism_anomalies():
    """Hand-built logs with each anomaly kind: each reported at its record, with its table and key;
    exit 1. A framed log's updates lack old rows by format: counted, not listed, exit 0."""
    work = private_dir()
    plan = [  # (op, key, old key, the anomaly it causes)
        ("Insert", 1, None, None),
        ("Insert", 1, None, "insert_existing_key"),
        ("Update", 2, 2, "update_missing_key"),
        ("Update", 1, None, "update_without_old_row"),
        ("Update", 1, 7, "update_key_mismatch"),
        ("Delete", 42, None, "delete_missing_key"),
        ("Insert", 5, 5, "old_row_on_insert_or_delete"),
        ("Delete", 5, None, None),
    ]
    log = work / "anomalies.log"
    log.write_bytes(b"".join(v1_record(op, "shop", "orders", row(key, f"v{i}"),
                                       None if old is None else row(old, "old"), 1735689600000 + i)
                             for i, (op, key, old, _) in enumerate(plan)))
    result, data = determinism(log)
    check(result.returncode == 1, f"anomalies: exit {result.returncode}: {result.stderr}")
    if data:
        want = [(i, kind) for i, (_, _, _, kind) in enumerate(plan) if kind]
        got = [(a["index"], a["kind"]) for a in data["anomalies"]]
        check(got == want, f"anomalies at {got}, expected {want}")
        check(all(a["module_id"] == "shop" and a["table_name"] == "orders" for a in data["anomalies"]), "tables")
        check([a["primary_key"] for a in data["anomalies"]] == [{"U64": plan[i][1]} for i, _ in want], "keys")
        check(all(data["anomaly_counts"][kind] == 1 for kind in ANOMALY_KINDS), f"counts {data['anomaly_counts']}")
        check(data["is_deterministic"] is True, "anomalies are not nondeterminism")
        offsets = [0]
        for i in range(len(plan)):
            offsets.append(offsets[-1] + len(v1_record(*([plan[i][0], "shop", "orders", row(plan[i][1], f"v{i}"),
                                                           None if plan[i][2] is None else row(plan[i][2], "old")]))))
        check([a["offset"] for a in data["anomalies"]] == [offsets[i] for i, _ in want], "offsets")
    capped = determinism(log, "--max-anomalies", "0")[1]
    check(capped and capped["anomalies"] == [] and capped["anomaly_counts"]["delete_missing_key"] == 1,
          "--max-anomalies 0 lists none and counts all")

    framed = work / "framed.log"
    framed.write_bytes(framed_g1_record("Insert", "shop", "orders", 1, ["a"]) +
                       framed_g1_record("Update", "shop", "orders", 1, ["b"]) +
                       framed_g1_record("Update", "shop", "orders", 1, ["c"]) +
                       framed_g1_record("Delete", "shop", "orders", 9))
    result, data = determinism(framed)
    check(result.returncode == 1 and data and data["anomaly_counts"]["update_without_old_row"] == 2
          and [(a["index"], a["kind"]) for a in data["anomalies"]] == [(3, "delete_missing_key")],
          f"framed: exit {result.returncode}, {data and data['anomalies']}")
    framed.write_bytes(framed.read_bytes()[:-len(framed_g1_record("Delete", "shop", "orders", 9))])
    result, data = determinism(framed)
    check(result.returncode == 0 and data and data["anomalies"] == [] and data["live_rows_total"] == 1,
          f"framed updates without old rows pass: exit {result.returncode}")


def suite_determinism_checkpoints():
    """--checkpoints writes the hash stream atomically; --against-checkpoints on the same log
    matches, on replicas names the first window that differs, and rejects a malformed stream."""
    work = private_dir()
    stream = work / "small.ndjson"
    result, data = determinism(SMALL, "--checkpoints", "100", "--out", stream)
    check(result.returncode == 0 and data and data["checkpoints"]["written"] == 10, f"write: {result.stderr}")
    lines = [json.loads(line) for line in stream.read_text().splitlines()]
    check(lines[0]["interval"] == 100 and lines[0]["hash"] == "interstice-state-v1", f"header {lines[0]}")
    check([l["records"] for l in lines[1:]] == [100 * i for i in range(1, 11)] + [1000], "one line per 100 records")
    check(lines[-1]["end"] is True and lines[-1]["state_hash"] == data["final_state_hash"], "the end line")
    records = [json.loads(line) for line in (V1 / "logs" / "small.log.records.jsonl").read_text().splitlines()]
    check(all(l["next_offset"] == records[l["records"]]["offset"] for l in lines[1:-2]), "next_offset is a record start")
    check(lines[3]["state_hash"] == replay_jsonl(V1 / "logs" / "small.log.records.jsonl", until=299).state_hash(),
          "a checkpoint's hash is the state after its record")
    check(sorted(p.name for p in work.iterdir()) == ["small.ndjson"], "no temp file left")

    result, data = determinism(SMALL, "--against-checkpoints", stream)
    check(result.returncode == 0 and data and data["matches"] and data["checkpoints_compared"] == 10,
          f"itself: exit {result.returncode}: {data}")
    for name, window in (("small.mutated-last.log", (900, 999)), ("small.mutated-longer.log", (0, 99))):
        result, data = determinism(V1 / "mutate" / name, "--against-checkpoints", stream)
        w = data and data["first_differing_window"]
        check(result.returncode == 1 and w and (w["from_index"], w["to_index"]) == window,
              f"{name}: window {w}, expected {window}")
        # the replay stops at the checkpoint that differs
        check(data and data["transaction_count"] == window[1] + 1, f"{name}: replayed {data and data['transaction_count']}")
    # Record 0 of mutated-first is overwritten by an update before record 100: only a finer stream
    # sees it, and a stream of every record names the record itself.
    fine = work / "every-record.ndjson"
    determinism(SMALL, "--checkpoints", "1", "--out", fine)
    result, data = determinism(V1 / "mutate" / "small.mutated-first.log", "--against-checkpoints", stream)
    check(result.returncode == 0, "mutated-first: the states agree again at every 100th record")
    result, data = determinism(V1 / "mutate" / "small.mutated-first.log", "--against-checkpoints", fine)
    w = data and data["first_differing_window"]
    check(result.returncode == 1 and w and (w["from_index"], w["to_index"]) == (0, 0), f"mutated-first, every record: {w}")
    # a Delete whose payload differs leaves every state as it was
    result, data = determinism(V1 / "mutate" / "small.mutated.log", "--against-checkpoints", stream)
    check(result.returncode == 0, f"small.mutated.log: the states never differ: {data and data['error_message']}")
    prefix = work / "prefix.log"
    prefix.write_bytes(SMALL.read_bytes()[:records[650]["offset"]])
    result, data = determinism(prefix, "--against-checkpoints", stream)
    check(result.returncode == 1 and data and data["first_differing_window"]["from_index"] == 600
          and "ends after 650 records" in data["error_message"], f"a shorter log: {data and data['error_message']}")
    bad = work / "bad.ndjson"
    bad.write_text(stream.read_text().replace('"state_hash":"', '"state_hash":"zz', 1))
    result = run("determinism", SMALL, "--against-checkpoints", bad)
    check(result.returncode == 2 and f"{bad}:2:1" in result.stderr, f"malformed stream: {result.stderr}")


def suite_determinism_state():
    """--at N lists exactly the rows a Python replay has after record N; --diff A B the rows that
    differ between the states after A and after B."""
    jsonl = V1 / "logs" / "small.log.records.jsonl"
    for at in (0, 412, 999):
        result, data = determinism(SMALL, "--at", at)
        check(result.returncode == 0 and data, f"--at {at}: exit {result.returncode}: {result.stderr}")
        if not data:
            continue
        python = replay_jsonl(jsonl, until=at)
        # compared by canonical bytes: an F32 compares by its bits however its digits are spelt
        want = sorted((m, t, canonical_row(r)) for (m, t), rows in python.tables.items() for _, r in rows.values())
        got = sorted((r["module_id"], r["table_name"], canonical_row(r["row"])) for r in data["rows"])
        check(got == want, f"--at {at}: {len(got)} rows vs {len(want)}")
        check(data["state_hash"] == python.state_hash() and data["record"]["index"] == at, f"--at {at}: hash")
    _, one = determinism(SMALL, "--at", 999, "--table", "chat.users")
    check(one and {(r["module_id"], r["table_name"]) for r in one["rows"]} == {("chat", "users")} and len(one["rows"]) == 15,
          "--table keeps one table")

    a, b = 300, 450
    before, after = replay_jsonl(jsonl, until=a), replay_jsonl(jsonl, until=b)
    want = {}
    for table in set(before.tables) | set(after.tables):
        x, y = before.tables.get(table, {}), after.tables.get(table, {})
        for key in set(x) | set(y):
            if key not in x:
                want[(table, key)] = "inserted"
            elif key not in y:
                want[(table, key)] = "deleted"
            elif x[key][0] != y[key][0]:
                want[(table, key)] = "updated"
    result, data = determinism(SMALL, "--diff", a, b)
    check(result.returncode == 0 and data, f"--diff: exit {result.returncode}: {result.stderr}")
    if data:
        got = {((c["module_id"], c["table_name"]), canonical(c["primary_key"])): c["change"] for c in data["changes"]}
        check(got == want, f"--diff {a} {b}: {len(got)} changes vs {len(want)}")
        check(data["state_hash_from"] == before.state_hash() and data["state_hash_to"] == after.state_hash(), "diff hashes")
        updated = [c for c in data["changes"] if c["change"] == "updated"]
        check(updated and all(c["changed_columns"] and all(c["before"]["entries"][i] != c["after"]["entries"][i]
                                                           for i in c["changed_columns"]) for c in updated),
              "changed_columns name columns that changed")
    text = run("determinism", SMALL, "--diff", a, b, "--table", "visitors")
    check(text.returncode == 0 and "rows changed between records 300 and 450" in text.stdout, f"text: {text.stdout[-200:]}")


def suite_determinism_errors():
    """Damaged logs are unreadable input (exit 2) naming the record and byte; bad usage exits 2."""
    for damaged in ("small.flip.log", "small.truncate.log", "small.badtype.log"):
        truth = json.loads((V1 / "corrupt" / (damaged + ".expected.json")).read_text())
        for args in ((), ("--against", SMALL), ("--at", "999")):
            result = run("determinism", V1 / "corrupt" / damaged, *args)
            where = f"record {truth['first_damaged_index']}, at byte {truth['first_damaged_offset']}"
            check(result.returncode == 2 and where in result.stderr and result.stdout == "",
                  f"{damaged} {args}: exit {result.returncode}: {result.stderr}")
    for args, words in ((("--runs", "1"), "at least 2 runs"), (("--checkpoints", "10"), "go together"),
                        (("--table", "users"), "--table goes with"), (("--at", "1", "--diff", "1", "2"), "give one"),
                        (("--diff", "5", "2"), "must come after"), (("--at", "5000"), "past the end"),
                        (("--against", "/no/such.log"), "/no/such.log")):
        result = run("determinism", SMALL, *args)
        check(result.returncode == 2 and words in result.stderr, f"{args}: exit {result.returncode}: {result.stderr}")
    result = run("determinism", SMALL, "--diff", "1", "2", "json")
    check(result.returncode == 0 and json.loads(result.stdout)["from"]["index"] == 1, "--diff A B then [FORMAT]")
