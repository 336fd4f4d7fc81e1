#!/usr/bin/env python3
"""Generates and checks the manifest of the plugin boundary (sdk/abi/manifest.txt).

Why: kAbiVersion must be bumped whenever a virtual function, a field of a type that crosses the
plugin boundary, or the descriptor changes. Nothing checked that rule by hand, so this script
writes down the boundary as clang sees it, the manifest is checked in, and a CTest test
(`abi_manifest`) fails when the headers no longer match it and kAbiVersion was not bumped.

What is in the manifest (x86-64 Linux, Itanium C++ ABI, libstdc++ and Boost from /usr/include):
- line 1: the kAbiVersion of sdk/include/interstice/sdk/abi.hpp it was made for;
- every class, struct and union defined in namespace interstice::sdk (nested ones too) in a
  header directly in sdk/include/interstice/sdk/ or in its detail/ (util/ holds helpers outside
  the ABI promise): sizeof, alignof, whether it is passed in registers, its bases with offsets,
  each non-static data member with its offset and type, and for polymorphic classes the whole
  vtable in slot order (clang's own vtable layout) with each slot's signature, pure, noexcept,
  whether it is new in this class, overrides a base's slot or is inherited, and its mangled name;
- every enum defined there: the underlying type and each enumerator's value.
PluginDescriptor is one of those structs.

Not in it: class templates and their instantiations (ScratchBuffer<N>, JsonLiteral<N>, ...) have
no layout of their own; member function templates, free functions, static members and anything
outside namespace interstice::sdk are not part of the boundary's layout. Types are spelled as
written in the headers (plus the canonical type where it differs), so renaming an alias shows up
as a change too: regenerate and bump when in doubt.

How: clang++ (clang-16) parses one generated translation unit that includes every header
(-ast-dump=json for declarations), then compiles a second one that forces every record's layout
and every vtable (-fdump-record-layouts, -fdump-vtable-layouts) and evaluates the enums' values
into named constants read back from the LLVM IR. Output is sorted and has no paths, so it is the
same in every checkout. Python 3 standard library only.

A change to this script's output format (not to the headers) needs no bump: write the new
manifest with `generate -o sdk/abi/manifest.txt`, since `update` refuses any change without one.

Usage:
  abi_manifest.py generate --include DIR [-o FILE]
  abi_manifest.py check    --include DIR --manifest FILE [--out FILE]
  abi_manifest.py update   --include DIR --manifest FILE
"""

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

NAMESPACE = "interstice::sdk"
SDK_SUBDIR = os.path.join("interstice", "sdk")
BUMP_MESSAGE = "the plugin boundary changed: bump kAbiVersion in sdk/include/interstice/sdk/abi.hpp first"


class ManifestError(Exception):
    pass


def find_clang():
    for name in (os.environ.get("INTERSTICE_CLANG"), "clang++-16", "clang++"):
        if name and shutil.which(name):
            return name
    raise ManifestError("clang++-16 not found: run scripts/install-deps (Debian package clang-16)")


def abi_version_of(include_dir):
    path = os.path.join(include_dir, SDK_SUBDIR, "abi.hpp")
    with open(path, encoding="utf-8") as f:
        match = re.search(r"kAbiVersion = ([0-9]+)", f.read())
    if not match:
        raise ManifestError(f"no 'kAbiVersion = N' in {path}")
    return int(match.group(1))


def boundary_headers(include_dir):
    """The headers directly in interstice/sdk/ and in its detail/ (the contract's inline
    definitions and the descriptor), sorted; util/ is outside the ABI promise."""
    folder = os.path.join(include_dir, SDK_SUBDIR)
    names = [name for name in os.listdir(folder)
             if name.endswith(".hpp") and os.path.isfile(os.path.join(folder, name))]
    detail = os.path.join(folder, "detail")
    if os.path.isdir(detail):
        names += ["detail/" + name for name in os.listdir(detail) if name.endswith(".hpp")]
    return sorted(names)


