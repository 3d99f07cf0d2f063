#!/usr/bin/env python3
"""Proposes the described structs a route should declare, from the answers the suites saw.

Run the integration suite with samples on, then this script over the file:
    JZ_CHECK_SAMPLES=1 JZ_KEEP_TEST_DIRS=1 ./integration_tests --gtest_filter='*Registry*'
    python3 scripts/openapi-types.py /tmp/jz-responses-<pid>.log --prefix /api/v1/enterprises > /tmp/types.txt
It prints C++ structs with BOOST_DESCRIBE_STRUCT (a member missing or null in some answer becomes a
std::optional) and, per route, the `.request = …` / `.response = …` lines to add. A proposal, not the truth:
a sample that never shows a member's type gives boost::json::value; rename the structs and read the handler.
"""
import argparse
import json
import re
import sys
from collections import OrderedDict, defaultdict


class Shape:
    """The union of the JSON values seen at one place."""

    def __init__(self):
        self.kinds = set()  # null bool int float string array object
        self.items = None  # Shape of array elements
        self.fields = OrderedDict()  # key -> Shape
        self.present = defaultdict(int)  # key -> objects that had it
        self.objects = 0

    def add(self, v):
        if v is None:
            self.kinds.add("null")
        elif isinstance(v, bool):
            self.kinds.add("bool")
        elif isinstance(v, int):
            self.kinds.add("int")
        elif isinstance(v, float):
            self.kinds.add("float")
        elif isinstance(v, str):
            self.kinds.add("string")
        elif isinstance(v, list):
            self.kinds.add("array")
            if self.items is None:
                self.items = Shape()
            for x in v:
                self.items.add(x)
        elif isinstance(v, dict):
            self.kinds.add("object")
            self.objects += 1
            for k, x in v.items():
                self.fields.setdefault(k, Shape()).add(x)
                self.present[k] += 1


IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")


def camel(s):
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[^A-Za-z0-9]+", s) if p)


def singular(s):
    if s.endswith("ies"):
        return s[:-3] + "y"
    if s.endswith("ses") or s.endswith("xes"):
        return s[:-2]
    if s.endswith("s") and not s.endswith("ss"):
        return s[:-1]
    return s


class Gen:
    def __init__(self):
        self.structs = OrderedDict()  # name -> (signature, [(member, type)])
        self.by_sig = {}

    def cpp(self, shape, name, optional=False):
        kinds = shape.kinds - {"null"}
        nullable = "null" in shape.kinds or optional
        if not kinds:
            return "boost::json::value"
        if kinds <= {"int", "float"}:
            t = "double" if "float" in kinds else "int64_t"
        elif kinds == {"bool"}:
            t = "bool"
        elif kinds == {"string"}:
            t = "std::string"
        elif kinds == {"array"}:
            inner = self.cpp(shape.items, singular(name)) if shape.items and shape.items.kinds else "boost::json::value"
            if inner.startswith("std::optional<"):
                inner = inner[len("std::optional<"):-1]
            t = f"std::vector<{inner}>"
        elif kinds == {"object"}:
            if not shape.fields or any(not IDENT.match(k) for k in shape.fields) or len(shape.fields) > 40:
                t = "boost::json::value"  # keyed by data (codes, dates): a map, not a struct
            else:
                t = self.struct(shape, name)
        else:
            t = "boost::json::value"
        if nullable and t != "boost::json::value":
            return f"std::optional<{t}>"
        return t

    def struct(self, shape, name):
        members = []
        for k, sub in shape.fields.items():
            members.append((k, self.cpp(sub, name + camel(k), optional=shape.present[k] < shape.objects)))
        sig = tuple(members)
        if sig in self.by_sig:
            return self.by_sig[sig]
        base, n = name, 2
        while name in self.structs:
            name = f"{base}{n}"
            n += 1
        self.structs[name] = members
        self.by_sig[sig] = name
        return name

    def emit(self):
        out = []
        for name, members in self.structs.items():
            out.append(f"struct {name} {{")
            for k, t in members:
                out.append(f"  {t} {k}{'{}' if t in ('int64_t', 'double', 'bool') else ''};")
            out.append("};")
            out.append(f"BOOST_DESCRIBE_STRUCT({name}, (), ({', '.join(k for k, _ in members)}))")
            out.append("")
        return "\n".join(out)


