"""The Python package against the CLI on the same tables: the reports
equal `privscan scan --json`, DataFrames and Arrow tables scan as their
CSV, masking writes the CLI's bytes, and the GIL is free while the core
runs. The tables are synthetic (`privscan generate`)."""

import json
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

import privscan

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "privscan"


def cli(*args: str) -> bytes:
    return subprocess.run([str(BIN), *args], check=True, capture_output=True).stdout


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("t") / "customers.csv"
    cli("generate", "--profile", "mixed", "--headers", "en", "--rows", "800", "--seed", "91", "--out", str(path))
    return path


def view(report: dict) -> tuple:
    """What a scan found, apart from the input block."""
    return report["columns"], report["summary"], report.get("risk"), report.get("suggestions")


def test_scan_equals_the_cli(table: Path) -> None:
    mine = privscan.scan(table)
    theirs = json.loads(cli("scan", str(table), "--json"))
    assert mine["schema"] == "privscan.report/2"
    assert mine["input"] == theirs["input"]
    assert view(mine) == view(theirs)
    # Bytes give the same findings; options are the CLI's.
    assert view(privscan.scan(table.read_bytes())) == view(theirs)
    quasi = [c["name"] for c in theirs["columns"] if c["kind"] == "quasi"][:2]
    with_k = privscan.scan(table, k=3, qi=",".join(quasi), policy="pipl")
    assert with_k["risk"]["quasi_identifiers"] == [c["index"] for c in theirs["columns"] if c["name"] in quasi]
    assert with_k["risk"]["k_target"] == 3
    assert with_k["policy"]["policy"] == "pipl"


def test_errors_carry_the_core_code(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b'a,"b\n1,2\n')
    with pytest.raises(privscan.PrivScanError) as e:
        privscan.scan(bad)
    assert e.value.args[0] == "unclosed_quote"
    with pytest.raises(privscan.PrivScanError):
        privscan.scan(b"a\n1\n", k=0)
    with pytest.raises(privscan.PrivScanError):
        privscan.scan(b"a\n1\n", colour="red")


def frames(path: Path):
    import pandas as pd
    import polars as pl
    import pyarrow.csv as pv

    text = {"dtype": str, "keep_default_na": False}
    yield "pandas", pd.read_csv(path, **text)
    yield "polars", pl.read_csv(path, infer_schema=False)
    yield "arrow", pv.read_csv(path, convert_options=pv.ConvertOptions(column_types={}, strings_can_be_null=False))


def test_frames_scan_as_their_csv(table: Path) -> None:
    theirs = privscan.scan(table)
    for kind, frame in frames(table):
        mine = privscan.scan_frame(frame)
        assert [c["entity"] for c in mine["columns"]] == [c["entity"] for c in theirs["columns"]], kind
        assert [c["kind"] for c in mine["columns"]] == [c["kind"] for c in theirs["columns"]], kind
        assert mine["summary"]["verdict"] == theirs["summary"]["verdict"], kind
        assert mine["input"]["rows"] == 800, kind


def test_typed_frames_read_as_text() -> None:
    import pandas as pd

    df = pd.DataFrame({"phone": ["13812345678", "13912345678", None] * 20, "n": [1.5, 2.0, float("nan")] * 20})
    r = privscan.scan_frame(df)
    assert r["columns"][0]["entity"] == "PHONE_NUMBER"
    assert r["columns"][0]["non_empty"] == 40
    assert r["columns"][1]["non_empty"] == 40
    with pytest.raises(TypeError):
        privscan.scan_frame([1, 2, 3])


def test_mask_writes_the_cli_bytes(table: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine.csv"
    result = privscan.mask(table, out=out, policy="hipaa-safe-harbor", as_of="2026-12-03")
    assert result["report"]["masking"]["policy"]["met"] is True
    theirs = tmp_path / "theirs.csv"
    cli("mask", str(table), "--policy", "hipaa-safe-harbor", "--as-of", "2026-12-03", "--out", str(theirs))
    assert out.read_bytes() == theirs.read_bytes() == result["data"]
    # A plan that pseudonymises gets a key, and the same key gives the
    # same pseudonyms.
    plan = [{"column": "name", "operator": "pseudonymize"}]
    first = privscan.mask(table, plan=plan)
    assert len(first["key"]) == 64
    again = privscan.mask(table, plan=plan, key=first["key"])
    assert again["data"] == first["data"]


def test_the_gil_is_free_while_scanning(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    cli("generate", "--profile", "wide", "--rows", "40000", "--seed", "92", "--out", str(big))
    data = big.read_bytes()
    ticks = 0
    done = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    start = time.perf_counter()
    privscan.scan(data)
    elapsed = time.perf_counter() - start
    done.set()
    t.join()
    # Python ran alongside the scan: many ticks, not one at its end.
    assert elapsed > 0.05
    assert ticks > 10, (ticks, elapsed)
