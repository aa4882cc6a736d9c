"""Reading the store: every notebook and interactive user gets the same tables.

Why one reader: a count shown in two reports must be one count. Every table comes from the same
files through :meth:`Store.table`, in the same order (the docs table's order of articles, then
each study's own order within an article), whatever the engine or the history of incremental runs.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import pandas as pd

from analysis.store.corpus_tables import load_model
from analysis.store.manifest import Manifest
from analysis.store.parts import DamagedPart, check_entry, part_entries, read_entries
from analysis.store.studies import ARTICLE_TABLES
from analysis.topics.persist import ModelFileError


class StoreError(FileNotFoundError):
    """No usable store at a path, or a damaged file in it; the message says how to make one."""


class Store:
    """An open study store (see :func:`open_store`)."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        manifest = Manifest.read(self.root)
        if manifest is None:
            raise StoreError(
                f"{self.root}: no study store here; make one with "
                f"`python -m analysis run --corpus PATH --out {self.root}`"
            )
        self.manifest = manifest

    @property
    def parameters(self) -> dict:
        """The study parameters the tables were computed with."""
        return self.manifest.parameters

    @cached_property
    def docs(self) -> pd.DataFrame:
        """The docs table of every article read (``analysed`` is False for set-aside duplicates)."""
        return self.table("docs")

    @cached_property
    def analysed(self) -> pd.DataFrame:
        """The docs table of the articles the studies analysed."""
        return self.docs[self.docs["analysed"]].reset_index(drop=True)

    def table(
        self, name: str, columns: list[str] | None = None, doc_ids: list[str] | None = None
    ) -> pd.DataFrame:
        """A table of the store by name (``sentences``, ``attributions``, ``doc_topics``, ...).

        ``doc_ids`` reads the rows of those articles only (per-article tables: only the parts
        holding them are opened), so a report that shows a sample of sentences never holds the
        sentences of 100,000 articles.
        """
        if name in ARTICLE_TABLES:
            return self._article_table(name, columns, doc_ids)
        entry = self.manifest.files.get(name)
        if entry is None:
            raise StoreError(f"{self.root}: the store has no table {name!r}; have {', '.join(self.names())}")
        frame = self._read([entry], columns)
        return frame if frame is not None else pd.DataFrame(columns=columns)

    def names(self) -> list[str]:
        """The names of the tables this store holds."""
        return sorted(self.manifest.tables) + [n for n in ARTICLE_TABLES if n not in self.manifest.tables]

    def topic_model(self):
        """The fitted :class:`analysis.topics.TopicModel` the topic tables come from (read as
        arrays and JSON: a file in the store can never run code here)."""
        entry = self.manifest.files.get("topic_model")
        if entry is None:
            raise StoreError(f"{self.root}: the store has no topic model; run `python -m analysis run` again")
        self._check([entry])
        try:
            return load_model(self.root / entry["file"])
        except ModelFileError as err:
            raise StoreError(f"{err}; run `python -m analysis run` again to refit it") from None

    def sample_ids(self, n: int, seed: int = 0) -> list[str]:
        """``n`` analysed articles drawn at random (all when there are fewer), in docs order:
        with ``table(..., doc_ids=...)`` the sample a report shows at any corpus size."""
        ids = self.analysed["doc_id"]
        if len(ids) <= n:
            return ids.tolist()
        return ids.sample(n=n, random_state=seed).sort_index().tolist()

    def _article_table(
        self, name: str, columns: list[str] | None, doc_ids: list[str] | None = None
    ) -> pd.DataFrame:
        cols = None if columns is None else list(dict.fromkeys(["doc_id", *columns]))
        chunks = self.manifest.chunks
        if doc_ids is not None:
            wanted = set(doc_ids)
            chunks = {k: v for k, v in chunks.items() if wanted.intersection(v)}
        frame = self._read(part_entries(self.manifest.parts, name, chunks), cols)
        if frame is not None and doc_ids is not None:
            frame = frame[frame["doc_id"].isin(wanted)]
        if frame is None:
            return pd.DataFrame(columns=columns or ["doc_id"])
        order = {d: i for i, d in enumerate(self.docs["doc_id"])}
        position = frame["doc_id"].map(order)
        frame = frame.iloc[position.argsort(kind="stable")].reset_index(drop=True)
        return frame if columns is None else frame[columns]

    def _check(self, entries: list[dict]) -> None:
        """Raise :class:`StoreError` naming a file that is missing or not what the manifest
        recorded (a truncated or replaced part must not read as an empty or other table)."""
        for entry in entries:
            problem = check_entry(self.root, entry)
            if problem:
                raise StoreError(
                    f"{self.root / entry.get('file', '?')}: damaged store file ({problem}); "
                    "run `python -m analysis run` again to recompute it"
                )

    def _read(self, entries: list[dict], columns: list[str] | None) -> pd.DataFrame | None:
        self._check(entries)
        try:
            return read_entries(self.root, entries, columns)
        except DamagedPart as err:
            raise StoreError(str(err)) from err


def open_store(path: str | Path) -> Store:
    """Open the study store at ``path`` (a report folder's ``store/``, or the folder itself)."""
    path = Path(path)
    return Store(path / "store" if (path / "store" / "manifest.json").is_file() else path)
