#!/usr/bin/env python3
"""Writes src/dict/names_census.txt from the US Census Bureau's 1990 name
frequency tables (dist.all.last, dist.male.first, dist.female.first; public
domain, a work of the US Government, as redistributed in the PyPI package
`names` 0.3.0): every given name, and the surnames held by at least 0.001 %
of people (18,839 names, 77 % of the population).

    pip download --no-deps names==0.3.0 && tar xzf names-0.3.0.tar.gz
    python3 tools/census_names.py names-0.3.0/names

The list is front-coded to stay compact in the page's WebAssembly: names
sorted, each written as the length of the prefix it shares with the one
before (one digit) and the rest."""
import os
import sys

src = sys.argv[1]


def read(name, min_freq=0.0):
    out = []
    for line in open(os.path.join(src, name)):
        parts = line.split()
        if len(parts) >= 2 and float(parts[1]) >= min_freq:
            out.append(parts[0].lower())
    return out


def front_code(words):
    words = sorted(set(w for w in words if w.isascii() and w.isalpha()))
    out, prev = [], ""
    for w in words:
        n = 0
        while n < min(len(w), len(prev), 9) and w[n] == prev[n]:
            n += 1
        out.append(f"{n}{w[n:]}")
        prev = w
    lines, cur = [], ""
    for tok in out:
        if len(cur) + len(tok) + 1 > 100:
            lines.append(cur)
            cur = ""
        cur = f"{cur} {tok}" if cur else tok
    lines.append(cur)
    return lines


given = read("dist.male.first") + read("dist.female.first")
surnames = read("dist.all.last", 0.001)
path = os.path.join(os.path.dirname(__file__), "..", "src", "dict", "names_census.txt")
with open(path, "w") as f:
    f.write("# Given names (g) and surnames (s) of the US Census Bureau's 1990 name\n"
            "# frequency tables: public domain (a work of the US Government). Made by\n"
            "# tools/census_names.py; front-coded: a digit (the prefix shared with the\n"
            "# name before) and the rest of the name.\n")
    for tag, words in (("g", given), ("s", surnames)):
        for line in front_code(words):
            f.write(f"{tag} {line}\n")
