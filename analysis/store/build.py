"""Fill the study store: per-article tables incrementally, on pandas or Dask, then corpus tables.

A run (``python -m analysis run``, and ``report`` before it renders):

1. reads the corpus and hashes each article's content;
2. compares with the manifest of the previous run: articles added, changed or removed, and
   tables whose parameters or code changed;
3. computes the per-article tables of the articles that need it, in chunks — in this process
   (``engine="pandas"``) or on a ``dask.distributed`` cluster (``engine="dask"``), where each
   worker writes its chunk's parts — and drops the rows of changed and removed articles;
4. recomputes the corpus tables (:mod:`analysis.store.corpus_tables`) and writes the manifest.

Why this shape: the expensive work is per article, so an unchanged article is never analysed
twice; the engines differ only in where a chunk is computed, so they give identical tables.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.corpus import analysed as analysed_rows
from analysis.corpus import check_output, corpus_fingerprint, find_sources, load_corpus, mark_folder
from analysis.params import DEFAULT_ENGINE, check_engine
from analysis.progress import bar
from analysis.store.corpus_tables import corpus_tables
from analysis.store.manifest import Manifest, code_version, doc_hashes
from analysis.store.parts import (
    count_rows,
    part_paths,
    read_parts,
    remove_parts,
    table_dir,
    write_frame,
    write_part,
)
from analysis.store.studies import ARTICLE_TABLES, CHUNK_SIZE, article_tables, chunk_ids, parameters

#: Most processes the pandas engine uses for the per-article chunks (each holds the models).
MAX_WORKERS = 2


@dataclass
class BuildReport:
    """What a run did: counts of articles by fate and seconds per stage."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    recomputed_tables: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def chunk_key(doc_ids: list[str]) -> str:
    """A stable name for a chunk of articles (the same articles give the same name)."""
    return hashlib.sha1("\n".join(doc_ids).encode()).hexdigest()[:16]


def compute_chunk(root: str, key: str, docs: pd.DataFrame, params: dict, tables: tuple[str, ...]) -> int:
    """Compute and write one chunk's parts; returns the number of articles. Runs on a worker."""
    for name, table in article_tables(docs, params, tables).items():
        write_part(Path(root), name, key, table)
    return len(docs)


def plan_chunks(doc_ids: list[str], size: int) -> dict[str, list[str]]:
    """Consecutive chunks of at most ``size`` articles, named by :func:`chunk_key`."""
    return {chunk_key(c): c for c in chunk_ids(doc_ids, size)}


def same_code(old: Manifest, code: dict) -> bool:
    """The tables were made by this code: same package version and same data files (lexicons,
    models). The git commit is recorded but not compared: a commit of a notebook or a test must
    not make a weekly run read 100,000 articles again."""
    return old.code.get("version") == code.get("version") and old.code.get("data") == code.get("data")


def stale_tables(old: Manifest | None, params: dict, code: dict) -> list[str]:
    """Per-article tables to recompute for every article: new parameters of a study they depend
    on, another code version, or no previous run."""
    if old is None or not same_code(old, code):
        return list(ARTICLE_TABLES)
    return [
        name
        for name, groups in ARTICLE_TABLES.items()
        if name not in old.tables or any(old.parameters.get(g) != params[g] for g in groups)
    ]


def drop_articles(root: Path, old: Manifest, gone: set[str], tables: list[str]) -> dict[str, list[str]]:
    """Remove the rows of ``gone`` articles from the parts that hold them; returns the chunks
    left (chunk → its remaining articles). A part left empty is deleted."""
    chunks: dict[str, list[str]] = {}
    for key, ids in old.chunks.items():
        keep = [i for i in ids if i not in gone]
        if len(keep) == len(ids):
            chunks[key] = ids
            continue
        for name in tables:
            path = table_dir(root, name) / f"part-{key}.parquet"
            frame = read_parts([path]) if path.is_file() else None
            if frame is not None and keep:
                write_frame(frame[frame["doc_id"].isin(keep)], path)
        if keep:
            chunks[key] = keep
        else:
            remove_parts(root, tables, [key])
    return chunks