def run_clang(args, cwd):
    result = subprocess.run([find_clang()] + args, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise ManifestError("clang failed:\n" + result.stderr[-4000:])
    return result.stdout


def clang_base_args(include_dir):
    return ["-std=c++20", "-x", "c++", "-I", os.path.abspath(include_dir), "-Wno-everything"]


# ---- pass 1: declarations from the JSON AST -------------------------------------------------

def parse_json_stream(text):
    decoder, pos, objects = json.JSONDecoder(), 0, []
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return objects
        obj, pos = decoder.raw_decode(text, pos)
        objects.append(obj)


class FileTracker:
    """clang's JSON prints a location's file only when it differs from the previous location it
    printed, so the file of a declaration is found by walking the dump in print order."""

    def __init__(self):
        self.file = None

    def location(self, loc):
        if not isinstance(loc, dict):
            return
        if "spellingLoc" in loc or "expansionLoc" in loc:
            self.location(loc.get("spellingLoc"))
            self.location(loc.get("expansionLoc"))
            return
        if "file" in loc:
            self.file = loc["file"]

    def node(self, node):
        """Updates the state for node's own loc and range; returns the file of its loc."""
        self.location(node.get("loc"))
        own = self.file
        rng = node.get("range") or {}
        self.location(rng.get("begin"))
        self.location(rng.get("end"))
        return own

    def skip(self, node):
        """Walks a subtree only to keep the state right."""
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("loc",):
                    self.location(value)
                elif key == "range":
                    self.location(value.get("begin"))
                    self.location(value.get("end"))
                elif isinstance(value, (dict, list)) and key != "includedFrom":
                    self.skip(value)
        elif isinstance(node, list):
            for item in node:
                self.skip(item)


def type_text(type_obj):
    text = type_obj.get("qualType", "?")
    canonical = type_obj.get("desugaredQualType")
    return f"{text} [{canonical}]" if canonical and canonical != text else text


def collect_declarations(ast_objects, header_paths):
    """Records and enums of namespace interstice::sdk defined in header_paths."""
    tracker, records, enums = FileTracker(), {}, {}

    def visit(node, scope, in_sdk):
        kind = node.get("kind")
        file = tracker.node(node)
        name = node.get("name")
        if kind == "NamespaceDecl":
            inner_scope = scope + [name or "(anonymous)"]
            for child in node.get("inner", []):
                visit(child, inner_scope, inner_scope[:2] == NAMESPACE.split("::"))
            return
        if kind == "LinkageSpecDecl":
            for child in node.get("inner", []):
                visit(child, scope, in_sdk)
            return
        wanted = in_sdk and file in header_paths and name
        if kind == "CXXRecordDecl" and not node.get("isImplicit") and node.get("completeDefinition"):
            qualified = "::".join(scope + [name or "(anonymous)"])
            inner_scope = scope + [name or "(anonymous)"]
            fields, methods = [], []
            if wanted:
                records[qualified] = {"node": node, "header": file.split(SDK_SUBDIR + os.sep, 1)[-1], "fields": fields,
                                      "methods": methods}
            for child in node.get("inner", []):
                child_kind = child.get("kind")
                if child_kind in ("CXXRecordDecl", "EnumDecl"):
                    visit(child, inner_scope, in_sdk and bool(name))
                    continue
                tracker.node(child)
                if child_kind == "FieldDecl":
                    fields.append(child)
                elif child_kind in ("CXXMethodDecl", "CXXDestructorDecl"):
                    methods.append(child)
                tracker.skip(child.get("inner", []))
            return
        if kind == "EnumDecl" and wanted:
            qualified = "::".join(scope + [name])
            enums[qualified] = {"node": node, "header": file.split(SDK_SUBDIR + os.sep, 1)[-1]}
        tracker.skip(node.get("inner", []))

    for obj in ast_objects:
        visit(obj, [], False)
    return records, enums


# ---- pass 2: layouts, vtables and enum values from a probe translation unit ------------------

def base_name(base):
    return base["type"].get("desugaredQualType", base["type"]["qualType"])


def probe_source(headers, records, enums):
    lines = [f'#include "interstice/sdk/{h}"' for h in headers]
    lines += ["#include <type_traits>",
              "template <class T> struct AbiLayoutProbe { static constexpr auto size = sizeof(T); };",
              "template <class T> struct AbiVtableProbe { static void probe(T* p) { p->~T(); } };"]
    polymorphic = set()
    for name, rec in sorted(records.items()):
        lines.append(f"template struct AbiLayoutProbe<{name}>;")
        if rec["node"].get("definitionData", {}).get("isPolymorphic"):
            polymorphic.add(name)
            # the primary base's vtable too (e.g. std::runtime_error), to tell overrides from new slots
            polymorphic.update(base_name(b) for b in rec["node"].get("bases", [])[:1])
    lines += [f"template struct AbiVtableProbe<{name}>;" for name in sorted(polymorphic)]
    for i, (name, enum) in enumerate(sorted(enums.items())):
        lines.append(f"using abi_enum_{i}_u = std::underlying_type_t<{name}>;")
        lines.append(f'extern "C" const unsigned abi_enum_{i}_size = sizeof(abi_enum_{i}_u);')
        lines.append(f'extern "C" const bool abi_enum_{i}_signed = std::is_signed_v<abi_enum_{i}_u>;')
        for j, constant in enumerate(c for c in enum["node"].get("inner", []) if c.get("kind") == "EnumConstantDecl"):
            lines.append(f'extern "C" const abi_enum_{i}_u abi_enum_{i}_{j} = '
                         f'static_cast<abi_enum_{i}_u>({name}::{constant["name"]});')
    return "\n".join(lines) + "\n"


def parse_record_layouts(dump):
    """{record name: {"size", "align", "entries": [(offset, text)]}} for the top-level entries."""
    layouts = {}
    for block in dump.split("*** Dumping AST Record Layout")[1:]:
        rows = [line for line in block.splitlines() if "|" in line]
        head = re.match(r"\s*0 \| (?:class|struct|union) (\S.*)$", rows[0])
        if not head:
            continue
        name, entries = head.group(1).strip().removesuffix(" (empty)"), []
        for row in rows[1:]:
            offset, _, text = row.partition("|")
            # " class X" heads the block; its own bases and members are indented by two more.
            if text.startswith("   ") and not text.startswith("    ") and offset.strip():
                entries.append((offset.strip(), text[3:].rstrip()))
        stats = " ".join(r.partition("|")[2].strip() for r in rows if "sizeof=" in r or "nvalign=" in r)
        size_m, align_m = re.search(r"sizeof=(\d+)", stats), re.search(r"\balign=(\d+)", stats)
        if name not in layouts and size_m and align_m:
            layouts[name] = {"size": int(size_m.group(1)), "align": int(align_m.group(1)), "entries": entries}
    return layouts


def parse_vtables(dump):
    """{class name: [(slot, text)]} from 'Vtable for' blocks."""
    vtables = {}
    for block in re.split(r"\n(?=Vtable for ')", "\n" + dump):
        head = re.match(r"\s*Vtable for '([^']+)'", block)
        if not head or head.group(1) in vtables:
            continue
        slots = []
        for line in block.splitlines()[1:]:
            if not line.strip():
                break
            match = re.match(r"\s*(\d+) \| (.*)$", line)
            if match:
                slots.append((int(match.group(1)), match.group(2).rstrip()))
        vtables[head.group(1)] = slots
    return vtables


def parse_ir_constants(ir):
    values = {}
    for match in re.finditer(r"^@(abi_enum_\w+) = (?:dso_local )?constant (i\d+) (-?\d+|true|false)", ir, re.M):
        raw = match.group(3)
        values[match.group(1)] = (int(match.group(2)[1:]), 1 if raw == "true" else 0 if raw == "false" else int(raw))
    return values


# ---- the manifest ----------------------------------------------------------------------------

def method_index(records):
    """(class, method name) -> AST method decls, to annotate vtable slots."""
    index = {}
    for name, rec in records.items():
        for method in rec["methods"]:
            index.setdefault((name, method["name"]), []).append(method)
    return index


def slot_details(slot, slot_text, methods_by_name, owner, base_slot_count):
    """Flags for one vtable slot: declaring class, pure, noexcept, new/override/inherited."""
    if "offset_to_top" in slot_text or slot_text.endswith(" RTTI") or "vcall_offset" in slot_text \
            or "vbase_offset" in slot_text:
        return slot_text
    match = re.search(r"((?:[\w]+::)+)(~?\w+|operator\S+)\(", slot_text)
    if not match:
        return slot_text
    declaring, method = match.group(1)[:-2], match.group(2)
    flags = []
    if slot_text.endswith("[pure]"):
        flags.append("pure")
    candidates = methods_by_name.get((declaring, method), [])
    if method.startswith("~"):
        candidates = []  # destructors are noexcept unless declared otherwise; D0/D1 share a decl
    elif len(candidates) == 1:
        function_type = candidates[0]["type"]["qualType"]
        if re.search(r"\bnoexcept\b|\bthrow\(\)", function_type):
            flags.append("noexcept")
    elif len(candidates) > 1:
        flags.append("overloaded")
    if declaring != owner:
        flags.append("inherited")
    elif slot < base_slot_count:
        flags.append("overrides")  # the slot is in the primary base's vtable too
    else:
        flags.append("new")
    mangled = [m.get("mangledName") for m in candidates if m.get("mangledName")]
    suffix = f" {{{mangled[0]}}}" if len(mangled) == 1 else ""
    return f"{slot_text.removesuffix(' [pure]')} ({', '.join(flags)}){suffix}"


def generate(include_dir):
    include_dir = os.path.abspath(include_dir)
    headers = boundary_headers(include_dir)
    header_paths = {os.path.join(include_dir, SDK_SUBDIR, h) for h in headers}
    with tempfile.TemporaryDirectory(prefix="abi-manifest-") as tmp:
        tu = os.path.join(tmp, "boundary.cpp")
        with open(tu, "w", encoding="utf-8") as f:
            f.write("".join(f'#include "interstice/sdk/{h}"\n' for h in headers))
        ast = run_clang(clang_base_args(include_dir) + ["-fsyntax-only", "-Xclang", "-ast-dump=json",
                                                       "-Xclang", "-ast-dump-filter=interstice", tu], tmp)
        records, enums = collect_declarations(parse_json_stream(ast), header_paths)
        probe = os.path.join(tmp, "probe.cpp")
        with open(probe, "w", encoding="utf-8") as f:
            f.write(probe_source(headers, records, enums))
        ir_path = os.path.join(tmp, "probe.ll")
        dump = run_clang(clang_base_args(include_dir) + ["-S", "-emit-llvm", "-O0", "-o", ir_path,
                                                        "-Xclang", "-fdump-record-layouts",
                                                        "-Xclang", "-fdump-vtable-layouts", probe], tmp)
        with open(ir_path, encoding="utf-8") as f:
            constants = parse_ir_constants(f.read())
    layouts, vtables = parse_record_layouts(dump), parse_vtables(dump)
    return render(abi_version_of(include_dir), records, enums, layouts, vtables, constants, include_dir)


def render(version, records, enums, layouts, vtables, constants, include_dir):
    out = [f"kAbiVersion {version}",
           "# The plugin boundary as clang-16 sees it (x86-64, Itanium ABI). Generated by",
           "# tools/abi/abi_manifest.py; regenerate with scripts/update-abi-manifest, never by hand."]
    methods = method_index(records)
    for name, rec in sorted(records.items()):
        node, layout = rec["node"], layouts.get(name)
        if layout is None:
            raise ManifestError(f"clang computed no layout for {name}")
        data = node.get("definitionData", {})
        traits = [node.get("tagUsed", "class")]
        traits += [word for key, word in (("isPolymorphic", "polymorphic"), ("isAbstract", "abstract"),
                                          ("isStandardLayout", "standard-layout"), ("isTrivial", "trivial"))
                   if data.get(key)]
        # whether a by-value argument may be passed as its bytes (trivial for the purpose of calls)
        traits.append("trivial-for-calls" if data.get("canPassInRegisters") else "non-trivial-for-calls")
        out.append("")
        out.append(f"record {name}  ({rec['header']})")
        out.append(f"  {' '.join(traits)}")
        out.append(f"  sizeof {layout['size']} alignof {layout['align']}")
        fields_by_name = {f.get("name"): f for f in rec["fields"]}
        for offset, text in layout["entries"]:
            text = text.replace(include_dir + "/", "")
            base = re.match(r"(?:class|struct|union) (\S.*) \((primary base|base|virtual base)\)( \(empty\))?$", text)
            if base:
                out.append(f"  base {offset} {base.group(1)} ({base.group(2)}{',' + ' empty' if base.group(3) else ''})")
            elif text.endswith("vtable pointer)"):
                out.append(f"  vptr {offset}")
            else:
                empty = text.endswith(" (empty)")  # e.g. a [[no_unique_address]] member
                text = text.removesuffix(" (empty)")
                field_name = text.rsplit(" ", 1)[-1]
                field = fields_by_name.get(field_name)
                ftype = type_text(field["type"]) if field else text.rsplit(" ", 1)[0]
                out.append(f"  field {offset} {field_name}: {ftype}{' (empty)' if empty else ''}")
        if data.get("isPolymorphic"):
            slots = vtables.get(name)
            if slots is None:
                raise ManifestError(f"clang laid out no vtable for {name}")
            bases = node.get("bases", [])
            primary = base_name(bases[0]) if bases else None
            if sum(1 for b in bases if base_name(b) in vtables) > 1:
                raise ManifestError(f"{name}: more than one polymorphic base (secondary vtables) is not supported")
            base_slot_count = len(vtables.get(primary, [])) if primary else 0
            for slot, text in slots:
                out.append(f"  vtable {slot} {slot_details(slot, text, methods, name, base_slot_count)}")
    for i, (name, enum) in enumerate(sorted(enums.items())):
        node = enum["node"]
        size, signed = constants[f"abi_enum_{i}_size"][1], constants[f"abi_enum_{i}_signed"][1]
        written = type_text(node["fixedUnderlyingType"]) if "fixedUnderlyingType" in node else "not fixed"
        out.append("")
        out.append(f"enum {name}  ({enum['header']})")
        out.append(f"  {'scoped' if node.get('scopedEnumTag') else 'unscoped'}, underlying "
                   f"{'int' if signed else 'uint'}{size * 8} (written: {written})")
        constants_of = [c for c in node.get("inner", []) if c.get("kind") == "EnumConstantDecl"]
        for j, constant in enumerate(constants_of):
            bits, raw = constants[f"abi_enum_{i}_{j}"]
            value = raw if signed or raw >= 0 else raw + (1 << bits)
            out.append(f"  {constant['name']} = {value}")
    return "\n".join(out) + "\n"


# ---- commands --------------------------------------------------------------------------------

def recorded_version(manifest_text):
    match = re.match(r"kAbiVersion (\d+)\n", manifest_text)
    return int(match.group(1)) if match else None


def first_differences(old, new, limit=12):
    diff = [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), "checked-in", "headers",
                                                  n=0, lineterm="") if not line.startswith(("---", "+++", "@@"))]
    shown = "\n".join(diff[:limit])
    return shown + (f"\n... and {len(diff) - limit} more" if len(diff) > limit else "")


