#!/usr/bin/env python3
"""Scan benchmark: generates ~100 MB CSV files of synthetic people and times,
as whole processes on the same file, the csv crate's parse-only floor
(examples/parse_only.rs) and `privscan scan --json`. Prints MB/s, the ratio,
and peak memory (max RSS). Usage: python3 bench/scan.py [--runs N]"""

import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
BIN = os.path.join(ROOT, "target", "release", "privscan")
PARSE = os.path.join(ROOT, "target", "release", "examples", "parse_only")

# (name, generate arguments): both come to about 100 MB.
FILES = [
    ("mixed", ["--profile", "mixed", "--rows", "370000"]),
    ("wide", ["--profile", "wide", "--decoys", "--rows", "120000"]),
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


def main():
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    subprocess.run(["cargo", "build", "--release", "--bin", "privscan", "--example", "parse_only"], cwd=ROOT, check=True)
    os.makedirs(OUT, exist_ok=True)
    one = dict(os.environ, PRIVSCAN_THREADS="1")
    print(f"{'file':<6} {'MB':>6} {'parse-only MB/s':>16} {'scan MB/s':>10} {'ratio':>6} {'1-thread MB/s':>14} {'ratio':>6} {'peak RSS':>9}")
    for name, args in FILES:
        path = os.path.join(OUT, f"{name}.csv")
        if not os.path.exists(path):
            subprocess.run([BIN, "generate", *args, "--out", path], check=True)
        mb = os.path.getsize(path) / 1e6
        parse = min(run([PARSE, path])[0] for _ in range(runs))
        scans = [run([BIN, "scan", path, "--json"]) for _ in range(runs)]
        scan = min(s for s, _ in scans)
        rss = max(r for _, r in scans)
        single = min(run([BIN, "scan", path, "--json"], env=one)[0] for _ in range(runs))
        print(
            f"{name:<6} {mb:6.1f} {mb / parse:16.1f} {mb / scan:10.1f} {parse / scan:6.0%} "
            f"{mb / single:14.1f} {parse / single:6.0%} {rss:7.1f} MiB"
        )


if __name__ == "__main__":
    main()