def build(
    corpus: str | Path,
    out: str | Path,
    *,
    params: dict[str, Any] | None = None,
    engine: str = DEFAULT_ENGINE,
    scheduler: str | None = None,
    refit: bool = False,
    chunk_size: int = CHUNK_SIZE,
    load: dict[str, Any] | None = None,
    progress: bool | None = None,
    workers: int | None = None,
) -> tuple[Manifest, BuildReport]:
    """Bring the store in ``out`` up to date with ``corpus``; returns its manifest and what was done.

    ``params`` sets study parameters (:data:`analysis.store.studies.DEFAULTS`); ``refit`` forces
    a new topic model; ``load`` passes options to :func:`analysis.corpus.load_corpus`.
    ``workers`` is the number of processes the pandas engine computes chunks in (default: one
    per core, at most :data:`MAX_WORKERS`, and none but this one when there is a single chunk).
    """
    check_engine(engine)
    root = Path(out)
    check_output(corpus, root)
    report, clock = BuildReport(), time.perf_counter()
    params = parameters(params)
    found = find_sources(corpus, exclude=[root.parent])  # one walk, for the fingerprint and the reader
    root.mkdir(parents=True, exist_ok=True)  # after the walk: a missing corpus writes nothing
    mark_folder(root, "store")  # never read as corpus, wherever it ends up
    n_files = len(found.files)
    reading = {k: v for k, v in (load or {}).items() if v is not None}
    old, code = Manifest.read(root), code_version()
    if (
        old is not None
        and not refit
        and old.parameters == params
        and same_code(old, code)
        and old.reading == _jsonable(reading)
        and old.fingerprint == corpus_fingerprint(corpus, found=found)[0]  # hashed only when it decides
    ):
        report.unchanged = len(old.doc_hashes)
        report.seconds["read"] = round(time.perf_counter() - clock, 2)
        return old, report  # the same files read the same way: every table still holds
    docs = load_corpus(corpus, progress=progress, found=found, **reading)
    fingerprint = docs.attrs["fingerprint"]  # of the bytes read: a file rewritten meanwhile is read again
    analysed = analysed_rows(docs, keep_duplicates=params["corpus"]["keep_duplicates"])
    hashes = doc_hashes(analysed)
    report.seconds["read"] = round(time.perf_counter() - clock, 2)

    stale = stale_tables(old, params, code)
    fresh = [t for t in ARTICLE_TABLES if t not in stale]
    previous = old.doc_hashes if old else {}
    changed = {d for d, h in hashes.items() if d in previous and previous[d] != h}
    removed = set(previous) - set(hashes)
    report.added = sum(1 for d in hashes if d not in previous)
    report.changed, report.removed = len(changed), len(removed)
    chunks = drop_articles(root, old, changed | removed, fresh) if old and fresh else {}
    if stale:
        remove_parts(root, stale, (old.chunks if old else {}).keys())
    kept = {d for ids in chunks.values() for d in ids}
    report.unchanged = len(kept)
    clock = time.perf_counter()
    todo: dict[str, tuple[list[str], tuple[str, ...]]] = {}
    if stale:  # the kept chunks need the stale tables only
        for key, ids in chunks.items():
            todo[key] = (ids, tuple(stale))
    new_ids = [d for d in analysed["doc_id"] if d not in kept]
    for key, ids in plan_chunks(new_ids, chunk_size).items():
        todo[key] = (ids, tuple(ARTICLE_TABLES))
        chunks[key] = ids
    _run_chunks(root, analysed, todo, params, engine, scheduler, progress, workers)
    report.recomputed_tables = stale
    report.seconds["articles"] = round(time.perf_counter() - clock, 2)

    manifest = Manifest(
        corpus=str(corpus),
        fingerprint=fingerprint,
        n_files=n_files,
        parameters=params,
        reading=_jsonable(reading),
        doc_hashes=hashes,
        code=code,
        chunks=chunks,
        topics=dict(old.topics) if old else {},
        history=(old.history if old else [])[-20:],
    )
    for name in ARTICLE_TABLES:
        manifest.tables[name] = count_rows(part_paths(root, name, chunks))
    clock = time.perf_counter()
    if _nothing_changed(old, report, stale, params, refit, fingerprint):
        manifest.tables.update({k: v for k, v in old.tables.items() if k not in ARTICLE_TABLES})
    else:
        corpus_tables(
            root,
            docs,
            analysed,
            manifest,
            unchanged=kept,
            refit=refit,
            changed_share=_share(report, len(hashes)),
        )
    report.seconds["corpus"] = round(time.perf_counter() - clock, 2)
    manifest.history.append(
        {
            "added": report.added,
            "changed": report.changed,
            "removed": report.removed,
            "recomputed": stale,
            "seconds": report.seconds,
            "engine": engine,
        }
    )
    manifest.write(root)
    return manifest, report


