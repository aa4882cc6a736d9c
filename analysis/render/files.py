"""Files a report run writes, and the versions it records: atomic writes, package versions.

Why atomic: a failing run must never leave a half-written report; a reader always sees the
previous complete file or the new one.
"""

from __future__ import annotations

import os
import platform
import tempfile
from importlib import metadata as importlib_metadata
from pathlib import Path

PACKAGES = (
    "news-analysis",
    "pandas",
    "numpy",
    "scikit-learn",
    "nltk",
    "vaderSentiment",
    "itables",
    "bokeh",
    "papermill",
    "nbconvert",
    "dask",
    "distributed",
)


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


def package_versions() -> dict[str, str]:
    """Versions of Python and the packages that shape the numbers."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            continue
    return versions
