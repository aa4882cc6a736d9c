"""Parquet files of the store: per-article tables in parts (one per chunk of articles), corpus
tables whole, every file named by its content and recorded in the manifest.

Why parts: a chunk of articles is computed, written and forgotten, so memory is bounded by the
chunk, not the corpus; a changed article rewrites only the part that holds it; and a Dask worker
writes its own part, so nothing large travels back to the client.

Why content-addressed names (``part-CHUNK-SHA.parquet``): a run writes its new state beside the
old one and never overwrites a file the current manifest names, so a run killed at any point
leaves the old state whole; the manifest switch (one ``os.replace``) makes the new state current
and only then are files no manifest names collected. Each file's entry (``file``, ``rows``,
``bytes``, ``sha256``, ``mtime_ns``) lets a run and the reader tell a damaged part from a good one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.store.guard import fault_point

TABLES = "tables"
#: Folders of the store whose files the manifest names (the rest of ``root`` is left alone).
OWNED = (TABLES, "models")
_BLOCK = 1 << 20

Entry = dict[str, Any]


def table_dir(root: Path, name: str) -> Path:
    """The folder of a per-article table's parts."""
    return root / TABLES / name


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def seal(root: Path, tmp: Path, stem: str, suffix: str, rows: int) -> Entry:
    """Move a finished temp file to its content-addressed name ``STEM-SHA16SUFFIX``; its entry."""
    sha = file_sha256(tmp)
    rel = f"{stem}-{sha[:16]}{suffix}"
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, target)
    st = target.stat()
    return {"file": rel, "rows": rows, "bytes": st.st_size, "sha256": sha, "mtime_ns": st.st_mtime_ns}


def write_frame(root: Path, stem: str, table: pd.DataFrame) -> Entry:
    """Write ``table`` as ``root/STEM-SHA.parquet`` (temp file, rename); returns its entry."""
    target_dir = (root / stem).parent
    target_dir.mkdir(parents=True, exist_ok=True)
    tmp = target_dir / f".{Path(stem).name}.{os.getpid()}.tmp"
    frame = table.reset_index(drop=True)
    frame.attrs = {}
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp)
    entry = seal(root, tmp, stem, ".parquet", len(frame))
    fault_point("part")
    return entry


def write_part(root: Path, name: str, chunk: str, table: pd.DataFrame) -> Entry:
    """Write one chunk's rows of the per-article table ``name``."""
    return write_frame(root, f"{TABLES}/{name}/part-{chunk}", table)


def write_whole(root: Path, name: str, table: pd.DataFrame) -> Entry:
    """Write a corpus-level table."""
    return write_frame(root, f"{TABLES}/{name}", table)


def check_entry(root: Path, entry: Entry | None) -> str | None:
    """What is wrong with a file the manifest names (missing, other size, other content), or None.

    The content is hashed only when the file's size or modification time differs from the
    manifest's record of it, so verifying an untouched store costs one ``stat`` per file."""
    if not entry or "file" not in entry:
        return "not recorded"
    path = root / entry["file"]
    try:
        st = path.stat()
    except OSError:
        return "missing"
    if st.st_size != entry.get("bytes"):
        return f"{st.st_size} bytes, the manifest says {entry.get('bytes')}"
    if st.st_mtime_ns != entry.get("mtime_ns") and file_sha256(path) != entry.get("sha256"):
        return "content differs from the manifest's SHA-256"
    return None


def read_entries(root: Path, entries: list[Entry], columns: list[str] | None = None) -> pd.DataFrame | None:
    """Concatenate the files of ``entries`` in order; None when there are none. A file whose row
    count is not the manifest's raises :class:`DamagedPart` naming it."""
    frames = []
    for entry in entries:
        path = root / entry["file"]
        try:
            frame = pd.read_parquet(path, columns=columns)
        except (OSError, ValueError, pa.ArrowException) as err:
            raise DamagedPart(f"{path}: unreadable ({err}); run `python -m analysis run` again") from err
        if len(frame) != entry.get("rows"):
            raise DamagedPart(
                f"{path}: {len(frame)} rows, the manifest says {entry.get('rows')}; "
                "run `python -m analysis run` again"
            )
        if len(frame.columns):
            frames.append(frame)
    if not frames:
        return None
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


class DamagedPart(ValueError):
    """A store file is not what the manifest recorded (truncated, replaced, unreadable)."""


def part_entries(parts: dict[str, dict[str, Entry]], name: str, chunks: Iterable[str]) -> list[Entry]:
    """The entries of table ``name``'s parts for ``chunks``, in that order (absent ones skipped)."""
    table = parts.get(name, {})
    return [table[c] for c in chunks if c in table]


def collect(root: Path, keep: Iterable[str]) -> int:
    """Delete every file under the store's own folders that ``keep`` (relative paths) does not
    name: the parts of earlier states and temp files of killed runs. Returns the count."""
    keep = set(keep)
    gone = 0
    for folder in OWNED:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and path.relative_to(root).as_posix() not in keep:
                path.unlink(missing_ok=True)
                gone += 1
    return gone
