#!/usr/bin/env python3
"""Adds an evidence code to docs/report.schema.json and its words to the
three dictionaries: `add_evidence.py CODE 'param:type,…' EN ZH ZH_HANT
[AFTER]` (types: count, entity, string). Keeps the files' order and style."""
import json
import sys
from collections import OrderedDict

code, params, en, zh, zht = sys.argv[1:6]
after = sys.argv[6] if len(sys.argv) > 6 else None
schema_path = "docs/report.schema.json"
schema = json.load(open(schema_path), object_pairs_hook=OrderedDict)


def find(node, hit):
    """The first dict or list in `node` (depth first) for which `hit` holds."""
    if hit(node):
        return node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for v in children:
        r = find(v, hit)
        if r is not None:
            return r
    return None


def is_enum(n):
    return isinstance(n, dict) and "header_decides" in (n.get("enum") or [])


def rule_code(x):
    return x.get("if", {}).get("properties", {}).get("code", {}).get("const") if isinstance(x, dict) else None


def is_rules(n):
    return isinstance(n, dict) and any(rule_code(x) == "header_decides" for x in n.get("allOf") or [])


holder = find(schema, is_enum)
enum = holder["enum"]
if code not in enum:
    enum.insert(enum.index(after) + 1 if after else len(enum), code)

allof = find(schema, is_rules)["allOf"]
props = OrderedDict()
required = []
types = {
    "count": {"type": "integer", "minimum": 0},
    "entity": {"$ref": "#/$defs/entity"},
    "string": {"type": "string"},
}
for p in filter(None, params.split(",")):
    name, t = p.split(":")
    props[name] = types[t]
    required.append(name)
rule = OrderedDict(
    [
        ("if", {"properties": {"code": {"const": code}}}),
        ("then", {"properties": {"params": OrderedDict([
            ("type", "object"), ("required", sorted(required)),
            ("properties", props), ("additionalProperties", False)])}}),
    ]
)
consts = [rule_code(x) for x in allof]
if code not in consts:
    at = consts.index(after) + 1 if after in consts else len(allof)
    allof.insert(at, rule)
with open(schema_path, "w") as f:
    json.dump(schema, f, indent=2, ensure_ascii=False)
    f.write("\n")
for lang, text in (("en", en), ("zh", zh), ("zh-Hant", zht)):
    path = f"www/i18n/{lang}.json"
    d = json.load(open(path), object_pairs_hook=OrderedDict)
    key = f"msg.{code}"
    if key not in d:
        items = list(d.items())
        idx = [k for k, _ in items].index(f"msg.{after}") + 1 if after and f"msg.{after}" in d else len(items)
        items.insert(idx, (key, text))
        d = OrderedDict(items)
    else:
        d[key] = text
    with open(path, "w") as f:
        json.dump(d, f, indent=2, ensure_ascii=False)
        f.write("\n")
