"""Opening a corpus file: only regular files, compressed or not, hashed as they are read.

Why here: a FIFO named ``x.txt`` hangs a reader that opens it, and a character device is read
without end, so a file is opened without blocking and refused unless it is a regular file. A
``.gz`` (or, with the ``zstandard`` package, ``.zst``) file is read as the file inside it. The
bytes read from disk are hashed on the way, so the corpus fingerprint a store records is that of
the very bytes its tables come from, even if the file is rewritten during the run.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from analysis.corpus.problems import CorpusError

#: Compressed suffixes read transparently, and what reads them.
COMPRESSIONS = {".gz": "gzip", ".zst": "zstandard"}
#: Bytes read from disk at a time.
BLOCK = 1 << 20
#: Most bytes a table read whole (CSV, TSV, JSON, Parquet) may have once decompressed; JSON
#: Lines stream line by line and have no such limit.
MAX_TABLE_BYTES = 2_000_000_000


def split_suffix(path: Path | str) -> tuple[str, str | None]:
    """(the format's suffix, lower-cased; the compression's suffix or None) of a file name:
    ``a.JSONL.gz`` is ``(".jsonl", ".gz")``."""
    name = Path(path).name.lower()
    for comp in COMPRESSIONS:
        if name.endswith(comp) and len(name) > len(comp):
            return Path(name[: -len(comp)]).suffix, comp
    return Path(name).suffix, None


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file or a folder is (``None`` for those two)."""
    kinds = (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), None)


class HashingFile:
    """A read-only binary file that hashes every byte read from it (``hexdigest`` after
    :meth:`drain` covers the whole file)."""

    def __init__(self, fh: BinaryIO):
        self.fh = fh
        self.sha = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.sha.update(data)
        return data

    def readable(self) -> bool:
        return True

    def drain(self) -> str:
        """Hash what was not read yet; the file's SHA-256."""
        for block in iter(lambda: self.fh.read(BLOCK), b""):
            self.sha.update(block)
        return self.sha.hexdigest()


def open_regular(src: Path) -> BinaryIO:
    """``src`` opened for reading, or :class:`CorpusError` when it is not a regular file.

    Opened with ``O_NONBLOCK`` so that a FIFO (even one swapped in after the walk looked) never
    blocks the open; ``fstat`` then tells what was opened."""
    fd = os.open(src, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = special_kind(mode) or "a folder"
            raise CorpusError(f"{src}: {kind}, not a file; not read")
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def decompressed(raw: HashingFile, src: Path) -> BinaryIO | HashingFile:
    """The stream of the file inside a compressed ``src`` (``raw`` itself when uncompressed)."""
    comp = split_suffix(src)[1]
    if comp == ".gz":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[arg-type]
    if comp == ".zst":
        try:
            import zstandard
        except ImportError:
            raise CorpusError(
                f"{src}: a .zst file, and the zstandard package is not installed; "
                "skipped (pip install zstandard, or decompress it)"
            ) from None
        return zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)  # type: ignore[arg-type]
    return raw


def read_capped(stream, src: Path, cap: int, what: str) -> bytes:
    """All of ``stream``, or :class:`CorpusError` when it holds more than ``cap`` bytes."""
    data = read_stream(stream, src, cap + 1)
    if len(data) > cap:
        raise CorpusError(f"{src}: {what} is over {cap / 1e6:g} MB; skipped")
    return data


def read_stream(stream, src: Path, n: int) -> bytes:
    """Up to ``n`` bytes of ``stream``; a broken compressed file is a :class:`CorpusError`."""
    parts, left = [], n
    try:
        while left > 0:
            block = stream.read(min(BLOCK, left))
            if not block:
                break
            parts.append(block)
            left -= len(block)
    except (OSError, EOFError, zlib.error) as err:
        raise CorpusError(f"{src}: not a readable compressed file ({type(err).__name__}: {err})") from None
    except Exception as err:  # zstandard.ZstdError and kin
        if type(err).__module__.startswith("zstandard"):
            raise CorpusError(f"{src}: not a readable .zst file ({err})") from None
        raise
    return b"".join(parts)


def iter_lines(stream, src: Path, limit: int, first: bytes = b"") -> Iterator[tuple[int, bytes | int]]:
    """(line number, bytes) of each line of ``first`` then ``stream``, or (number, size) for a
    line longer than ``limit`` bytes, which is skipped without being held: memory stays bounded
    by ``limit`` and one block, whatever the file's size."""
    n, held, size, over = 1, bytearray(), 0, False
    while True:
        block, first = first or read_stream(stream, src, BLOCK), b""
        if not block:
            break
        start = 0
        while True:
            cut = block.find(b"\n", start)
            piece = block[start:] if cut < 0 else block[start:cut]
            size += len(piece)
            if not over:
                if size > limit:
                    over, held = True, bytearray()
                else:
                    held += piece
            if cut < 0:
                break
            yield (n, size) if over else (n, bytes(held))
            n, held, size, over, start = n + 1, bytearray(), 0, False, cut + 1
    if size or held:
        yield (n, size) if over else (n, bytes(held))
