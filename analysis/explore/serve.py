"""``python -m analysis explore``: bring the explorer database up to date and serve it with Datasette.

Why these flags: ``-h 127.0.0.1`` so the corpus is never offered to the network, ``--immutable``
so no request can change the file (and Datasette may cache counts), ``--static articles:...`` so
rows link to the article pages a report run wrote, and our metadata and link plugin.
"""

from __future__ import annotations

import errno
import socket
import subprocess
import sys
from pathlib import Path

from analysis.explore.database import DatabaseReport, database_path, update_database
from analysis.explore.metadata import write_metadata
from analysis.store import StoreError, open_store

HOST = "127.0.0.1"
DEFAULT_PORT = 8001
PLUGINS = Path(__file__).resolve().parent / "plugins"


class ExploreError(ValueError):
    """A problem the user can fix (no store, port in use); the message says how."""


def open_explore_store(out: str | Path):
    """The store of a report folder ``out`` (``out/store`` or ``out`` itself), or a clear error."""
    try:
        return open_store(out)
    except StoreError as err:
        raise ExploreError(
            f"{out}: no study store (no manifest.json in {out} or {Path(out) / 'store'}); make one with "
            f"`python -m analysis run --corpus PATH --out {out}` (or `make reports OUT={out}`)"
        ) from err


def check_port(port: int, host: str = HOST) -> None:
    """Fail with a clear message when ``host:port`` cannot be bound (in use, or not allowed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as err:
            why = "already in use" if err.errno == errno.EADDRINUSE else (err.strerror or str(err))
            raise ExploreError(f"port {port} on {host}: {why}; pick another with --port N") from err


def datasette_command(db: Path, metadata: Path, port: int, pages: Path | None) -> list[str]:
    """The Datasette command line serving ``db`` read-only on 127.0.0.1:``port``."""
    cmd = [sys.executable, "-m", "datasette", "serve", "--immutable", str(db), "-h", HOST, "-p", str(port)]
    cmd += ["--metadata", str(metadata), "--plugins-dir", str(PLUGINS)]
    cmd += ["--setting", "sql_time_limit_ms", "5000", "--setting", "default_page_size", "50"]
    if pages is not None:
        cmd += ["--static", f"articles:{pages}"]
    return cmd


def prepare(out: str | Path) -> tuple[DatabaseReport, Path, Path | None]:
    """Update the database of ``out``'s store and write its metadata; returns the report, the
    metadata path and the article pages folder (None when no report run wrote pages)."""
    store = open_explore_store(out)
    report = update_database(store)
    pages = Path(store.root).parent / "articles"
    pages = pages.resolve() if pages.is_dir() else None
    meta = write_metadata(database_path(store).with_name("explore.metadata.json"), pages)
    return report, meta, pages


def explore(out: str | Path, port: int = DEFAULT_PORT, serve: bool = True) -> int:
    """Prepare the database of ``out`` and, with ``serve``, run Datasette until interrupted."""
    if serve:
        check_port(port)
    report, meta, pages = prepare(out)
    how = (
        "built" if report.full else f"updated ({report.written} article(s) written, {report.removed} removed)"
    )
    print(f"explorer database {report.path}: {how} in {report.seconds:.1f} s", file=sys.stderr)
    if not serve:
        return 0
    print(f"serving on http://{HOST}:{port}/ (read-only; Ctrl-C stops)", file=sys.stderr)
    try:
        return subprocess.call(datasette_command(report.path, meta, port, pages))
    except KeyboardInterrupt:
        return 0
