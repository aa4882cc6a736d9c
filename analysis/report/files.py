"""Files a report run writes or reads: atomic writes, the corpus fingerprint, package versions.

Why atomic: a failing run must never leave a half-written report; a reader always sees the
previous complete file or the new one.
"""

from __future__ import annotations

import hashlib
import os
import platform
import tempfile
from importlib import metadata as importlib_metadata
from pathlib import Path

from analysis.corpus import corpus_root, resolve_sources

PACKAGES = ("news-analysis", "pandas", "numpy", "scikit-learn", "nltk", "vaderSentiment", "matplotlib",
            "papermill", "nbconvert", "dask", "distributed")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is for sharing
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def corpus_fingerprint(corpus: str | Path) -> tuple[str, int]:
    """SHA-256 over the corpus files' relative names and bytes, and the number of files.

    Any change to any article changes the hash, so a report can be matched to its corpus.
    """
    sources = resolve_sources(corpus)
    root = corpus_root(sources)
    digest = hashlib.sha256()
    for src in sources:
        rel = src.resolve().relative_to(root).as_posix() if root else src.name
        digest.update(rel.encode() + b"\0")
        with open(src, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    sidecar = Path(corpus) / "metadata.csv" if Path(corpus).is_dir() else None
    if sidecar and sidecar.is_file():
        digest.update(b"metadata.csv\0" + sidecar.read_bytes())
    return digest.hexdigest(), len(sources)


def package_versions() -> dict[str, str]:
    """Versions of Python and the packages that shape the numbers."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            continue
    return versions
