"""The store a notebook reads: the one a report run passed, or one built for the corpus in a cache.

Why a helper: a report run (``python -m analysis report``) fills the store once and passes its
path to every notebook as the ``store`` parameter. A notebook opened in JupyterLab or run by
nbval gets no such path (``store = None``): it must still work with its defaults, without each
notebook computing the studies itself. :func:`open_or_build` builds the store for ``corpus`` in a
cache folder named by the corpus path and study parameters, so the second notebook (and the
second run) finds it ready: :func:`analysis.store.build` reads nothing again when the corpus
files, parameters and code are unchanged.

Two kernels may ask for the same store at once (nbval on two notebooks, two JupyterLab tabs), so
the build holds a file lock on the cache folder; the second waits and then finds the store ready.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from analysis.store.build import build
from analysis.store.reader import Store, open_store
from analysis.store.studies import parameters

if sys.platform != "win32":
    import fcntl

#: Environment variable naming the cache folder (default: ``<temp dir>/news-analysis-store``).
CACHE_ENV = "NEWS_ANALYSIS_STORE_CACHE"

log = logging.getLogger(__name__)


def cache_root() -> Path:
    """The folder holding cached stores: ``$NEWS_ANALYSIS_STORE_CACHE`` or a folder in the temp dir."""
    given = os.environ.get(CACHE_ENV)
    return Path(given).expanduser() if given else Path(tempfile.gettempdir()) / "news-analysis-store"


def cache_folder(
    corpus: str | Path, params: dict[str, Any] | None = None, load: dict[str, Any] | None = None
) -> Path:
    """The cache folder of the store for ``corpus`` (resolved to an absolute path) read with
    ``load`` options and computed with study ``params``: one folder per corpus and parameters, so
    two notebooks asking for different parameters never overwrite each other's tables."""
    key = json.dumps(
        {"corpus": _absolute(corpus), "params": parameters(params), "load": load or {}},
        sort_keys=True,
        default=str,
    )
    return cache_root() / hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def open_or_build(store: str | Path | None, corpus: str | Path, **options: Any) -> Store:
    """The store at ``store``; when ``store`` is None, the store of ``corpus`` in the cache folder,
    built or brought up to date first.

    ``options`` go to :func:`analysis.store.build` when it builds (``params``, ``engine``,
    ``scheduler``, ``refit``, ``load``, ``chunk_size``, ``progress``); they are ignored when
    ``store`` is given, since that store's parameters are fixed by the run that made it.
    Warnings raised while building (corpus problems, outlets with too few articles) go to the log,
    not the notebook: the problems are in the store's ``problems`` table, which the corpus report
    shows, and a warning in a study report buries its findings.
    """
    if store is not None:
        return open_store(store)
    folder = cache_folder(corpus, options.get("params"), options.get("load"))
    options.setdefault("progress", False)
    with _locked(folder), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build(_absolute(corpus), folder, **options)
    for w in caught:
        log.info("building the store for %s: %s", corpus, w.message)
    return open_store(folder)


def _absolute(corpus: str | Path) -> str:
    """The corpus path made absolute without resolving a glob's pattern (``folder/*`` stays a glob)."""
    return os.path.abspath(os.path.expanduser(str(corpus)))


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` while building it (a no-op where ``fcntl`` is missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":
        yield
        return
    with open(folder.with_name(folder.name + ".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
