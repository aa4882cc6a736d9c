"""A fingerprint of a corpus's files, so a report or a store can be matched to its corpus.

Why here: only :mod:`analysis.corpus` knows which files a corpus is (:func:`resolve_sources`),
and the fingerprint must name the same files the reader reads, tolerating the same failures: an
unreadable file is hashed as unreadable (and so named by the reader), never a crash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from analysis.corpus.sidecar import SIDECAR_NAME
from analysis.corpus.sources import corpus_root, find_sources, real_path

_BLOCK = 1 << 20


def corpus_fingerprint(corpus: str | Path, exclude: Iterable[str | Path] = ()) -> tuple[str, int]:
    """SHA-256 over the corpus files' relative names and bytes, and the number of files.

    Any change to any article changes the hash. A file that cannot be read (permissions, a
    vanished file, an I/O error) contributes its name and the marker ``<unreadable>``, so the
    hash still changes when it becomes readable; the loader names it in its problems. The files
    are those :func:`analysis.corpus.load_corpus` reads (``exclude`` as there).
    """
    sources = find_sources(corpus, exclude).files
    root = corpus_root(sources)
    digest = hashlib.sha256()
    for src in sources:
        rel = real_path(src).relative_to(root).as_posix() if root else src.name
        digest.update(rel.encode() + b"\0")
        try:
            with open(src, "rb") as fh:
                for block in iter(lambda: fh.read(_BLOCK), b""):
                    digest.update(block)
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    sidecar = Path(corpus) / SIDECAR_NAME if Path(corpus).is_dir() else None
    if sidecar and sidecar.is_file():
        try:
            digest.update(SIDECAR_NAME.encode() + b"\0" + sidecar.read_bytes())
        except OSError:
            digest.update(SIDECAR_NAME.encode() + b"\0<unreadable>")
    return digest.hexdigest(), len(sources)
