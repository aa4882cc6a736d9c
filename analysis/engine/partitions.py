"""Partitions of a corpus (runs of consecutive files) and running a function on each of them.

Why groups of files: each partition is read where it is processed
(:func:`analysis.corpus.read_partition`), so the client never holds the corpus; and a runner that
keeps at most ``max_in_flight`` partitions pending bounds memory by the partition size.
"""

from __future__ import annotations

import collections
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.corpus import corpus_root, read_partition, resolve_sources

#: Bytes of corpus files per partition: ~2,000 BBC-length articles, a few hundred MB of tables.
PARTITION_BYTES = 4_000_000


@dataclass(frozen=True)
class Partition:
    """Consecutive files of a corpus processed as one unit (``index``: its place in the corpus)."""

    index: int
    sources: tuple[str, ...]


def plan_partitions(path, *, partition_bytes: int = PARTITION_BYTES) -> tuple[list[Partition], Path | None]:
    """Cut a corpus's files (as :func:`analysis.corpus.resolve_sources` lists them) into runs of
    consecutive files of about ``partition_bytes``; also return the corpus root (for ids).

    A table file larger than ``partition_bytes`` is a partition of its own: write big corpora
    as shards (JSONL or Parquet files of a few thousand rows), as ``benchmarks/make_corpus.py``
    does.
    """
    sources = resolve_sources(path)
    root = corpus_root(sources)
    parts: list[Partition] = []
    group: list[str] = []
    size = 0
    for src in sources:
        try:
            n = src.stat().st_size
        except OSError:
            n = 0
        group.append(str(src))
        size += n
        if size >= partition_bytes:
            parts.append(Partition(len(parts), tuple(group)))
            group, size = [], 0
    if group:
        parts.append(Partition(len(parts), tuple(group)))
    return parts, root


@dataclass
class ReadOptions:
    """How files are read; the arguments of :func:`analysis.corpus.load_corpus`."""

    columns: dict[str, str] | None = None
    clean: bool = True
    max_bytes: int = 20_000_000
    root: str | None = None


def read_part(part: Partition, ropts: ReadOptions) -> tuple[pd.DataFrame, list[dict]]:
    """The docs rows of one partition (before the whole-corpus fixes) and its problems."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reported in problems; one line per bad file, not two
        return read_partition(
            part.sources, columns=ropts.columns, clean=ropts.clean, max_bytes=ropts.max_bytes, root=ropts.root
        )


class Runner:
    """Calls a function on every partition, in process or on Dask, yielding results in
    partition order with at most ``max_in_flight`` partitions pending (bounded memory)."""

    def __init__(self, client=None, max_in_flight: int | None = None):
        self.client = client
        if max_in_flight is None and client is not None:
            n = len(client.scheduler_info().get("workers", {})) or 1
            max_in_flight = 2 * n
        self.max_in_flight = max(1, max_in_flight or 1)

    def imap(self, func: Callable, items: Iterable, *args) -> Iterator:
        """``func(item, *args)`` for each item, in order (on Dask: submitted ahead, bounded)."""
        if self.client is None:
            for item in items:
                yield func(item, *args)
            return
        pending: collections.deque = collections.deque()
        for item in items:
            pending.append(self.client.submit(func, item, *args, pure=False))
            if len(pending) >= self.max_in_flight:
                yield self._take(pending.popleft())
        while pending:
            yield self._take(pending.popleft())

    def _take(self, future):
        result = future.result()
        future.release()
        return result

    def share(self, obj):
        """Ship a large read-only object once to every worker."""
        return obj if self.client is None else self.client.scatter(obj, broadcast=True)
