"""Fill the study store: per-article tables incrementally, on pandas or Dask, then corpus tables.

A run (``python -m analysis run``, and ``report`` before it renders), holding ``store/.lock``:

1. reads the manifest of the previous run and verifies the files it names (size, and SHA-256
   when a file was touched): a damaged or missing part is recomputed, with a warning naming it;
2. reads the corpus, hashes each article's content and every input file a parameter names
   (story file, lexicon, external sidecar), and cuts the articles into chunks;
3. computes the parts of the chunks that are new or whose tables' parameters or code changed —
   in this process (``engine="pandas"``) or on a ``dask.distributed`` cluster (``engine="dask"``),
   where each worker writes its chunk's parts — under new, content-addressed names;
4. recomputes the corpus tables (:mod:`analysis.store.corpus_tables`), then switches to the new
   state with one atomic manifest write and deletes the files no manifest names.

Why this shape: the expensive work is per article, so an unchanged article is never analysed
twice; the engines differ only in where a chunk is computed, so they give identical tables; and
nothing the current manifest names is ever overwritten, so a run killed at any point leaves the
old state or the new one. Chunks are cut by the articles' ids (content-defined, like rsync), not
by position: a chunk's speakers and targets come from its own actors, so an incremental run must
see the same chunks as a clean build of the same corpus, and an added article only changes the
chunk it falls in.
"""

from __future__ import annotations

import hashlib
import json
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.corpus import Sources, check_output, corpus_fingerprint, find_sources, load_corpus, mark_folder
from analysis.corpus import analysed as analysed_rows
from analysis.params import DEFAULT_ENGINE, check_engine
from analysis.store.corpus_tables import corpus_tables
from analysis.store.guard import store_lock
from analysis.store.manifest import Manifest, code_version, doc_hashes, input_hashes
from analysis.store.parts import Entry, check_entry, collect
from analysis.store.pool import run_chunks
from analysis.store.studies import ARTICLE_TABLES, CHUNK_SIZE, parameters


@dataclass
class BuildReport:
    """What a run did: counts of articles by fate and seconds per stage."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    recomputed_tables: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def chunk_key(doc_ids: list[str], hashes: dict[str, str] | None = None) -> str:
    """A stable name for a chunk of articles: the same articles with the same content give the
    same name, so a chunk whose name is in the manifest needs no work."""
    lines = (f"{d}\t{(hashes or {}).get(d, '')}" for d in doc_ids)
    return hashlib.sha1("\n".join(lines).encode()).hexdigest()[:16]


def plan_chunks(doc_ids: list[str], size: int, hashes: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Chunks of about ``size`` articles in corpus order, cut after each article whose id hashes
    to a multiple of ``size`` (at most ``2 * size`` articles a chunk), named by :func:`chunk_key`.

    Why by id: a cut depends on the article, not on how many came before it, so adding,
    changing or removing an article changes only its own chunk (and a run of chunks cut at the
    maximum after it, up to the next cut by id), and an incremental run cuts the same chunks as
    a clean build."""
    size = max(int(size), 1)
    chunks, current = [], []
    for doc_id in doc_ids:
        current.append(doc_id)
        cut = int(hashlib.sha1(str(doc_id).encode()).hexdigest()[:12], 16) % size == 0
        if cut or len(current) >= 2 * size:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return {chunk_key(c, hashes): c for c in chunks}


def same_code(old: Manifest, code: dict) -> bool:
    """The tables were made by this code: same package version and same data files (lexicons,
    models). The git commit is recorded but not compared: a commit of a notebook or a test must
    not make a weekly run read 100,000 articles again."""
    return old.code.get("version") == code.get("version") and old.code.get("data") == code.get("data")


def stale_tables(
    old: Manifest | None, params: dict, code: dict, inputs: dict[str, str] | None = None
) -> list[str]:
    """Per-article tables to recompute for every article: new parameters of a study they depend
    on (or a changed file a parameter names), another code version, or no previous run."""
    if old is None or not same_code(old, code):
        return list(ARTICLE_TABLES)
    inputs = inputs or {}

    def changed(group: str) -> bool:
        keys = {k for k in {*inputs, *old.inputs} if k.startswith(f"{group}.")}
        return old.parameters.get(group) != params[group] or any(
            old.inputs.get(k) != inputs.get(k) for k in keys
        )

    return [
        name for name, groups in ARTICLE_TABLES.items() if name not in old.parts or any(map(changed, groups))
    ]