def route_name(method, path):
    segs = [s for s in path.split("/") if s and s not in ("api", "v1")]
    words = [s for s in segs if not s.startswith("{")]
    last = words[-1] if words else "root"
    by_id = segs and segs[-1].startswith("{")
    noun = camel(singular(last) if by_id or method != "GET" else last)
    if len(words) > 1 and not by_id:
        noun = camel(singular(words[-2])) + noun
    return noun


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--prefix", action="append", default=[], help="only routes whose path starts so")
    ap.add_argument("--exclude", action="append", default=[])
    ap.add_argument("--routes", help="a file of 'METHOD /path' lines: only these routes")
    args = ap.parse_args()
    responses, requests, statuses = OrderedDict(), OrderedDict(), defaultdict(set)
    only = None
    if args.routes:
        only = {tuple(l.split()[:2]) for l in open(args.routes) if l.strip()}
    for line in open(args.file, encoding="utf-8", errors="replace"):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 5 and f[0] == "seen" and int(f[3]) < 400:
            if (only is None or (f[1], f[2]) in only) and (not args.prefix or any(f[2].startswith(p) for p in args.prefix)):
                statuses[(f[1], f[2])].add(int(f[3]))
            continue
        if len(f) < 6 or f[0] != "sample":
            continue
        method, path, status, req, resp = f[1], f[2], int(f[3]), f[4], f[5]
        if args.prefix and not any(path.startswith(p) for p in args.prefix):
            continue
        if any(path.startswith(p) for p in args.exclude):
            continue
        key = (method, path)
        if only is not None and key not in only:
            continue
        statuses[key].add(status)
        try:
            if resp:
                responses.setdefault(key, Shape()).add(json.loads(resp))
        except ValueError:
            pass
        try:
            body = json.loads(req) if req.strip() else None
            if isinstance(body, dict):
                requests.setdefault(key, Shape()).add(body)
        except ValueError:
            pass
    gen = Gen()
    lines = []
    for key in sorted(set(responses) | set(requests) | set(statuses)):
        method, path = key
        name = route_name(method, path)
        decl = []
        if key in requests and requests[key].fields:
            decl.append(f".request = http::schema_of<{gen.struct(requests[key], name + 'Input')}>()")
        shape = responses.get(key)
        if shape and shape.kinds == {"object"}:
            keys = set(shape.fields)
            items = shape.fields.get("items")
            if keys == {"items", "total", "page", "page_size"} and items and items.items and items.items.kinds == {"object"}:
                decl.append(f".response = http::paged_schema_of<{gen.struct(items.items, name[:-1] if name.endswith('s') else name)}>()")
            elif keys == {"items"} and items and items.items and items.items.kinds == {"object"}:
                decl.append(f".response = http::items_schema_of<{gen.struct(items.items, singular(name))}>()")
            else:
                decl.append(f".response = http::schema_of<{gen.cpp(shape, name + ('View' if method == 'GET' else 'Result'))}>()")
        elif shape:
            decl.append(f".response = http::schema_of<{gen.cpp(shape, name + 'View')}>()")
        st = sorted(statuses[key])
        main_status = next((c for c in (201, 204, 202) if c in st), 200)
        if main_status != 200:
            decl.append(f".status = {main_status}")
        also = [c for c in st if c != main_status]
        if also:
            decl.append(".also_status = {" + ", ".join(map(str, also)) + "}")
        lines.append(f"{method} {path}\t" + "\t".join(decl))
    print(gen.emit())
    print("// ---- routes")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