def compare(include_dir, manifest_path, out_path=None):
    """0 when the headers match the manifest; 1 with a message otherwise."""
    new = generate(include_dir)
    if out_path:
        with open(out_path, "w", encoding="utf-8") as f:
            f.write(new)
    with open(manifest_path, encoding="utf-8") as f:
        old = f.read()
    if new == old:
        print(f"abi manifest: the plugin boundary matches {manifest_path} (kAbiVersion {recorded_version(new)})")
        return 0
    if recorded_version(new) == recorded_version(old):
        print("plugin boundary changed without a kAbiVersion bump: " + first_differences(old, new))
    else:
        print(f"kAbiVersion is {recorded_version(new)} but the manifest was made for {recorded_version(old)}: "
              "run scripts/update-abi-manifest")
    return 1


def update(include_dir, manifest_path):
    new = generate(include_dir)
    old = open(manifest_path, encoding="utf-8").read() if os.path.exists(manifest_path) else None
    if new == old:
        print(f"{manifest_path} is up to date")
        return 0
    if old is not None and recorded_version(new) == recorded_version(old):
        print(f"refusing to write {manifest_path}: {BUMP_MESSAGE}\n" + first_differences(old, new))
        return 1
    with open(manifest_path, "w", encoding="utf-8") as f:
        f.write(new)
    print(f"wrote {manifest_path} for kAbiVersion {recorded_version(new)}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("generate", "check", "update"))
    parser.add_argument("--include", required=True, help="the SDK include dir (holds interstice/sdk/)")
    parser.add_argument("--manifest", help="the checked-in manifest")
    parser.add_argument("-o", "--out", help="where to write the generated manifest")
    args = parser.parse_args()
    try:
        if args.command == "generate":
            text = generate(args.include)
            if args.out:
                with open(args.out, "w", encoding="utf-8") as f:
                    f.write(text)
            else:
                sys.stdout.write(text)
            return 0
        if not args.manifest:
            parser.error(f"{args.command} needs --manifest")
        if args.command == "check":
            return compare(args.include, args.manifest, args.out)
        return update(args.include, args.manifest)
    except ManifestError as error:
        print(f"abi_manifest: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
