"""scripts/new-plugin and scripts/check-plugin-shape: a generated plugin folder is in shape, its
source builds against the installed SDK and works in the installed host, and the shape check
fails on a folder with a file missing."""
import shutil
import subprocess

from common import *  # noqa: F401,F403
from common import check, run
from exporter_suites import build_out_of_tree, install_plugin

NEW_PLUGIN = REPO / "scripts" / "new-plugin"
SHAPE = REPO / "scripts" / "check-plugin-shape"

# kind: (folder, source name, .so name)
GENERATED = {
    "exporter": ("formats/export/foo-bar", "foo_bar_exporter.cpp", "exporter-foo-bar.so"),
    "output-format": ("formats/output/foo-bar", "foo_bar_format.cpp", "output-format-foo-bar.so"),
    "command": ("plugins/foo-bar", "foo_bar_command.cpp", "command-foo-bar.so"),
    "trace-format": ("formats/trace/foo-bar", "foo_bar_format.cpp", "trace-format-foo-bar.so"),
}


def scratch_repo():
    """A repository with no plugins yet: the top CMakeLists.txt and the unit test folder."""
    root = private_dir()
    (root / "tests" / "unit").mkdir(parents=True)
    (root / "CMakeLists.txt").write_text("add_subdirectory(sdk)\nadd_subdirectory(plugins/schema)\ninclude(CTest)\n")
    return root


def shape(root):
    return subprocess.run([sys.executable, SHAPE, root], capture_output=True, text=True, timeout=60)


def build_generated(root, kind):
    folder, source, so_name = GENERATED[kind]
    project = private_dir()
    shutil.copy(root / folder / source, project / source)
    plugin_kind = kind if kind != "output-format" else "output-format"
    (project / "CMakeLists.txt").write_text(
        "cmake_minimum_required(VERSION 3.25)\nproject(generated LANGUAGES CXX)\n"
        "find_package(IntersticeSdk REQUIRED)\n"
        f"interstice_add_plugin(foo-bar KIND {plugin_kind} SOURCES {source})\n"
        "target_compile_definitions(${INTERSTICE_PLUGIN_TARGET} PRIVATE INTERSTICE_PLUGIN_VERSION=\"0.0.1\")\n")
    build = build_out_of_tree(project, private_dir())
    plugins = private_dir()
    install_plugin(build / so_name, plugins)
    return plugins


def suite_new_plugin():
    """Each kind new-plugin makes: in shape, builds, runs; a folder without README.md fails the check."""
    real = shape(REPO)
    check(real.returncode == 0, f"the repository's own plugin folders: {real.stderr}")
    small_log = SHARED / "fixtures" / "v1" / "logs" / "small.log"
    for kind, (folder, source, _) in GENERATED.items():
        root = scratch_repo()
        r = subprocess.run([sys.executable, NEW_PLUGIN, kind, "foo-bar", "--root", root], capture_output=True, text=True, timeout=60)
        check(r.returncode == 0, f"new-plugin {kind}: exit {r.returncode}: {r.stderr}")
        cmake = (root / "CMakeLists.txt").read_text()
        check(f"add_subdirectory({folder})\ninclude(CTest)" in cmake, f"new-plugin {kind}: add_subdirectory line after the plugins: {cmake}")
        r = shape(root)
        check(r.returncode == 0, f"new-plugin {kind}: generated folder is not in shape: {r.stderr}")
        plugins = build_generated(root, kind)
        env = {"INTERSTICE_PLUGIN_PATH": str(plugins)}
        if kind == "exporter":
            out = private_dir() / "records.txt"
            r = run("log-export", small_log, "--to", "foo-bar", "--out", out, env=env)
            check(r.returncode == 0, f"log-export --to foo-bar: exit {r.returncode}: {r.stderr}")
            lines = out.read_text().splitlines() if out.exists() else []
            check(len(lines) == 1000 and lines[0].split(" ")[0] == "0" and lines[-1].split(" ")[0] == "999",
                  f"log-export --to foo-bar: {len(lines)} lines, first {lines[:1]}")
        elif kind == "trace-format":
            trace = private_dir() / "t.json"
            trace.write_text(json.dumps({"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "root_name": "r", "start_time_us": 10,
                                         "end_time_us": 20, "total_duration_us": 10, "spans": [
                                             {"span_id": "00000000000000a1", "name": "work", "start_time_us": 12, "duration_us": 5}]}))
            r = run("trace", "export", trace, "--to", "foo-bar", "--out", "-", env=env)
            check(r.returncode == 0 and r.stdout == "2 5 work\n", f"trace export --to foo-bar: {r.returncode} {r.stdout!r} {r.stderr}")
        elif kind == "output-format":
            r = run("schema", REPO / "examples" / "hello.json", "--format", "foo-bar", env=env)
            check(r.returncode == 0 and '/module_name = "hello"' in r.stdout, f"schema --format foo-bar: {r.returncode} {r.stdout} {r.stderr}")
        else:
            sample = private_dir() / "sample.txt"
            sample.write_text("a\nb\nc\n")
            r = run("foo-bar", sample, "json", env=env)
            check(r.returncode == 0 and json.loads(r.stdout) == {"path": str(sample), "lines": 3, "bytes": 6},
                  f"foo-bar: {r.returncode} {r.stdout} {r.stderr}")
        # The shape check names what is missing.
        (root / folder / "README.md").unlink()
        r = shape(root)
        check(r.returncode == 1 and f"{folder}: no README.md" in r.stderr, f"shape check without README.md: {r.returncode} {r.stderr}")
    r = subprocess.run([sys.executable, NEW_PLUGIN, "exporter", "Not_Kebab", "--root", scratch_repo()], capture_output=True, text=True)
    check(r.returncode != 0 and "kebab-case" in r.stderr, f"new-plugin with a bad id: {r.stderr}")
