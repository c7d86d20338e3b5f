"""PrivScan for Python: finds personal data in a table before it is shared.

The Rust core of the CLI and the page, built as a native module; the GIL is
released while it scans.

    >>> import privscan
    >>> report = privscan.scan("customers.csv", k=5)
    >>> report["summary"]["verdict"]["text"]
    >>> privscan.scan_frame(df)                 # pandas, polars, Arrow
    >>> masked = privscan.mask("customers.csv", policy="pipl", out="masked.csv")

Reports are dicts in the shape of ``privscan.report/2``
(``docs/report.schema.json`` in the repository). Options are the scan
options of the CLI, by their report names: ``k``, ``qi``, ``sensitive``,
``policy``, ``purpose``, ``encoding``, ``delimiter``, ``has_header``,
``as_of`` …
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os as _os
import secrets as _secrets
from typing import Any, Optional, Union

from . import _privscan
from ._privscan import PrivScanError

__all__ = ["scan", "scan_frame", "mask", "PrivScanError", "__version__"]
__version__ = _privscan.__version__

Source = Union[str, "_os.PathLike[str]", bytes, bytearray, memoryview]


def _options(name: Optional[str], options: dict) -> str:
    opts = {k: v for k, v in options.items() if v is not None}
    # Minors are counted on today's date (UTC), as the CLI counts them.
    opts.setdefault("as_of", _dt.datetime.now(_dt.timezone.utc).date().isoformat())
    if name is not None:
        opts.setdefault("name", name)
    for key in ("qi", "sensitive"):
        if isinstance(opts.get(key), str):
            opts[key] = [c.strip() for c in opts[key].split(",")]
    return _json.dumps(opts)


def _read(source: Source) -> tuple[bytes, Optional[str]]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), None
    path = _os.fspath(source)
    with open(path, "rb") as f:
        return f.read(), _os.path.basename(path)


def scan(source: Source, **options: Any) -> dict:
    """The report of a file (a path) or of its bytes: CSV in any common
    encoding, or an Excel/OpenDocument workbook."""
    data, name = _read(source)
    return _json.loads(_privscan.scan_bytes(data, _options(name, options)))


def _columns(frame: Any) -> tuple[list[str], list[list[Optional[str]]]]:
    """Column names and values as text (None for missing) of a pandas or
    polars DataFrame or an Arrow table, without writing CSV."""
    module = type(frame).__module__.split(".")[0]
    if module == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        names = [str(n) for n in frame.column_names]
        cols = []
        for col in frame.columns:
            try:
                text = pc.cast(col, pa.string())
                cols.append(text.to_pylist())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                cols.append([None if v is None else str(v) for v in col.to_pylist()])
        return names, cols
    if module == "polars":
        import polars as pl

        names = [str(n) for n in frame.columns]
        cols = []
        for n in frame.columns:
            s = frame.get_column(n)
            try:
                cols.append(s.cast(pl.String).to_list())
            except Exception:  # nested types: their Python text
                cols.append([None if v is None else str(v) for v in s.to_list()])
        return names, cols
    if module == "pandas":
        import pandas as pd

        names = [str(n) for n in frame.columns]
        cols = []
        for i in range(frame.shape[1]):
            values = frame.iloc[:, i].tolist()
            cols.append([None if _missing(pd, v) else str(v) for v in values])
        return names, cols
    raise TypeError(
        f"privscan.scan_frame: a pandas or polars DataFrame or a pyarrow Table, not {type(frame).__name__}"
    )


def _missing(pd: Any, v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def scan_frame(frame: Any, *, name: Optional[str] = None, **options: Any) -> dict:
    """The report of a pandas or polars DataFrame or an Arrow table, its
    columns read as text (no CSV in between)."""
    names, cols = _columns(frame)
    return _json.loads(_privscan.scan_columns(names, cols, _options(name, options)))


def mask(
    source: Source,
    *,
    out: Optional[Union[str, "_os.PathLike[str]"]] = None,
    plan: Optional[Union[list, dict, str]] = None,
    key: Optional[str] = None,
    encoding_out: Optional[str] = None,
    **options: Any,
) -> dict:
    """Masks a file (or its bytes) with ``plan`` (steps, or a report whose
    suggestions are the plan; the suggested plan by default, following
    ``policy``, ``purpose`` and ``k``) and returns ``{"report": the report
    after masking, "data": the masked CSV bytes, "plan": the steps, "key":
    the key used}``; writes the CSV to ``out`` when given. A plan that
    pseudonymises uses ``key`` (hex), or a fresh one returned with the
    result."""
    data, name = _read(source)
    plan_json = plan if isinstance(plan, str) or plan is None else _json.dumps(plan)
    opts = _options(name, options)
    try:
        report, masked, steps = _privscan.mask_bytes(data, opts, plan_json, key, encoding_out)
    except PrivScanError as e:
        if key is not None or "give key=" not in str(e):
            raise
        key = _secrets.token_hex(32)
        report, masked, steps = _privscan.mask_bytes(data, opts, plan_json, key, encoding_out)
    if out is not None:
        with open(_os.fspath(out), "wb") as f:
            f.write(masked)
    return {"report": _json.loads(report), "data": bytes(masked), "plan": _json.loads(steps), "key": key}
