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

from analysis.corpus import (
    FURNITURE,
    Provenance,
    RecordOptions,
    corpus_root,
    find_sources,
    load_furniture,
    read_partition,
)

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
    parts, root, _ = plan_corpus(path, partition_bytes=partition_bytes)
    return parts, root


def plan_corpus(
    path, *, partition_bytes: int = PARTITION_BYTES, exclude=()
) -> tuple[list[Partition], Path | None, list[dict[str, str]]]:
    """:func:`plan_partitions` with ``exclude`` (as :func:`analysis.corpus.load_corpus` takes it),
    also returning what the walk skipped (``{"path", "problem"}``)."""
    found = find_sources(path, exclude)
    sources = found.files
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
    return parts, root, found.skipped


@dataclass
class ReadOptions:
    """How files are read (the arguments of :func:`analysis.corpus.load_corpus`), the boilerplate
    learnt in pass 1 (``learnt``, line keys), and whether the studies see duplicates."""

    columns: dict[str, str] | None = None
    clean: bool = True
    max_bytes: int = 20_000_000
    root: str | None = None
    sep: str | None = None
    keep_columns: tuple[str, ...] = ()
    furniture: str | None = None
    boilerplate: bool = True
    learnt: frozenset[int] | None = None
    keep_duplicates: bool = False

    def records(self) -> RecordOptions:
        """The record options of :mod:`analysis.corpus` these options mean."""
        patterns = load_furniture(self.furniture) if self.furniture else FURNITURE
        return RecordOptions(self.clean, patterns, self.learnt, self.keep_columns)


def read_part(part: Partition, ropts: ReadOptions) -> tuple[pd.DataFrame, list[dict], list[Provenance]]:
    """The docs rows of one partition (before the whole-corpus fixes), its problems and each
    row's provenance (:func:`analysis.corpus.read_partition`)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reported in problems, grouped, by the client
        return read_partition(
            part.sources,
            columns=ropts.columns,
            opts=ropts.records(),
            sep=ropts.sep,
            max_bytes=ropts.max_bytes,
            root=ropts.root,
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
