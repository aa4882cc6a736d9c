"""Parquet files of the store: per-article tables in parts (one per chunk of articles), corpus
tables whole.

Why parts: a chunk of articles is computed, written and forgotten, so memory is bounded by the
chunk, not the corpus; a changed article rewrites only the parts that hold it; and a Dask worker
writes its own part, so nothing large travels back to the client.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

TABLES = "tables"


def table_dir(root: Path, name: str) -> Path:
    """The folder of a per-article table's parts."""
    return root / TABLES / name


def write_frame(table: pd.DataFrame, path: Path) -> int:
    """Write ``table`` to ``path`` atomically (temp file, rename); returns its row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    frame = table.reset_index(drop=True)
    frame.attrs = {}
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp)
    tmp.replace(path)
    return len(frame)


def write_part(root: Path, name: str, chunk: str, table: pd.DataFrame) -> int:
    """Write one chunk's rows of the per-article table ``name``."""
    return write_frame(table, table_dir(root, name) / f"part-{chunk}.parquet")


def part_paths(root: Path, name: str, chunks: Iterable[str]) -> list[Path]:
    """The existing part files of ``name`` for ``chunks``, in that order."""
    folder = table_dir(root, name)
    return [p for c in chunks if (p := folder / f"part-{c}.parquet").is_file()]


def read_parts(paths: list[Path], columns: list[str] | None = None) -> pd.DataFrame | None:
    """Concatenate part files in order; None when there are none."""
    frames = [pd.read_parquet(p, columns=columns) for p in paths]
    frames = [f for f in frames if len(f.columns)]
    if not frames:
        return None
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def remove_parts(root: Path, names: Iterable[str], chunks: Iterable[str]) -> None:
    """Delete the parts of ``chunks`` of every table in ``names`` (missing ones are fine)."""
    chunks = list(chunks)
    for name in names:
        for chunk in chunks:
            (table_dir(root, name) / f"part-{chunk}.parquet").unlink(missing_ok=True)


def read_whole(root: Path, name: str, columns: list[str] | None = None) -> pd.DataFrame | None:
    """A corpus-level table (``tables/NAME.parquet``), or None when it was not computed."""
    path = root / TABLES / f"{name}.parquet"
    return pd.read_parquet(path, columns=columns) if path.is_file() else None


def write_whole(root: Path, name: str, table: pd.DataFrame) -> int:
    """Write a corpus-level table."""
    return write_frame(table, root / TABLES / f"{name}.parquet")


def count_rows(paths: list[Path]) -> int:
    """Rows in the part files, from their Parquet metadata (nothing is read)."""
    return sum(pq.ParquetFile(p).metadata.num_rows for p in paths)
