"""A large schema pair for schema-diff's and the schema readers' scaling checks: OLD has N copies of
hello.json's first table (t0 ... tN-1, no subscriptions); NEW drops t0, reverses the columns of
every 1000th table and bumps the major version, so the diff is TABLE_REMOVED once plus one
COLUMN_REORDERED per 1000 tables. Used by the e2e suites (hostile_inputs, schema_diff_linear) and
bench/schema-scale.sh:  python3 tests/e2e/big_schema.py N OLD.json NEW.json"""
import copy
import json
import pathlib
import sys

HELLO = pathlib.Path(__file__).resolve().parents[2] / "examples" / "hello.json"


def write_pair(n, old_path, new_path):
    base = json.loads(HELLO.read_text())
    table = base["tables"][0]
    tables = []
    for i in range(n):
        t = copy.deepcopy(table)
        t["name"] = f"t{i}"
        tables.append(t)
    old = dict(base, tables=tables, subscriptions=[])
    new = dict(old, tables=[dict(t, entries=list(reversed(t["entries"]))) if i % 1000 == 0 else t for i, t in enumerate(tables[1:])],
               version=dict(base["version"], major=base["version"]["major"] + 1))
    pathlib.Path(old_path).write_text(json.dumps(old))
    pathlib.Path(new_path).write_text(json.dumps(new))
    return 1 + (n - 1 + 999) // 1000  # the findings the diff must have


if __name__ == "__main__":
    write_pair(int(sys.argv[1]), sys.argv[2], sys.argv[3])