def verified(root: Path, old: Manifest | None, report: BuildReport) -> Manifest | None:
    """``old`` with only the files that are as it recorded them; each other one is named in a
    warning (and in ``report.damaged``) and will be recomputed."""
    if old is None:
        return None
    bad = []
    parts = {}
    for name, table in old.parts.items():
        parts[name] = {}
        for key, entry in table.items():
            problem = check_entry(root, entry) if key in old.chunks else "not in any chunk"
            if problem is None:
                parts[name][key] = entry
            elif key in old.chunks:
                bad.append(f"{root / entry.get('file', name)}: {problem}")
    files = {}
    for name, entry in old.files.items():
        problem = check_entry(root, entry)
        if problem is None:
            files[name] = entry
        else:
            bad.append(f"{root / entry.get('file', name)}: {problem}")
    for item in bad:
        warnings.warn(f"damaged store file {item}; recomputing it", stacklevel=3)
    report.damaged = bad
    good = Manifest(**{**old.__dict__, "parts": parts, "files": files})
    return good


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
    per core, at most :data:`analysis.store.pool.MAX_WORKERS`, and none but this one when there
    is a single chunk). A second run on the same ``out`` waits for this one (``out/.lock``).
    """
    check_engine(engine)
    root = Path(out)
    check_output(corpus, root)
    params = parameters(params)
    found = find_sources(corpus, exclude=[root.parent])  # one walk, for the fingerprint and the reader
    root.mkdir(parents=True, exist_ok=True)  # after the walk: a missing corpus writes nothing
    mark_folder(root, "store")  # never read as corpus, wherever it ends up
    with store_lock(root):
        return _build(
            corpus, found, root, params, engine, scheduler, refit, chunk_size, load, progress, workers
        )


def _build(
    corpus: str | Path,
    found: Sources,
    root: Path,
    params: dict,
    engine: str,
    scheduler: str | None,
    refit: bool,
    chunk_size: int,
    load: dict[str, Any] | None,
    progress: bool | None,
    workers: int | None,
) -> tuple[Manifest, BuildReport]:
    report, clock = BuildReport(), time.perf_counter()
    n_files = len(found.files)
    reading = _jsonable({k: v for k, v in (load or {}).items() if v is not None})
    code, inputs = code_version(), input_hashes(params, reading)
    old = verified(root, Manifest.read(root), report)
    same_inputs = old is not None and old.inputs == inputs and old.reading == reading
    quick = same_inputs and not report.damaged and not refit and _same_run(old, old.fingerprint, params, code)
    if quick and old.fingerprint == corpus_fingerprint(corpus, found=found)[0]:  # hashed only when it decides
        report.unchanged = len(old.doc_hashes)
        report.seconds["read"] = round(time.perf_counter() - clock, 2)
        collect(root, old.referenced())  # what a killed run left beside this state
        return old, report  # the same files read the same way, every file as recorded: all holds
    docs = load_corpus(corpus, progress=progress, found=found, **reading)
    fingerprint = docs.attrs["fingerprint"]  # of the bytes read: a file rewritten meanwhile is read again
    analysed = analysed_rows(docs, keep_duplicates=params["corpus"]["keep_duplicates"])
    hashes = doc_hashes(analysed)
    report.seconds["read"] = round(time.perf_counter() - clock, 2)

    stale = stale_tables(old, params, code, inputs)
    previous = old.doc_hashes if old else {}
    report.added = sum(1 for d in hashes if d not in previous)
    report.changed = sum(1 for d, h in hashes.items() if d in previous and previous[d] != h)
    report.removed = len(set(previous) - set(hashes))
    unchanged = {d for d, h in hashes.items() if previous.get(d) == h}
    report.unchanged = len(unchanged)
    chunks = plan_chunks(list(analysed["doc_id"]), chunk_size, hashes)
    kept = {
        name: {} if name in stale else (old.parts.get(name, {}) if old else {}) for name in ARTICLE_TABLES
    }
    todo = {key: tuple(name for name in ARTICLE_TABLES if key not in kept[name]) for key in chunks}
    clock = time.perf_counter()
    by_id = analysed.set_index("doc_id", drop=False)
    jobs = [
        (str(root), key, by_id.loc[chunks[key]].reset_index(drop=True), params, tables)
        for key, tables in todo.items()
        if tables
    ]
    written = run_chunks(jobs, engine, scheduler, progress, workers)
    parts: dict[str, dict[str, Entry]] = {name: {} for name in ARTICLE_TABLES}
    for key in chunks:
        for name in ARTICLE_TABLES:
            parts[name][key] = written[key][name] if name in todo[key] else kept[name][key]
    report.recomputed_tables = stale
    report.seconds["articles"] = round(time.perf_counter() - clock, 2)

    manifest = Manifest(
        corpus=str(corpus),
        fingerprint=fingerprint,
        n_files=n_files,
        parameters=params,
        reading=reading,
        doc_hashes=hashes,
        code=code,
        chunks=chunks,
        parts=parts,
        files=dict(old.files) if old else {},
        inputs=inputs,
        topics=dict(old.topics) if old else {},
        history=(old.history if old else [])[-20:],
    )
    for name in ARTICLE_TABLES:
        manifest.tables[name] = sum(int(e["rows"]) for e in parts[name].values())
    clock = time.perf_counter()
    corpus_same = same_inputs and not refit and _same_run(old, fingerprint, params, code)
    if corpus_same and not (report.added or report.changed or report.removed) and _whole(old):
        manifest.tables.update({k: v for k, v in old.tables.items() if k not in ARTICLE_TABLES})
    else:
        corpus_tables(
            root,
            docs,
            analysed,
            manifest,
            unchanged=unchanged,
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
            "damaged": len(report.damaged),
            "seconds": report.seconds,
            "engine": engine,
        }
    )
    manifest.write(root)
    collect(root, manifest.referenced())
    return manifest, report


def _same_run(old: Manifest | None, fingerprint: str, params: dict, code: dict) -> bool:
    """The previous run read the same files with the same parameters and code."""
    return (
        old is not None
        and old.fingerprint == fingerprint
        and old.parameters == params
        and same_code(old, code)
    )


def _whole(old: Manifest | None) -> bool:
    """Every corpus table of ``old`` (and the topic model) passed verification."""
    if old is None or (old.topics and "topic_model" not in old.files):
        return False
    return all(n in old.files for n in old.tables if n not in ARTICLE_TABLES)


def _jsonable(value: Any) -> Any:
    """``value`` as it reads back from the manifest's JSON (tuples become lists)."""
    return json.loads(json.dumps(value, default=str))


def _share(report: BuildReport, n: int) -> float:
    return (report.added + report.changed + report.removed) / max(n, 1)
