"""The store's manifest: what was computed, from which corpus, with which parameters and code.

Why a manifest: a second run must know, without recomputing anything, which articles are new,
changed or gone (per-article content hashes), whether a study's parameters changed (then that
study is recomputed for every article), and which code and shipped models made the numbers (a
report quotes them in its run record).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.store.guard import fault_point

MANIFEST = "manifest.json"
#: Columns of the docs table whose content a per-article result depends on.
CONTENT_COLUMNS = ("doc_id", "title", "text", "date", "outlet", "url")


@dataclass
class Manifest:
    """The state of a store (written as ``manifest.json``)."""

    corpus: str
    fingerprint: str
    n_files: int
    parameters: dict[str, dict[str, Any]]
    reading: dict[str, Any] = field(default_factory=dict)
    doc_hashes: dict[str, str] = field(default_factory=dict)
    code: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, int] = field(default_factory=dict)
    chunks: dict[str, list[str]] = field(default_factory=dict)
    #: per-article table → chunk → its part's entry (:mod:`analysis.store.parts`)
    parts: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    #: corpus table (and ``topic_model``) → its file's entry
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: parameter or reading option naming a file → SHA-256 of that file (:func:`input_hashes`)
    inputs: dict[str, str] = field(default_factory=dict)
    topics: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    updated: str = ""

    def write(self, folder: Path) -> None:
        """Write atomically: a crash mid-run leaves the previous manifest, never half of one.
        This ``os.replace`` is the switch from the old state to the new one: every file it names
        was written (under a new name) before it."""
        self.updated = datetime.now(timezone.utc).isoformat(timespec="seconds")
        tmp = folder / f".{MANIFEST}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(asdict(self), indent=1, sort_keys=True, default=str))
            fh.flush()
            os.fsync(fh.fileno())
        fault_point("manifest")
        os.replace(tmp, folder / MANIFEST)
        fault_point("switched")

    def referenced(self) -> set[str]:
        """The store files (relative paths) this manifest names: all others are garbage."""
        named = {e["file"] for table in self.parts.values() for e in table.values() if "file" in e}
        return named | {e["file"] for e in self.files.values() if "file" in e}

    @classmethod
    def read(cls, folder: Path) -> Manifest | None:
        """The manifest in ``folder``, or None when there is none or it cannot be read."""
        try:
            data = json.loads((folder / MANIFEST).read_text("utf-8"))
            return cls(**data)
        except (OSError, ValueError, TypeError):
            return None


def doc_hashes(docs: pd.DataFrame, extra: tuple[str, ...] = ()) -> dict[str, str]:
    """``doc_id`` → SHA-1 of the article's content (text and metadata it is analysed with)."""
    cols = [c for c in (*CONTENT_COLUMNS, *extra) if c in docs.columns]
    out = {}
    for row in docs[cols].itertuples(index=False, name=None):
        h = hashlib.sha1()
        for value in row:
            h.update(b"\0" if value is None or value is pd.NA or value != value else str(value).encode())
            h.update(b"\x1f")
        out[str(row[0])] = h.hexdigest()
    return out


def input_hashes(params: dict[str, dict[str, Any]], reading: dict[str, Any]) -> dict[str, str]:
    """SHA-256 of every file a study parameter or reading option names (a story file, a lexicon,
    an external ``--metadata`` sidecar), keyed ``study.name`` or ``reading.name``.

    Why: the parameters hold the path, not the content, so an edited story file would otherwise
    leave every table that depends on it stale. A named file that cannot be read hashes as
    ``<unreadable>`` (the study itself reports the problem)."""
    named = {f"{s}.{n}": v for s, values in params.items() for n, v in values.items()}
    named |= {f"reading.{n}": v for n, v in reading.items()}
    out = {}
    for key, value in sorted(named.items()):
        if not isinstance(value, (str, Path)) or not str(value) or len(str(value)) > 4096:
            continue
        path = Path(str(value)).expanduser()
        try:
            if not path.is_file():
                continue
            out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            out[key] = "<unreadable>"
    return out


@lru_cache(maxsize=1)
def code_version() -> dict[str, Any]:
    """The package version, the git commit when run from a checkout, and SHA-256 hashes of the
    shipped models and lexicons (what a report's numbers depend on besides the code)."""
    from analysis import __version__

    root = Path(__file__).resolve().parents[2]
    commit = None
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
        commit = done.stdout.strip() or None
    return {"version": __version__, "commit": commit, "data": shipped_data_hashes()}


def shipped_data_hashes() -> dict[str, str]:
    """Relative path → first 16 hex digits of the SHA-256 of each shipped model and lexicon file."""
    out = {}
    base = resources.files("analysis")
    for folder in ("models", "lexicons/data"):
        path = Path(str(base.joinpath(folder)))
        for f in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
            out[f.relative_to(Path(str(base))).as_posix()] = hashlib.sha256(f.read_bytes()).hexdigest()[:16]
    return out
