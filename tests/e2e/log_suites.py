"""End-to-end suites for transaction logs: log-inspect on every v1, corrupt, mutated and real
framed fixture, repair, keep-going, detection and the errors a user sees on bad input."""
import hashlib
import json
import os

from common import REPO, SHARED, check, private_dir, run

V1 = SHARED / "fixtures" / "v1"
REAL = SHARED / "fixtures" / "interstice-real"


def inspect_json(*args):
    result = run("log-inspect", *args, "json")
    try:
        return result, json.loads(result.stdout) if result.stdout else None
    except json.JSONDecodeError:
        return result, None


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compare_facts(name, data, expected):
    check(data["transaction_count"] == expected["total_transactions"],
          f"{name}: transaction_count {data['transaction_count']} != {expected['total_transactions']}")
    check(data["valid_transactions"] == expected["total_transactions"], f"{name}: valid_transactions")
    for key in ("by_type", "by_module", "by_module_table", "first_timestamp", "last_timestamp"):
        check(data[key] == expected[key], f"{name}: {key} {data[key]} != {expected[key]}")
    check(data["log_size_bytes"] == expected["file_size"], f"{name}: log_size_bytes")
    check(data["modules_involved"] == sorted(expected["by_module"]), f"{name}: modules_involved")
    check(data["tables_involved"] == sorted(expected["by_table"]), f"{name}: tables_involved")
    check(data["is_valid"] is True and data["first_error"] is None, f"{name}: should be valid")


def suite_log_inspect_fixtures():
    """Every v1 log: the JSON facts equal the fixture's expected.json; mutated replicas are valid."""
    logs = sorted((V1 / "logs").glob("*.log"))
    check(len(logs) >= 3, f"expected the v1 fixture logs, found {len(logs)}")
    for log in sorted((V1 / "mutate").glob("*.log")):
        expected = json.loads(log.with_name(log.name + ".expected.json").read_text())
        result, data = inspect_json(log)
        check(result.returncode == 0 and data and data["is_valid"], f"{log.name}: exit {result.returncode}")
        if data:
            check(data["transaction_count"] == expected["records"] and data["log_size_bytes"] == expected["output_size"],
                  f"{log.name}: {data['transaction_count']} records, {data['log_size_bytes']} bytes")
    for log in logs:
        expected = json.loads(log.with_name(log.name + ".expected.json").read_text())
        result, data = inspect_json(log)
        check(result.returncode == 0, f"{log.name}: exit {result.returncode}: {result.stderr}")
        if not data:
            continue
        if expected["file_size"] > 0:  # an empty file is every format's empty log
            check(data["format"]["codec"] == "interstice-v1", f"{log.name}: format {data['format']}")
        check(data["file_path"] == str(log), f"{log.name}: file_path")
        compare_facts(log.name, data, expected)
    text = run("log-inspect", V1 / "logs" / "small.log")
    check(text.returncode == 0 and "valid, 1000 valid transactions" in text.stdout, f"text summary: {text.stdout}")
    check("MODULE" in text.stdout and "greetings" in text.stdout, "text shows the per-table table")


