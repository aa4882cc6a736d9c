"""The explorer database: the study store as one SQLite file, with full-text search and indexes.

Why SQLite beside the Parquet store: Datasette (and any SQL client) can search, facet and join it
without loading a table into memory, so a 100,000-article corpus stays explorable on a laptop.

Why incremental: the file is written with the store (``update_database`` after a build) and a
corpus change rewrites only the rows of the added, changed and removed articles (delete + insert
by ``doc_id``; FTS triggers keep the search index in step). The corpus-wide tables (actors,
speakers, topics) are small and rewritten whole. When the code, the study parameters or the topic
model changed, every row may have changed, so the file is built again from scratch.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlite_utils

from analysis.explore.tables import ARTICLE_TABLES, article_rows, speaker_groups, topic_labels

#: The database file, inside the store folder.
DB_NAME = "explore.db"
#: Columns searched by full-text search, per table.
FTS = {"quotes": ["content", "speaker"], "sentences": ["text"], "articles": ["title"]}
#: Indexed columns (the facets and the canned queries' filters).
INDEXES = {
    "articles": [["outlet"], ["month"], ["topic"]],
    "sentences": [["doc_id"]],
    "quotes": [["doc_id"], ["speaker"], ["group"], ["outlet"], ["topic"], ["month"]],
    "quote_actors": [["actor"], ["quote_id"], ["doc_id"]],
    "targets": [["doc_id"], ["actor", "outlet"], ["month"]],
}
PRIMARY = {"articles": "doc_id", "quotes": "quote_id"}


@dataclass
class DatabaseReport:
    """What one update did: articles written again and removed, whether it was a full build."""

    path: Path
    written: int
    removed: int
    full: bool
    seconds: float


def database_path(store) -> Path:
    """Where the explorer database of ``store`` lives: ``<store>/explore.db``."""
    return Path(store.root) / DB_NAME


def build_key(store) -> str:
    """A hash of what makes every row stale at once: code, study parameters, the topic model."""
    manifest = store.manifest
    terms = store.table("topic_terms") if "topic_terms" in store.names() else pd.DataFrame()
    blob = json.dumps(
        {"code": manifest.code, "params": manifest.parameters, "terms": terms.to_csv(index=False)},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def update_database(store, path: str | Path | None = None) -> DatabaseReport:
    """Bring the explorer database of ``store`` (an :class:`analysis.store.Store`) up to date.

    Call it after :func:`analysis.store.build`; it is cheap when nothing changed (the rows of no
    article are touched, only the small corpus-wide tables are rewritten).
    """
    started = time.perf_counter()
    path = Path(path) if path is not None else database_path(store)
    key = build_key(store)
    db = _open_matching(path, key)
    full = db is None
    if full:
        tmp = path.with_name(path.name + ".tmp")
        tmp.unlink(missing_ok=True)
        db = sqlite_utils.Database(tmp)
    hashes = _analysed_hashes(store)
    old = {} if full else {r["doc_id"]: r["hash"] for r in db["_doc_hashes"].rows}
    stale = {d for d, h in hashes.items() if old.get(d) != h}
    gone = set(old) - set(hashes)
    with db.conn:
        _delete(db, stale | gone)
        _insert_changed(db, store, stale, full)
        _write_corpus_tables(db, store)
        db["_doc_hashes"].delete_where(
            "doc_id in (select value from json_each(?))", [json.dumps(sorted(gone))]
        )
        rows = [{"doc_id": d, "hash": hashes[d]} for d in sorted(stale)]
        db["_doc_hashes"].upsert_all(rows, pk="doc_id") if rows else None
        db["_meta"].upsert({"key": "build", "value": key}, pk="key")
    if full:
        _finish_full(db)
        db.close()
        os.replace(tmp, path)
    else:
        db.close()
    return DatabaseReport(path, len(stale), len(gone), full, time.perf_counter() - started)


def _open_matching(path: Path, key: str) -> sqlite_utils.Database | None:
    """The existing database when it was built by the same code, parameters and model; else None."""
    if not path.is_file():
        return None
    try:
        db = sqlite_utils.Database(path)
        if "_meta" in db.table_names() and db["_meta"].get("build")["value"] == key:
            return db
    except (sqlite3.DatabaseError, sqlite_utils.db.NotFoundError):
        pass
    return None


def _analysed_hashes(store) -> dict[str, str]:
    """doc_id → content hash of every analysed article (the store manifest's hashes)."""
    analysed = set(store.analysed["doc_id"])
    return {d: h for d, h in store.manifest.doc_hashes.items() if d in analysed}


def _delete(db: sqlite_utils.Database, doc_ids: set[str]) -> None:
    """Remove every per-article row of ``doc_ids`` (FTS triggers remove their search entries)."""
    if not doc_ids:
        return
    ids = json.dumps(sorted(doc_ids))
    for name in ARTICLE_TABLES:
        if name in db.table_names():
            db[name].delete_where("doc_id in (select value from json_each(?))", [ids])


def _insert_changed(db: sqlite_utils.Database, store, stale: set[str], full: bool) -> None:
    """Insert the rows of ``stale`` articles, one store chunk at a time (bounded memory)."""
    groups = speaker_groups(store)
    for chunk_ids in store.manifest.chunks.values():
        ids = [d for d in chunk_ids if d in stale]
        if not ids:
            continue
        for name, frame in article_rows(store, ids, groups).items():
            if frame.empty:  # still create it: a canned query on an empty table returns no rows
                db[name].create({c: str for c in frame.columns}, pk=PRIMARY.get(name), if_not_exists=True)
                continue
            db[name].insert_all(_records(frame), pk=PRIMARY.get(name), alter=True)
    if not full and "quotes" in db.table_names():
        db.execute(
            'update quotes set "group" = (select "group" from actors where actors.actor = quotes.speaker)'
        )


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain Python values (missing → None), the form sqlite accepts."""
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.to_dict(orient="records")


def _write_corpus_tables(db: sqlite_utils.Database, store) -> None:
    """Actors, topics and speakers, rewritten whole (small; speakers summarise the quotes)."""
    try:
        actors = store.table("actors")
    except FileNotFoundError:
        actors = pd.DataFrame({"actor": pd.Series(dtype=str), "group": pd.Series(dtype=str)})
    db["actors"].drop(ignore=True)
    db["actors"].insert_all(_records(actors), pk="actor", alter=True) if len(actors) else db["actors"].create(
        {"actor": str, "group": str}, pk="actor"
    )
    db["topics"].drop(ignore=True)
    db["topics"].insert_all(_topic_rows(store), pk="topic", alter=True)
    db["speakers"].drop(ignore=True)
    if "quotes" in db.table_names():
        db.execute(
            'create table speakers as select speaker, max("group") as "group", count(*) as n_quotes, '
            "count(distinct doc_id) as n_articles, count(distinct outlet) as n_outlets, "
            "min(month) as first_month, max(month) as last_month "
            "from quotes where speaker is not null group by speaker"
        )


def _topic_rows(store) -> list[dict]:
    """One row per topic: its number, label and top ten terms."""
    labels = topic_labels(store)
    terms = store.table("topic_terms") if "topic_terms" in store.names() else pd.DataFrame()
    rows = []
    for topic in sorted(set(labels) | set(terms.get("topic", []))):
        top = terms[terms["topic"] == topic].sort_values("rank")["term"].head(10) if len(terms) else []
        rows.append({"topic": int(topic), "label": labels.get(topic), "terms": ", ".join(map(str, top))})
    return rows or [{"topic": -1, "label": None, "terms": ""}]


def _finish_full(db: sqlite_utils.Database) -> None:
    """After a full build: full-text search (with triggers for later updates) and the indexes."""
    for name, columns in FTS.items():
        if name in db.table_names():
            db[name].enable_fts(columns, create_triggers=True, tokenize="porter")
    for name, indexes in INDEXES.items():
        if name not in db.table_names():
            continue
        have = set(db[name].columns_dict)
        for cols in indexes:
            if set(cols) <= have:
                db[name].create_index(cols, if_not_exists=True)
    db.execute("analyze")
    db.vacuum()
