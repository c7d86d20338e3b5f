#!/usr/bin/env python3
"""Scan benchmark: generates ~100 MB CSV files of synthetic people, with LF
line ends as most exports have them, and times, as whole processes on the
same file, the csv crate's parse-only floor (examples/parse_only.rs) and
`privscan scan --json` with two threads and with one. Prints MB/s, the
ratio to the floor, and peak memory (max RSS).

With `--before BIN` (an older privscan binary) it also times that binary,
alternately with the current one, and prints both side by side: the VM's
speed drifts too much for figures taken at different times to compare.

With `--scaling` it prints instead, per file, the current binary's MB/s
and peak memory with `--threads 1`, 2, 4 and 8 (from four threads a file
is cut into a part per two threads, scanned at once and merged).

Usage: python3 bench/scan.py [--runs N] [--before BIN] [--scaling]"""

import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
BIN = os.path.join(ROOT, "target", "release", "privscan")
PARSE = os.path.join(ROOT, "target", "release", "examples", "parse_only")

# (name, generate arguments): each comes to about 100 MB.
FILES = [
    # A customer/order export: 15 columns.
    ("mixed", ["--profile", "mixed", "--rows", "370000"]),
    # Every entity and its look-alikes: 54 columns.
    ("wide", ["--profile", "wide", "--decoys", "--rows", "120000"]),
    # Personal data only, dense: 43 columns, free text holding phones,
    # street addresses, IPs, URLs, GPS pairs, diagnoses.
    ("pii", ["--profile", "wide", "--rows", "150000"]),
]


def run(cmd, env=None):
    """Runs cmd with stdout discarded; returns (seconds, peak RSS in MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)} (status {status})")
    return secs, usage.ru_maxrss / 1024


def lf_file(name, args):
    """The generated file (CRLF) rewritten with LF line ends, once."""
    path = os.path.join(OUT, f"{name}.lf.csv")
    if not os.path.exists(path):
        crlf = os.path.join(OUT, f"{name}.crlf.tmp")
        subprocess.run([BIN, "generate", *args, "--out", crlf], check=True)
        # In chunks: a process forked from a large Python would report the
        # parent's memory as its own peak.
        with open(crlf, "rb") as f, open(path, "wb") as o:
            carry = b""
            while chunk := f.read(1 << 20):
                chunk = carry + chunk
                carry = b"\r" if chunk.endswith(b"\r") else b""
                o.write(chunk[: len(chunk) - len(carry)].replace(b"\r\n", b"\n"))
            o.write(carry)
        os.remove(crlf)
    return path


def scaling(runs):
    """MB/s and peak RSS by thread count, medians of `runs`."""
    counts = [1, 2, 4, 8]
    print(f"{'file':<6} {'MB':>6} " + " ".join(f"{f'{n} thr MB/s':>12} {'RSS':>8}" for n in counts))
    for name, args in FILES:
        path = lf_file(name, args)
        mb = os.path.getsize(path) / 1e6
        line = f"{name:<6} {mb:6.1f} "
        for n in counts:
            got = [run([BIN, "scan", path, "--json", "--threads", str(n)]) for _ in range(runs)]
            t = statistics.median(g[0] for g in got)
            line += f" {mb / t:12.1f} {max(g[1] for g in got):6.1f}MB"
        print(line)


def main():
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    if "--scaling" in sys.argv:
        subprocess.run(["cargo", "build", "--release", "--bin", "privscan"], cwd=ROOT, check=True)
        os.makedirs(OUT, exist_ok=True)
        return scaling(runs)
    before = sys.argv[sys.argv.index("--before") + 1] if "--before" in sys.argv else None
    subprocess.run(["cargo", "build", "--release", "--bin", "privscan", "--example", "parse_only"], cwd=ROOT, check=True)
    os.makedirs(OUT, exist_ok=True)
    one = dict(os.environ, PRIVSCAN_THREADS="1")
    head = f"{'file':<6} {'MB':>6} {'floor MB/s':>10} {'scan MB/s':>10} {'ratio':>6} {'1-thread':>9} {'ratio':>6} {'peak RSS':>9}"
    if before:
        head += f" | {'before':>10} {'ratio':>6} {'1-thread':>9} {'ratio':>6} {'peak RSS':>9}"
    print(head)
    for name, args in FILES:
        path = lf_file(name, args)
        mb = os.path.getsize(path) / 1e6
        parse = min(run([PARSE, path])[0] for _ in range(runs))
        cols = {"now": (BIN, [], [], []), "before": (before, [], [], [])} if before else {"now": (BIN, [], [], [])}
        # Alternately, so that drift hits both alike.
        for _ in range(runs):
            for _, (b, two, single, rss) in cols.items():
                t, r = run([b, "scan", path, "--json"])
                two.append(t)
                rss.append(r)
                single.append(run([b, "scan", path, "--json"], env=one)[0])
        line = f"{name:<6} {mb:6.1f} {mb / parse:10.1f}"
        for key in cols:
            _, two, single, rss = cols[key]
            t2, t1 = statistics.median(two), statistics.median(single)
            part = f" {mb / t2:10.1f} {parse / t2:6.0%} {mb / t1:9.1f} {parse / t1:6.0%} {max(rss):7.1f} MiB"
            line += part if key == "now" else " |" + part
        print(line)


if __name__ == "__main__":
    main()