def crafted_resync_log(path, size, route):
    """A v1 log of `size` bytes built so that resynchronising after its third record is as costly
    as it can be for a reader that parses each candidate in full: two intact records (the example
    log), then a stretch where every 6 bytes is a candidate start (version 1, type 1) claiming a
    module name over half the file long whose bytes are all below 0x80 (valid UTF-8 as far as
    any prefix goes). route "names": what follows the name makes the record run past the end, so
    a full parse validates megabytes of name for each candidate before finding out. route
    "checksums": the rest of the file is zeros, so every candidate's length fields fit and only
    its checksum (over megabytes) rules it out."""
    head = (REPO / "examples" / "two-records.log").read_bytes()
    if route == "names":
        k = min(0x7F, size // 2 // 65536)
        body = bytes([1, 1, 0, 0, k, 0]) * (size // 6 + 1)
        path.write_bytes((head + body)[:size])
        return
    name = size // 2 + 0x7F7F  # every byte below 0x80 for the sizes used here
    assert all(b < 0x80 for b in name.to_bytes(4, "little")), name
    units = size - name - 64  # every candidate's table_name_len lies in the zeros after them
    body = (bytes([1, 1]) + name.to_bytes(4, "little")) * (units // 6 + 1)
    path.write_bytes((head + body)[:units] + bytes(size - units))


def suite_log_resync_linear():
    """Issue 12: `--keep-going` resynchronisation was O(file size x claimed record length): each
    candidate was parsed up to the length it claims (a crafted 1 MB file took a minute, 16 MB
    hours). On the two crafted logs above, the third record is damaged and nothing after it is
    intact. CTest's TIMEOUT (60 s) is the bound: a linear scan takes about a second."""
    work = private_dir()
    for route, size in (("names", 16 << 20), ("checksums", 12 << 20)):
        log = work / f"{route}.log"
        crafted_resync_log(log, size, route)
        result, data = inspect_json(log, "--keep-going")
        check(result.returncode == 1 and data.get("valid_transactions") == 2 and data.get("invalid_transactions") == 1
              and data.get("errors", [{}])[0].get("offset") == 322,
              f"{route}: {result.returncode} {result.stderr!r} {json.dumps(data)[:300]}")


def suite_log_inspect_corrupt():
    """Every corrupt fixture: exit 1, first_error at the damaged record, and a repair that is valid."""
    files = sorted((V1 / "corrupt").glob("*.log"))
    check(len(files) == 10, f"expected 10 corrupt fixtures, found {len(files)}")
    out_dir = private_dir()
    for log in files:
        expected = json.loads(log.with_name(log.name + ".expected.json").read_text())
        before = digest(log)
        result, data = inspect_json(log)
        check(result.returncode == 1, f"{log.name}: exit {result.returncode} (want 1): {result.stderr}")
        if not data:
            check(False, f"{log.name}: no JSON output: {result.stderr}")
            continue
        check(data["is_valid"] is False, f"{log.name}: is_valid")
        check(data["format"]["codec"] == "interstice-v1", f"{log.name}: detected as {data['format']}")
        error = data["first_error"] or {}
        check(error.get("index") == expected["first_damaged_index"],
              f"{log.name}: first_error.index {error.get('index')} != {expected['first_damaged_index']}")
        check(error.get("offset") == expected["first_damaged_offset"],
              f"{log.name}: first_error.offset {error.get('offset')} != {expected['first_damaged_offset']}")
        check(data["valid_transactions"] == expected["intact_records_before"], f"{log.name}: valid_transactions")

        repaired = out_dir / f"{log.name}.repaired"
        result, data = inspect_json(log, "--repair", repaired)
        check(result.returncode == 1, f"{log.name} --repair: exit {result.returncode}")
        repair = (data or {}).get("repair", {})
        check(repair.get("records_kept") == expected["intact_records_before"], f"{log.name}: records_kept {repair}")
        check(repair.get("bytes_dropped") == expected["output_size"] - expected["intact_bytes_before"],
              f"{log.name}: bytes_dropped {repair}")
        result, data = inspect_json(repaired)
        check(result.returncode == 0 and data and data["is_valid"], f"{log.name}: repaired copy not valid: {result.stdout}")
        if data:
            check(data["transaction_count"] == expected["intact_records_before"], f"{log.name}: repaired count")
        check(digest(log) == before, f"{log.name}: the input file changed")
        check(not any(p.name.startswith(".") for p in out_dir.iterdir()), f"{log.name}: temp file left behind")

    flip = V1 / "corrupt" / "small.flip.log"
    expected = json.loads(flip.with_name(flip.name + ".expected.json").read_text())
    result, data = inspect_json(flip, "--keep-going")
    check(result.returncode == 1 and data is not None, f"keep-going: exit {result.returncode}")
    if data:
        check(len(data["errors"]) >= 1 and data["errors"][0] == data["first_error"], "keep-going: errors[0]")
        check(data["valid_transactions"] == expected["intact_records_before"] + expected["records_after_damaged"],
              f"keep-going: valid_transactions {data['valid_transactions']}")
    same = run("log-inspect", flip, "--repair", flip)
    check(same.returncode == 2 and "--repair" in same.stderr, f"repair onto the input must be refused: {same.stderr}")


def suite_log_inspect_framed():
    """Every real framed log: record count, generation, detection warnings and overrides."""
    files = sorted(REAL.glob("*.log"))
    check(len(files) == 10, f"expected 10 real logs, found {len(files)}")
    for log in files:
        expected = json.loads(log.with_name(log.name.replace(".log", ".expected.json")).read_text())
        result, data = inspect_json(log)
        check(result.returncode == 0, f"{log.name}: exit {result.returncode}: {result.stderr}")
        if not data:
            continue
        check(data["transaction_count"] == expected["record_count"], f"{log.name}: count {data['transaction_count']}")
        check(data["is_valid"] is True, f"{log.name}: is_valid")
        check(data["first_timestamp"] is None and data["last_timestamp"] is None, f"{log.name}: timestamps")
        if expected["size"] == 0:
            continue
        check(data["format"]["codec"] == "framed", f"{log.name}: codec {data['format']}")
        if log.name.startswith("g2-ceaa029"):
            check(data["format"]["generation"] == "g1", f"ambiguous sample: oldest fit, got {data['format']}")
            check("framed-g3" in result.stderr and "framed-g4" in result.stderr,
                  f"ambiguous sample: warning names the others: {result.stderr!r}")
        elif log.name.startswith("g2-"):
            check(data["format"]["generation"] == "g2", f"{log.name}: generation {data['format']}")
        modules = sorted({r["tx"][next(iter(r["tx"]))]["module_name"] for r in expected["records"]})
        check(data["modules_involved"] == modules, f"{log.name}: modules {data['modules_involved']}")

    ambiguous = REAL / "g2-ceaa029.log"
    schema_dir = private_dir()
    schema = schema_dir / "graphics.json"
    schema.write_text(json.dumps({
        "abi_version": 1, "name": "graphics", "version": {"major": 0, "minor": 1, "patch": 0}, "reducers": [],
        "tables": [{"name": "pipelinetable", "visibility": "Public", "entries": [{"name": "kind", "value_type": "U32"}],
                    "primary_key": {"name": "id", "value_type": "U32"}}],
        "subscriptions": []}))
    result, data = inspect_json(ambiguous, "--schema", schema)
    check(result.returncode == 0 and data and data["format"]["generation"] in ("g1", "g2"),
          f"--schema settles the generation: {result.stdout} {result.stderr}")
    check("decodes differently" not in result.stderr, f"--schema: no ambiguity warning: {result.stderr!r}")
    result, data = inspect_json(ambiguous, "--log-format", "framed-g3")
    check(result.returncode == 0 and data and data["format"]["variant"] == "framed-g3", "--log-format framed-g3")
    check(result.stderr == "", f"--log-format: no warning: {result.stderr!r}")


def suite_log_inspect_errors():
    """Bad input: one line naming the file, exit 2; never a crash."""
    missing = run("log-inspect", "/nonexistent/x.log")
    check(missing.returncode == 2 and "/nonexistent/x.log" in missing.stderr, f"missing file: {missing.stderr}")
    check(missing.stderr.count("\n") == 1, f"missing file: one line: {missing.stderr!r}")
    directory = run("log-inspect", V1)
    check(directory.returncode == 2 and str(V1) in directory.stderr, f"directory: {directory.stderr}")
    unknown = run("log-inspect", V1 / "logs" / "small.log", "--log-format", "v7")
    check(unknown.returncode == 2 and "interstice-v1" in unknown.stderr, f"unknown format: {unknown.stderr}")
    garbage = private_dir() / "garbage.log"
    garbage.write_bytes(os.urandom(4096))
    result = run("log-inspect", garbage)
    check(result.returncode == 2 and str(garbage) in result.stderr and "Traceback" not in result.stderr,
          f"garbage: exit {result.returncode}: {result.stderr}")
    victim = private_dir() / "victim.log"
    victim.write_bytes((V1 / "logs" / "small.log").read_bytes())
    before = digest(victim)
    clobber = run("log-query", victim, "--output", victim)
    check(clobber.returncode == 2 and "would overwrite the input or output file" in clobber.stderr and digest(victim) == before,
          f"--output over the input must be refused: {clobber.stderr}")
    listing = run("plugins", "--format", "json")
    ids = {(p["kind"], p["id"]) for p in json.loads(listing.stdout)} if listing.returncode == 0 else set()
    check(("log-codec", "interstice-v1") in ids and ("log-codec", "framed") in ids, f"plugins lists the codecs: {ids}")
