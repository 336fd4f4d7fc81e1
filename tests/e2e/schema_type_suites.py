"""The g2 runtime's user-defined types (Struct, Enum via `Named`, Tuple, U8) in module schemas:
`schema` shows them, `validate` lints them, `validate --log` checks the real logs' Struct
columns against them."""
import json

from common import REPO, SHARED, check, private_dir, run

REAL = SHARED / "fixtures" / "interstice-real"
REAL_SCHEMAS = REPO / "tests" / "golden" / "inputs" / "real-g2.schemas.json"


def struct_logs():
    """The real logs that hold a Struct value (seven of the ten)."""
    logs = []
    for log in sorted(REAL.glob("*.log")):
        expected = json.loads(log.with_name(log.name.replace(".log", ".expected.json")).read_text())
        if '"Struct"' in json.dumps(expected["records"]):
            logs.append(log)
    return logs


def edited_schemas(edit):
    schemas = json.loads(REAL_SCHEMAS.read_text())
    edit(schemas)
    path = private_dir() / "edited.schemas.json"
    path.write_text(json.dumps(schemas))
    return path


def suite_schema_user_types():
    """A correct g2 schema validates every real log; a wrong one names the column and the type."""
    logs = struct_logs()
    check(len(logs) == 7, f"seven real logs hold Struct values, found {len(logs)}")
    for log in logs:
        r = run("validate", "--log", log, "--schema", REAL_SCHEMAS, "--format", "json")
        data = json.loads(r.stdout) if r.stdout.startswith("{") else {}
        check(r.returncode == 0 and data.get("is_valid") is True,
              f"{log.name}: a correct schema validates: exit {r.returncode} {r.stdout[:400]} {r.stderr}")

    # The schema itself: shown and linted.
    shown = run("schema", REAL_SCHEMAS, "json")
    check(shown.returncode == 0, f"schema of an array of g2 schemas: {shown.stderr}")
    text = run("schema", REAL_SCHEMAS)
    check("TestCustomType" in text.stdout and "Struct" in text.stdout and "val: U32" in text.stdout,
          f"schema text lists the type definitions: {text.stdout}")
    check("(U8, String)" in text.stdout, f"schema text shows a tuple type: {text.stdout}")
    lint = run("validate", REAL_SCHEMAS, "json")
    check(lint.returncode == 0 and json.loads(lint.stdout)["is_valid"], f"validate the g2 schema: {lint.stdout[:400]}")

    # A struct field of the wrong type: every Insert's column is reported, with the expected type.
    def wrong_field(schemas):
        schemas[0]["type_definitions"]["TestCustomType"]["Struct"]["fields"][0]["field_type"] = "U64"
    wrong = edited_schemas(wrong_field)
    r = run("validate", "--log", logs[0], "--schema", wrong)
    check(r.returncode == 1 and "LOG_COLUMN_TYPE" in r.stdout and "expected struct TestCustomType, found struct TestCustomType" in r.stdout,
          f"a wrong struct field is a column type finding: {r.returncode} {r.stdout}")

    # A Named type that no definition provides: validate's lint names the pointer; --log says so.
    def dangling(schemas):
        schemas[0]["type_definitions"] = {}
    missing = edited_schemas(dangling)
    r = run("validate", missing, "json")
    findings = json.loads(r.stdout)["findings"] if r.stdout.startswith("{") else []
    check(r.returncode == 1 and any(f["rule"] == "UNKNOWN_TYPE_NAME" and f["pointer"] == "/0/tables/0/fields/1/field_type/Named"
                                    for f in findings), f"dangling Named: {r.stdout[:600]}")
    r = run("validate", "--log", logs[0], "--schema", missing)
    check(r.returncode == 1 and "not in the schema's type_definitions" in r.stdout, f"--log with a dangling Named: {r.stdout}")

    # Lint rules of type definitions: duplicate fields, an empty enum, a name that differs from its key.
    def broken_definitions(schemas):
        types = schemas[0]["type_definitions"]
        types["TestCustomType"]["Struct"]["fields"].append({"name": "val", "field_type": "U32"})
        types["Mood"]["Enum"]["variants"] = []
        types["Mood"]["Enum"]["name"] = "Feeling"
    broken = edited_schemas(broken_definitions)
    r = run("validate", broken, "json")
    rules = sorted(f["rule"] for f in json.loads(r.stdout)["findings"]) if r.stdout.startswith("{") else []
    check(r.returncode == 1 and {"DUPLICATE_FIELD", "EMPTY_ENUM", "TYPE_NAME_MISMATCH"} <= set(rules),
          f"type definition rules: {rules}")

    # Structural errors in a type carry the JSON pointer.
    def bad_tuple(schemas):
        schemas[0]["tables"][0]["fields"][0]["field_type"] = {"Tuple": "U32"}
    r = run("schema", edited_schemas(bad_tuple))
    check(r.returncode == 2 and "/0/tables/0/fields/0/field_type/Tuple" in r.stderr and "expected an array" in r.stderr,
          f"a tuple that is not a list: {r.stderr}")

    # sqlite keeps Struct columns as JSON in the state table.
    db = private_dir() / "real.db"
    r = run("log-export", logs[0], "--to", "sqlite", "--out", db, "--schema", REAL_SCHEMAS)
    check(r.returncode == 0, f"sqlite export with a g2 schema: {r.stderr}")
    import sqlite3
    with sqlite3.connect(db) as connection:
        custom = connection.execute("SELECT custom FROM hello__greetings").fetchall()
    check(custom and json.loads(custom[0][0]) == {"Struct": {"name": "TestCustomType", "fields": [{"name": "val", "value": {"U32": 0}}]}},
          f"the Struct column holds the value's JSON: {custom}")
