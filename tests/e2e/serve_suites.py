"""End-to-end suites for `interstice serve`: the installed host serving the fixtures on a free
loopback port. e2e_serve_http speaks HTTP to it (every route and JSON twin against the CLI, the
error statuses, the security rules, Ctrl-C); e2e_serve_browser drives the page in Debian's headless
Chromium (tests/e2e/serve_browser.py, run with /usr/bin/python3 for python3-selenium)."""
import http.client
import json
import os
import signal
import subprocess
import time
from pathlib import Path

from common import HOME, HOST, SHARED, STAGE, check, private_dir, run

LOG = SHARED / "fixtures" / "v1" / "logs" / "small.log"
SCHEMA_OLD = SHARED / "fixtures" / "v1" / "schemas" / "chat.json"
SCHEMA_NEW = SHARED / "fixtures" / "v1" / "schemas" / "chat.v2.json"
DEBIAN_PYTHON = "/usr/bin/python3"  # has Debian's python3-selenium


class Server:
    """`interstice serve FILES... --port 0` in the background; its URL from the first stdout line."""

    def __init__(self, *args):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(HOME), "LANG": "C.UTF-8"}
        self.proc = subprocess.Popen([str(HOST), "serve", *map(str, args), "--port", "0"], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
        self.url = self.proc.stdout.readline().strip()
        check(self.url.startswith("http://127.0.0.1:"), f"serve printed {self.url!r}; stderr: {self.stderr_now()}")
        self.port = int(self.url.split(":")[2].split("/")[0]) if self.url.startswith("http://") else 0

    def stderr_now(self):
        if self.proc.poll() is None:
            return ""
        return self.proc.stderr.read()

    def request(self, method, path, headers=None, host=None, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", f"127.0.0.1:{self.port}" if host is None else host)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.endheaders(body)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def get_json(self, path):
        status, headers, body = self.request("GET", path)
        check(status == 200 and headers.get("Content-Type") == "application/json", f"GET {path}: {status} {body[:300]!r}")
        return json.loads(body) if status == 200 else None, headers

    def stop(self, sig=signal.SIGINT):
        self.proc.send_signal(sig)
        try:
            out, err = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            check(False, f"serve did not stop on signal {sig}")
        return self.proc.returncode, out, err


def cli_json(*args):
    result = run(*args, "--format", "json")
    check(result.returncode in (0, 1), f"interstice {args}: exit {result.returncode}: {result.stderr}")
    return json.loads(result.stdout)


def make_trace(work):
    trace = work / "run.trace.json"
    result = run("--trace", trace, "log-inspect", LOG)
    check(result.returncode == 0, f"making a trace: {result.stderr}")
    return trace


def suite_serve_http():
    """Every route and JSON twin (equal to the CLI's JSON), 400/404/405/413/421, HEAD, the token,
    and a clean stop on SIGINT and SIGTERM."""
    work = private_dir()
    trace = make_trace(work)
    server = Server(LOG, SCHEMA_OLD, SCHEMA_NEW, trace)
    try:
        index, _ = server.get_json("/index.json")
        check([f["path"] for f in index["logs"]] == [str(LOG)] and len(index["schemas"]) == 2 and len(index["traces"]) == 1,
              f"files sorted by content: {index}")

        # The page's routes: the embedded HTML, with the security headers and no CORS.
        for path in ("/", "/index.html", "/log/0", "/log/0?from=1735689600000&to=1735693200000", "/log/0/records?module=chat",
                     "/log/0/record/5", "/log/0/state?at=3", "/log/0/state?at=3&from=200&table=chat.users", "/schema/0",
                     "/schema-diff?old=0&new=1", "/trace/0"):
            status, headers, body = server.request("GET", path)
            check(status == 200 and headers["Content-Type"].startswith("text/html") and b"/app.js" in body, f"GET {path}: {status}")
            check("default-src 'none'" in headers.get("Content-Security-Policy", ""), f"{path}: CSP {headers}")
            check(not any(h.lower().startswith("access-control-") for h in headers), f"{path}: CORS headers {headers}")
        for path, kind in (("/app.js", "text/javascript"), ("/style.css", "text/css")):
            status, headers, body = server.request("GET", path)
            check(status == 200 and headers["Content-Type"].startswith(kind) and len(body) > 500, f"GET {path}: {status}")
        status, headers, body = server.request("HEAD", "/app.js")
        check(status == 200 and body == b"" and int(headers["Content-Length"]) > 500, f"HEAD /app.js: {status} {headers}")

        # JSON twins: the same JSON as the CLI command.
        twins = [
            ("/log/0.json", ["log-inspect", LOG, "--keep-going"]),
            ("/log/0/records.json?module=chat&op=update&limit=7", ["log-query", LOG, "--module", "chat", "--op", "update", "--limit", "7"]),
            ("/log/0/records.json?table=players&start=10&end=500", ["log-query", LOG, "--table", "players", "--start", "10", "--end", "500", "--limit", "100"]),
            ("/log/0/record/5.json", ["log-query", LOG, "--start", "5", "--end", "6"]),
            ("/log/0/state.json?at=300", ["determinism", LOG, "--at", "300"]),
            ("/log/0/state.json?at=300&table=chat.users", ["determinism", LOG, "--at", "300", "--table", "chat.users"]),
            ("/log/0/diff.json?from=100&to=200", ["determinism", LOG, "--diff", "100", "200"]),
            ("/schema/0.json", ["schema", SCHEMA_OLD]),
            ("/schema/1/validate.json", ["validate", SCHEMA_NEW]),
            ("/schema-diff.json?old=0&new=1", ["schema-diff", SCHEMA_OLD, SCHEMA_NEW]),
            ("/trace/0.json", ["trace", "summary", trace]),
        ]
        for path, args in twins:
            got, _ = server.get_json(path)
            check(got == cli_json(*args), f"{path} differs from interstice {' '.join(map(str, args))}")
        status, _, body = server.request("GET", "/log/0/state.json?at=300")
        check(body.decode() == run("determinism", LOG, "--at", "300", "--format", "json").stdout, "state.json is byte for byte the CLI's")
        spans, _ = server.get_json("/trace/0/spans.json")
        run("trace", "export", trace, "--to", "native", "--out", work / "native.json")
        check(spans == json.loads((work / "native.json").read_text()), "spans.json is trace export --to native")

        # Keyset pagination: a Link to ?after=LAST; the pages join up to the whole selection.
        seen, path = [], "/log/0/records.json?module=game&limit=50"
        while path:
            page, headers = server.get_json(path)
            seen += [t["index"] for t in page["transactions"]]
            link = headers.get("Link")
            path = link[1:link.index(">")] if link else None
            check(not link or "after=" in link, f"Link header {link}")
        everything = cli_json("log-query", LOG, "--module", "game")
        check(seen == [t["index"] for t in everything["transactions"]], f"pages give {len(seen)} records, the CLI {everything['filtered_count']}")

        histogram, _ = server.get_json("/log/0/histogram.json?buckets=20")
        check(len(histogram["buckets"]) == 20 and sum(b["records"] for b in histogram["buckets"]) + histogram["untimed"] == 1000,
              f"histogram counts every record: {histogram}")
        zoomed, _ = server.get_json(f"/log/0/histogram.json?from={histogram['buckets'][0]['start']}&to={histogram['buckets'][0]['end']}")
        check(sum(b["records"] for b in zoomed["buckets"]) == histogram["buckets"][0]["records"], "zoomed histogram = the bar it zooms into")

        # Downloads stream log-export's output.
        for exporter in ("csv", "ndjson"):
            status, headers, body = server.request("GET", f"/log/0/export.{exporter}?module=hello")
            run("log-export", LOG, "--to", exporter, "--out", work / f"x.{exporter}", "--module", "hello")
            check(status == 200 and body == (work / f"x.{exporter}").read_bytes() and "attachment" in headers.get("Content-Disposition", ""),
                  f"export.{exporter}: {status} {headers}")

        # Bad parameters: 400 with a message.
        for path, words in (("/log/0/records.json?limit=abc", "limit"), ("/log/0/records.json?limit=0", "limit"),
                            ("/log/0/records.json?bogus=1", "unknown parameter 'bogus'"), ("/log/0/records.json?op=explode", "op"),
                            ("/log/0/records.json?after=-1", "after"), ("/log/0/records.json?module=a&module=b", "more than once"),
                            ("/log/0/records.json?since=yesterday", "yesterday"), ("/log/0/state.json", "'at'"),
                            ("/log/0/state.json?at=1x", "at"), ("/log/0/state.json?at=999999", "past the end"),
                            ("/log/0/diff.json?from=5&to=2", "after the first"), ("/log/0/histogram.json?buckets=0", "buckets"),
                            ("/log/0/records.json?module=%ZZ", "percent"), ("/schema-diff.json?old=0", "'new'")):
            status, headers, body = server.request("GET", path)
            error = json.loads(body).get("error", "") if headers.get("Content-Type") == "application/json" else ""
            check(status == 400 and words in error, f"GET {path}: {status} {body[:200]!r}")

        # Nothing maps to a path: traversal attempts and unknown ids are 404s.
        for path in ("/../../etc/passwd", "/log/0/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/app.js/../../etc/passwd",
                     "/log/0%2F..%2F..%2Fetc%2Fpasswd", "/etc/passwd", "/log/9.json", "/schema/7.json", "/trace/3/spans.json",
                     "/log/0/record/5000.json", "/index.html/", "//etc/passwd", "/assets/app.js"):
            status, _, body = server.request("GET", path)
            check(status == 404 and b"root:" not in body, f"GET {path}: {status}")

        # Wrong Host (DNS rebinding) → 421; other methods → 405; a huge request → 413.
        for host in ("evil.example", f"evil.example:{server.port}", "127.0.0.1:1", ""):
            status, _, _ = server.request("GET", "/index.json", host=host)
            check(status == 421, f"Host {host!r}: {status}")
        status, _, _ = server.request("GET", "/index.json", host=f"localhost:{server.port}")
        check(status == 200, f"Host localhost: {status}")
        for method in ("POST", "PUT", "DELETE", "OPTIONS", "PATCH"):
            status, _, _ = server.request(method, "/index.json", headers={"Content-Length": "0"})
            check(status == 405, f"{method}: {status}")
        for method in ("POST", "PUT"):  # with a body: the method is refused, not the body's size
            status, _, _ = server.request(method, "/index.json", headers={"Content-Length": "3"}, body=b"abc")
            check(status == 405, f"{method} with a body: {status}")
        status, _, _ = server.request("GET", "/index.json", headers={"X-Padding": "x" * 20000})
        check(status == 413, f"a 20 kB header: {status}")
        status, _, _ = server.request("GET", "/" + "a" * 20000)
        check(status == 413, f"a 20 kB target: {status}")
    finally:
        code, out, err = server.stop(signal.SIGINT)
    check(code == 0 and out.strip().endswith("requests"), f"SIGINT: exit {code}, stdout {out!r}, stderr {err[-500:]!r}")

    # --token: refused without it, accepted with it (then by its cookie).
    server = Server(LOG, "--token", "s3cret")
    try:
        check(server.url.endswith("/?token=s3cret"), f"token URL {server.url}")
        status, _, _ = server.request("GET", "/index.json")
        check(status == 403, f"no token: {status}")
        status, headers, _ = server.request("GET", "/index.json?token=s3cret")
        check(status == 200 and "interstice_token=s3cret" in headers.get("Set-Cookie", ""), f"token: {status} {headers}")
        status, _, _ = server.request("GET", "/log/0.json", headers={"Cookie": "interstice_token=s3cret"})
        check(status == 200, f"token cookie: {status}")
        status, _, _ = server.request("GET", "/index.json?token=wrong")
        check(status == 403, f"wrong token: {status}")
    finally:
        code, _, err = server.stop(signal.SIGTERM)
    check(code == 0, f"SIGTERM: exit {code}: {err[-300:]}")

    r = run("serve", work / "missing.log", "--port", "0")
    check(r.returncode == 2 and "missing.log" in r.stderr, f"missing file: {r.returncode} {r.stderr!r}")

    # Another --host than loopback: served, with a warning on stderr; its Host header is the one accepted.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(HOME), "LANG": "C.UTF-8"}
    proc = subprocess.Popen([str(HOST), "serve", LOG, "--host", "0.0.0.0", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    url = proc.stdout.readline().strip()
    port = int(url.split(":")[2].split("/")[0]) if url.startswith("http://0.0.0.0:") else 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", "/index.json", skip_host=True)
    connection.putheader("Host", f"0.0.0.0:{port}")
    connection.endheaders()
    status = connection.getresponse().status if port else 0
    connection.close()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    check(port and status == 200 and "not a loopback address" in err, f"--host 0.0.0.0: {url!r} {status} {err[-300:]!r}")


def suite_serve_growing_log():
    """A log that grows while it is served shows its new records on the next request (every view
    reads the log again), and the schemas named with --schema reach the log views as they reach the
    log commands; an array-of-schemas file is served as schemas."""
    work = private_dir()
    log = work / "growing.log"
    log.write_bytes(LOG.read_bytes())
    schemas = SHARED / "fixtures" / "v1" / "logs" / "small.log.schemas.json"
    server = Server(log, "--schema", schemas)
    try:
        index, _ = server.get_json("/index.json")
        check(len(index["logs"]) == 1 and [f["path"] for f in index["schemas"]] == [str(schemas)], f"files: {index}")
        overview, _ = server.get_json("/log/0.json")
        check(overview == cli_json("log-inspect", log, "--schema", schemas, "--keep-going"), "overview = log-inspect --schema")
        state, _ = server.get_json("/log/0/state.json?at=999&table=game.players")
        check(state == cli_json("determinism", log, "--at", "999", "--table", "game.players", "--schema", schemas),
              "state = determinism --at --schema")
        # Ten more records: the first ten of the log again, appended as a writer would.
        records = cli_json("log-query", LOG, "--start", "0", "--end", "11")["transactions"]
        data = LOG.read_bytes()
        with open(log, "ab") as out:
            out.write(data[records[0]["offset"]:records[10]["offset"]])
        overview, _ = server.get_json("/log/0.json")
        check(overview["transaction_count"] == 1010, f"after the append: {overview['transaction_count']} records")
        page, _ = server.get_json("/log/0/records.json?after=995")
        check([t["index"] for t in page["transactions"]] == list(range(996, 1010)), "records after 995 include the new ones")
        state, _ = server.get_json("/log/0/state.json?at=1009")
        check(state == cli_json("determinism", log, "--at", "1009", "--schema", schemas), "state at a new record = the CLI's")
    finally:
        server.stop()
    # A schemas array given as a plain file is a schema too.
    server = Server(LOG, schemas)
    try:
        index, _ = server.get_json("/index.json")
        check(len(index["logs"]) == 1 and len(index["schemas"]) == 1, f"an array of schemas is a schema: {index}")
    finally:
        server.stop()


def suite_serve_browser():
    """The page in headless Chromium: no console errors, filters change the URL and the rows, the
    histogram and the flame graph draw, the state view at N shows the CLI's live rows at N."""
    work = private_dir()
    trace = make_trace(work)
    shots = STAGE.parent / "serve-screenshots"
    shots.mkdir(exist_ok=True)
    at, compared = 400, 250
    expected_state = cli_json("determinism", LOG, "--at", str(at), "--table", "game.players")
    expected_filter = cli_json("log-query", LOG, "--module", "payments", "--op", "delete", "--limit", "100")
    expected_diff = cli_json("determinism", LOG, "--diff", str(compared), str(at), "--table", "game.players")
    damaged = SHARED / "fixtures" / "v1" / "corrupt" / "small.badtype.log"
    damage = cli_json("log-inspect", damaged, "--keep-going")["first_error"]
    server = Server(LOG, damaged, SCHEMA_OLD, SCHEMA_NEW, trace)
    try:
        r = subprocess.run([DEBIAN_PYTHON, str(Path(__file__).parent / "serve_browser.py"), server.url, str(shots), str(at),
                            str(compared)],
                           capture_output=True, text=True, timeout=500, env={**os.environ, "HOME": str(HOME)})
    finally:
        server.stop()
    check(r.returncode == 0, f"serve_browser.py: exit {r.returncode}: {r.stderr[-3000:]}")
    if r.returncode != 0:
        return
    seen = json.loads(r.stdout)
    check(seen["console_errors"] == [], f"console errors: {seen['console_errors']}")
    check(seen["page_errors"] == {}, f"views that showed an error: {seen['page_errors']}")
    check("module=payments" in seen["filtered_url"] and "op=delete" in seen["filtered_url"], f"URL after filtering: {seen['filtered_url']}")
    check(seen["filtered_indexes"] == [t["index"] for t in expected_filter["transactions"]],
          f"filtered rows {seen['filtered_indexes'][:10]}... != the CLI's")
    check(seen["histogram_variance"] > 10, f"histogram looks blank: variance {seen['histogram_variance']}")
    check(seen["flame_variance"] > 10, f"flame graph looks blank: variance {seen['flame_variance']}")
    want = [[f"{row['module_id']}.{row['table_name']}", json.dumps(row["primary_key"], separators=(",", ":"), ensure_ascii=False)]
            for row in expected_state["rows"]]
    check(seen["state_rows"] == want, f"state at {at}: the page shows {seen['state_rows'][:3]}..., the CLI {want[:3]}...")
    check(seen["state_after_step"] == at + 1, f"the arrow key steps to {at + 1}: {seen['state_after_step']}")
    # The histogram: a drag zooms (the URL keeps the stretch, the view draws it), a click lists a bar's records.
    check("from=" in seen["zoom_url"] and "to=" in seen["zoom_url"] and not seen["zoom_error"] and seen["zoom_variance"] > 10,
          f"drag to zoom: {seen['zoom_url']} {seen['zoom_error']} variance {seen['zoom_variance']}")
    check("since=" in seen["bar_url"] and "until=" in seen["bar_url"] and seen["bar_rows"] > 0,
          f"click a bar: {seen['bar_url']}, {seen['bar_rows']} rows")
    # Compared with an earlier record: exactly what determinism --diff reports.
    changes = expected_diff["changes"]
    count = lambda kind: sum(1 for c in changes if c["change"] == kind)
    deleted = [json.dumps(c["primary_key"], separators=(",", ":"), ensure_ascii=False) for c in changes if c["change"] == "deleted"]
    got = seen["state_compare"]
    check(got["inserted"] == count("inserted") and got["changed"] == count("updated") and got["deleted"] == deleted
          and got["from_field"] == str(compared) and changes,
          f"state at {at} compared with {compared}: page {got}, CLI {count('inserted')} inserted, {count('updated')} updated, "
          f"{len(deleted)} deleted")
    check(f"record {damage['index']} at byte {damage['offset']}" in seen["damage_text"],
          f"the damaged log's overview names its first damage: {seen['damage_text']!r}")
    for name in ("overview", "overview-zoomed", "records", "record", "state", "state-compare", "overview-damaged", "schema",
                 "schema-diff", "trace"):
        check((shots / f"{name}.png").is_file(), f"no screenshot {name}.png")
