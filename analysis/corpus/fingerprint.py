"""A fingerprint of a corpus's files, so a report or a store can be matched to its corpus.

Why here: only :mod:`analysis.corpus` knows which files a corpus is (:func:`find_sources`), and
the fingerprint must name the same files the reader reads, tolerating the same failures: an
unreadable file is hashed as unreadable (and so named by the reader), never a crash. The reader
(:func:`analysis.corpus.load_corpus`) computes the same fingerprint from the bytes it parses, so
a store records the fingerprint of what its tables hold even if a file changes mid-run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

from analysis.corpus.files import HashingFile, open_regular
from analysis.corpus.problems import CorpusError
from analysis.corpus.sidecar import SIDECAR_NAME
from analysis.corpus.sources import Sources, corpus_root, find_sources, real_path

#: What an unreadable file contributes: the hash changes when it becomes readable.
UNREADABLE = "<unreadable>"


def corpus_fingerprint(
    corpus: str | Path | Iterable[str | Path],
    exclude: Iterable[str | Path] = (),
    *,
    found: Sources | None = None,
) -> tuple[str, int]:
    """SHA-256 over the corpus files' relative names and the SHA-256 of their bytes, and the
    number of files.

    Any change to any article changes the hash. A file that cannot be read (permissions, a
    vanished file, an I/O error, a FIFO swapped in) contributes :data:`UNREADABLE`. The files
    are those :func:`analysis.corpus.load_corpus` reads (``exclude`` as there); pass ``found``
    (a walk already made) to walk the corpus once for both.
    """
    found = found if found is not None else find_sources(corpus, exclude)
    digests = {src: file_digest(src) for src in found.files}
    return combined_fingerprint(corpus, found.files, digests), len(found.files)


def file_digest(src: Path) -> str:
    """The SHA-256 of a file's bytes, or :data:`UNREADABLE`."""
    try:
        with open_regular(src) as fh:
            return HashingFile(fh).drain()
    except (OSError, CorpusError):
        return UNREADABLE


def combined_fingerprint(corpus: object, files: list[Path], digests: Mapping[Path, str]) -> str:
    """The corpus fingerprint of ``files`` from each one's digest (missing: unreadable), plus
    the sidecar of a corpus folder."""
    root = corpus_root(files)
    digest = hashlib.sha256()
    for src in files:
        rel = real_path(src).relative_to(root).as_posix() if root else src.name
        digest.update(f"{rel}\0{digests.get(src, UNREADABLE)}\n".encode())
    sidecar = (
        Path(corpus) / SIDECAR_NAME if isinstance(corpus, (str, Path)) and Path(corpus).is_dir() else None
    )
    if sidecar and sidecar.is_file():
        digest.update(f"{SIDECAR_NAME}\0{file_digest(sidecar)}\n".encode())
    return digest.hexdigest()
