"""Writing result tables: JSONL to stdout, or JSONL/CSV/Parquet files, written atomically."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.render import atomic_write

FORMATS = ("jsonl", "csv", "parquet")


def write_tables(tables: pd.DataFrame | dict[str, pd.DataFrame], fmt: str, out: str | None) -> None:
    """Write one table or several: to ``out`` (a file, or a folder for several) or to stdout."""
    if isinstance(tables, pd.DataFrame):
        tables = {"": tables}
    if out is None:
        if fmt != "jsonl":
            raise ValueError(f"--format {fmt} needs --out (stdout takes jsonl only)")
        for name, table in tables.items():
            for row in _json_rows(table):
                if name:
                    row = {"table": name, **row}
                sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    target = Path(out)
    if len(tables) == 1 and "" in tables:
        _write_one(tables[""], fmt, target)
        return
    target.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        _write_one(table, fmt, target / f"{name}.{fmt}")


def _json_rows(table: pd.DataFrame):
    for row in table.to_dict("records"):
        yield {k: (None if _is_missing(v) else v) for k, v in row.items()}


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _write_one(table: pd.DataFrame, fmt: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        buf = io.BytesIO()
        table.to_parquet(buf, index=False)
        atomic_write(path, buf.getvalue())
    elif fmt == "csv":
        atomic_write(path, table.to_csv(index=False).encode("utf-8"))
    else:
        lines = [json.dumps(r, ensure_ascii=False, default=str) for r in _json_rows(table)]
        atomic_write(path, ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8"))