def _nothing_changed(
    old: Manifest | None, report: BuildReport, stale: list[str], params: dict, refit: bool, fingerprint: str
) -> bool:
    """True when the corpus tables of the previous run still hold: same files, same articles,
    same parameters, same code, no refit asked."""
    return (
        old is not None
        and not stale
        and not refit
        and old.fingerprint == fingerprint
        and old.parameters == params
        and not (report.added or report.changed or report.removed)
    )


def _jsonable(value: Any) -> Any:
    """``value`` as it reads back from the manifest's JSON (tuples become lists)."""
    return json.loads(json.dumps(value, default=str))


def _share(report: BuildReport, n: int) -> float:
    return (report.added + report.changed + report.removed) / max(n, 1)


def _run_chunks(
    root: Path,
    analysed: pd.DataFrame,
    todo: dict,
    params: dict,
    engine: str,
    scheduler: str | None,
    progress: bool | None,
    workers: int | None = None,
) -> None:
    if not todo:
        return
    by_id = analysed.set_index("doc_id", drop=False)
    jobs = [
        (str(root), key, by_id.loc[ids].reset_index(drop=True), params, tables)
        for key, (ids, tables) in todo.items()
    ]
    if engine == "dask":
        _run_on_dask(jobs, scheduler, progress)
        return
    n = min(len(jobs), workers if workers is not None else min(os.cpu_count() or 1, MAX_WORKERS))
    if n <= 1:
        for job in bar(jobs, desc="articles", unit="chunk", min_items=2, show=progress):
            compute_chunk(*job)
        return
    _run_in_pool(jobs, n, progress)


def _run_in_pool(jobs: list[tuple], n: int, progress: bool | None) -> None:
    """Chunks computed in ``n`` worker processes, each writing its own parts (as on Dask).

    Why processes: the per-article studies are pure Python (tokenising, rules, the tagger), so
    threads would share one core; a chunk is the same function whichever process runs it, so the
    tables are those of the in-process run. ``spawn`` starts clean interpreters: a fork of a
    process holding model threads can deadlock.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=n, mp_context=context) as pool:
        futures = [pool.submit(compute_chunk, *job) for job in jobs]
        for future in bar(
            as_completed(futures),
            desc="articles",
            unit="chunk",
            total=len(futures),
            min_items=2,
            show=progress,
        ):
            future.result()


def _run_on_dask(
    jobs: list[tuple], scheduler: str | None, progress: bool | None, task: Callable[..., int] = compute_chunk
) -> None:
    from distributed import as_completed

    from analysis.engine import dask_client

    with dask_client(scheduler) as client:
        futures = [client.submit(task, *job, pure=False) for job in jobs]
        for future in bar(
            as_completed(futures),
            desc="articles",
            unit="chunk",
            total=len(futures),
            min_items=2,
            show=progress,
        ):
            future.result()  # raise a worker's error here, naming the chunk's first article
