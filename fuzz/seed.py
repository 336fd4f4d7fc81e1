#!/usr/bin/env python3
"""Seeds each harness's corpus from the shared fixtures (../shared/fixtures), at run time.

  fuzz/seed.py FIXTURES DEST

Writes DEST/<harness>/<name> files, small enough for libFuzzer's -max_len (fuzz/run.sh):
  - v1_log: the v1 sample logs cut to their first 1, 2 and 4 records, and every damaged copy
    cut to the record before its damage and a few after it;
  - v1_walk, v1_decode, v1_transcode, v1_agreement: the distinct row and old-row fields of
    small.log and wide.log (one per length and first bytes, so every value tag is there), plus
    whole records for v1_walk;
  - framed_g1 .. framed_g4: the real runtime logs (g1 and g2; g3 and g4 start from them too);
  - log_detect: the v1 cuts and the real runtime logs together;
  - schema_json: every module schema and invalid schema.
time_parse, record_filter and command_options have only their committed seeds (fuzz/corpus).
"""
import hashlib
import json
import pathlib
import struct
import sys

MAX_SEED = 8192


def v1_records(data):
    """(offset, end, row, old_row) of each whole record, by the length fields."""
    at = 0
    while len(data) - at >= 30:
        end = at + 2
        fields = []
        for _ in range(4):
            if len(data) - end < 4:
                return
            (length,) = struct.unpack_from("<I", data, end)
            end += 4
            if length > len(data) - end:
                return
            fields.append(data[end:end + length])
            end += length
        end += 12
        if end > len(data):
            return
        yield at, end, fields[2], fields[3]
        at = end


def write(dest, harness, data, hint=""):
    if not data or len(data) > MAX_SEED:
        return
    folder = dest / harness
    folder.mkdir(parents=True, exist_ok=True)
    name = (hint + "-" if hint else "") + hashlib.sha1(data).hexdigest()[:12]
    (folder / name).write_bytes(data)


def seed_v1(fixtures, dest):
    logs = sorted((fixtures / "v1" / "logs").glob("*.log")) + sorted((fixtures / "v1" / "example").glob("*.log"))
    rows = {}
    for log in logs:
        data = log.read_bytes()
        records = list(v1_records(data))
        for count in (1, 2, 4):
            if len(records) >= count:
                write(dest, "v1_log", data[:records[count - 1][1]], log.stem)
                write(dest, "log_detect", data[:records[count - 1][1]], log.stem)
        for offset, end, row, old_row in records:
            for field in (row, old_row[1:] if old_row[:1] == b"\x01" else b""):
                if field:
                    rows.setdefault((len(field) // 64, field[:4]), field)
            rows.setdefault(("record", (end - offset) // 64, data[offset + 1:offset + 2]), data[offset:end])
    for key, field in rows.items():
        if key[0] == "record":
            write(dest, "v1_walk", field, "record")
            continue
        for harness in ("v1_walk", "v1_decode", "v1_transcode", "v1_agreement"):
            write(dest, harness, field, "row")
    for expected in sorted((fixtures / "v1" / "corrupt").glob("*.expected.json")):
        log = expected.with_name(expected.name[: -len(".expected.json")])
        offset = json.loads(expected.read_text()).get("first_damaged_offset") or 0
        data = log.read_bytes()
        starts = [start for start, _, _, _ in v1_records(data)]
        before = max([s for s in starts if s < offset], default=0)
        write(dest, "v1_log", data[before:before + 2048], log.stem)


def seed_framed(fixtures, dest):
    for log in sorted((fixtures / "interstice-real").glob("*.log")):
        data = log.read_bytes()
        for generation in ("g1", "g2", "g3", "g4"):
            write(dest, f"framed_{generation}", data, log.stem)
            # The first record's payload alone: it decodes, so the writer's round trip runs on it.
            if len(data) >= 4:
                write(dest, f"framed_{generation}", data[4:4 + int.from_bytes(data[:4], "little")], log.stem + "-payload")
        write(dest, "log_detect", data, log.stem)


def seed_schemas(fixtures, dest):
    for folder in ("schemas", "invalid-schemas"):
        for schema in sorted((fixtures / "v1" / folder).glob("*.json")):
            if not schema.name.endswith(".expected.json"):
                write(dest, "schema_json", schema.read_bytes(), schema.stem)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    fixtures, dest = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    if not (fixtures / "v1").is_dir():
        sys.exit(f"seed.py: no fixtures in {fixtures}")
    seed_v1(fixtures, dest)
    seed_framed(fixtures, dest)
    seed_schemas(fixtures, dest)


if __name__ == "__main__":
    main()
