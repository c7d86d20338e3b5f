#!/usr/bin/env python3
"""privscan-lake benchmark: the ~100 MB mixed export of bench/scan.py (LF
line ends), as one file and cut into 8 part files, scanned with
`privscan-lake scan --json` on DataFusion with 1, 2, 4 and 8 partitions,
on Ballista in process (--standalone) and on a scheduler with two
executors on 127.0.0.1 (one task each), beside `privscan scan` of the one
file. Prints MB/s (input bytes over wall time, whole processes), the
speedup over one partition, and peak memory (max RSS of the client; for
the cluster also of the scheduler and executors).

Usage: python3 bench/lake.py [--runs N] [--lake-dir DIR] [--bin PRIVSCAN]
(default: target/lake/ and target/release/privscan, or under
$CARGO_TARGET_DIR)."""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scan  # noqa: E402  (the generated files and the runner)

TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(scan.ROOT, "target"))


def parts_dir(path, n):
    """`path` cut into n part files at line ends, each with the header."""
    out = os.path.join(scan.OUT, f"{os.path.basename(path)}.{n}parts")
    if os.path.isdir(out):
        return out
    os.makedirs(out)
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        header = f.readline()
        for i in range(n):
            end = size * (i + 1) // n
            with open(os.path.join(out, f"part-{i}.csv"), "wb") as o:
                o.write(header)
                while f.tell() < end:
                    line = f.readline()
                    if not line:
                        break
                    o.write(line)
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port):
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"nothing listens on 127.0.0.1:{port}")


def cluster(lake_dir):
    """A scheduler and two executors (one task each) on 127.0.0.1."""
    procs = []
    sched = free_port()
    procs.append(subprocess.Popen([os.path.join(lake_dir, "privscan-scheduler"), "--bind-port", str(sched)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    wait_port(sched)
    for i in range(2):
        work = os.path.join(scan.OUT, f"executor-{i}")
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        flight, grpc = free_port(), free_port()
        procs.append(subprocess.Popen(
            [os.path.join(lake_dir, "privscan-executor"), "--scheduler-port", str(sched),
             "--port", str(flight), "--grpc-port", str(grpc), "--work-dir", work,
             "--concurrent-tasks", "1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_port(grpc)
    return sched, procs


def rss_of(pid):
    """Peak RSS (VmHWM) of a running process, in MiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--lake-dir", default=os.path.join(TARGET, "lake"))
    ap.add_argument("--bin", default=os.path.join(TARGET, "release", "privscan"))
    a = ap.parse_args()
    scan.BIN = a.bin
    lake = os.path.join(a.lake_dir, "privscan-lake")
    path = scan.lf_file("mixed", dict(scan.FILES)["mixed"])
    parts = parts_dir(path, 8)
    mb = os.path.getsize(path) / 1e6
    sched, procs = cluster(a.lake_dir)
    try:
        cases = [
            ("privscan scan, 1 file, 2 threads", [a.bin, "scan", path, "--json"]),
            ("lake, 1 file, 1 partition", [lake, "scan", path, "--json", "--partitions", "1"]),
            ("lake, 1 file, 2 partitions", [lake, "scan", path, "--json", "--partitions", "2"]),
        ]
        for n in [1, 2, 4, 8]:
            cases.append((f"lake, 8 parts, {n} partition{'s' if n > 1 else ''}",
                          [lake, "scan", parts, "--json", "--partitions", str(n)]))
        cases.append(("lake --standalone, 8 parts, 2 partitions",
                      [lake, "scan", parts, "--json", "--standalone", "--partitions", "2"]))
        cases.append(("lake --ballista (2 executors), 8 parts, 2 partitions",
                      [lake, "scan", parts, "--json", "--ballista", f"df://127.0.0.1:{sched}",
                       "--partitions", "2"]))
        print(f"mixed: {mb:.1f} MB, LF line ends; medians of {a.runs} runs")
        print(f"{'case':<56} {'MB/s':>7} {'speedup':>8} {'RSS MiB':>8}")
        base = None
        for label, cmd in cases:
            got = [scan.run(cmd) for _ in range(a.runs)]
            secs = statistics.median(g[0] for g in got)
            rss = max(g[1] for g in got)
            rate = mb / secs
            if label.startswith("lake, 8 parts, 1 partition"):
                base = rate
            speed = f"{rate / base:.2f}x" if base and label.startswith("lake, 8 parts") else ""
            print(f"{label:<56} {rate:7.1f} {speed:>8} {rss:8.0f}")
        workers = ", ".join(f"{rss_of(p.pid):.0f}" for p in procs)
        print(f"cluster peak RSS (scheduler, executors) MiB: {workers}")
    finally:
        for p in procs:
            p.kill()
            p.wait()


if __name__ == "__main__":
    main()
