"""Run the studies with pandas in one process (the default) or on Dask past one machine.

Why it looks like this:

* **One partition function, two engines.** Every study but topics works article by article, so
  the same function runs on a whole docs table or on one partition of a corpus. The pandas engine
  calls it on each partition in turn; the Dask engine hands the same calls to a
  ``dask.distributed`` cluster (an engine people already operate) with ``client.submit`` and
  takes the results back in partition order. Both engines therefore give the same rows in the
  same order -- identical tables, which ``tests/test_engine.py`` checks.
* **Partitions are groups of files.** :func:`plan_partitions` cuts the sorted file list of a
  corpus into runs of consecutive files of about ``partition_bytes`` together (a folder of .txt
  files, or JSONL/CSV/Parquet shards); each partition is read where it is processed
  (:func:`analysis.corpus.read_partition`), so the client never holds the corpus.
* **What needs the whole corpus is done on small summaries.** Sidecar metadata, renaming of
  repeated ``doc_id`` s and duplicate flags (``duplicate_of``) need every article. A first pass
  returns per article only its id, date, an exact-text hash and a 64-value MinHash signature
  (256 bytes); the client finds the LSH buckets that hold more than one article, fetches the
  shingles of just those articles and replays :func:`analysis.dedup.find_duplicates`' own loop,
  so the flags are the same as :func:`analysis.corpus.load_corpus` gives. The per-partition fixes
  (new ids, flags) are sent back with the second pass.
* **Topics stream.** :meth:`analysis.topics.TopicModel.partial_fit` is fed the partitions in
  order (on the client: the model is one object), then a last pass computes each partition's
  topic shares on the workers with the finished model.
* **Memory is bounded by the partition size.** At most ``max_in_flight`` partitions are being
  processed or waiting to be collected at once; with ``out=`` every partition's tables are written
  as Parquet shards where they were computed and only row counts come back.

:func:`run_study` keeps the simple contract the CLI and notebooks use (an in-memory docs table in,
tables out); :func:`run_corpus` is the streaming path from files to tables or to Parquet shards.
"""

from __future__ import annotations

import collections
import hashlib
import logging
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

Tables = pd.DataFrame | dict[str, pd.DataFrame]
ENGINES = ("pandas", "dask")
STUDIES = ("docs", "sentences", "attribution", "sentiment", "topics")
PER_DOCUMENT = ("docs", "sentences", "sentiment", "attribution")
#: Bytes of corpus files per partition: ~2,000 BBC-length articles, a few hundred MB of tables.
PARTITION_BYTES = 4_000_000

# The defaults of analysis.dedup.find_duplicates, which load_corpus uses.
_NUM_PERM, _BANDS, _THRESHOLD, _DEDUP_SEED = 64, 16, 0.8, 0


# --- study functions --------------------------------------------------------------------------


def study_function(study: str, options: dict[str, Any] | None = None) -> Callable[[pd.DataFrame], Tables]:
    """The per-corpus function of a study, with its options bound."""
    options = dict(options or {})
    if study == "docs":
        return lambda docs: docs.reset_index(drop=True)
    if study == "sentences":
        from analysis.text import sentences

        return sentences
    if study == "attribution":
        from analysis import attribution

        return lambda docs: attribution.extract(docs, **options)
    if study == "sentiment":
        from analysis import sentiment

        return lambda docs: sentiment.extract(docs, **options)
    if study == "topics":
        from analysis import topics

        return lambda docs: topics.extract(docs, **options)
    raise ValueError(f"unknown study {study!r}; choose from {', '.join(STUDIES)}")


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose pandas or dask")


def run_study(
    study: str,
    docs: pd.DataFrame,
    *,
    options: dict[str, Any] | None = None,
    engine: str = "pandas",
    scheduler: str | None = None,
    partition_size: int = 2000,
) -> Tables:
    """Run ``study`` on an in-memory docs table with the chosen engine; the result does not
    depend on the engine.

    Per-article studies run on slices of ``partition_size`` articles on Dask. Topics are one
    batch model fitted in this process on either engine (a batch fit cannot be split without
    changing its result); for corpora too large for memory use :func:`run_corpus`, which streams.
    """
    _check_engine(engine)
    func = study_function(study, options)
    if engine == "pandas" or study not in PER_DOCUMENT:
        return func(docs)
    return map_partitions(func, docs, scheduler=scheduler, partition_size=partition_size)


@contextmanager
def dask_client(scheduler: str | None = None, n_workers: int = 2):
    """A ``dask.distributed`` client: to ``scheduler`` when given (we leave that cluster
    running), else to a ``LocalCluster`` of ``n_workers`` single-threaded processes that we
    start here and close on exit."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield client


def map_partitions(
    func: Callable[[pd.DataFrame], Tables],
    docs: pd.DataFrame,
    *,
    scheduler: str | None = None,
    partition_size: int = 2000,
) -> Tables:
    """Apply ``func`` to consecutive slices of ``docs`` on Dask and concatenate in order."""
    parts = [docs.iloc[i : i + partition_size] for i in range(0, len(docs), partition_size)] or [docs]
    with dask_client(scheduler) as client:
        futures = client.map(func, client.scatter(parts), pure=False)
        results = client.gather(futures)
    return concat_results(results)


def concat_results(results: Sequence[Tables]) -> Tables:
    """Concatenate per-partition results (frames, or dicts of frames) in partition order.

    ``attrs["problems"]`` lists are joined too (pandas drops attrs that differ between parts).
    """
    if isinstance(results[0], dict):
        return {key: concat_results([r[key] for r in results]) for key in results[0]}
    out = pd.concat(results, ignore_index=True)
    problems = [p for r in results for p in r.attrs.get("problems", [])]
    if any("problems" in r.attrs for r in results):
        out.attrs["problems"] = problems
    return out


# --- partitions -------------------------------------------------------------------------------


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
    from analysis.corpus import corpus_root, resolve_sources

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


def _read(part: Partition, ropts: ReadOptions) -> tuple[pd.DataFrame, list[dict]]:
    from analysis.corpus import read_partition

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reported in problems; one line per bad file, not two
        return read_partition(part.sources, columns=ropts.columns, clean=ropts.clean,
                              max_bytes=ropts.max_bytes, root=ropts.root)


# --- pass 1: what the whole corpus is needed for ----------------------------------------------

_SIDECAR_COLUMNS = ["title", "date", "date_from", "outlet", "outlet_from", "url"]


def _hash_params() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(_DEDUP_SEED)
    a = rng.integers(1, 1 << 32, size=_NUM_PERM, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 1 << 32, size=_NUM_PERM, dtype=np.uint64)
    return a, b


def _exact_key(text: str) -> bytes:
    from analysis.dedup import _normalised

    return hashlib.blake2b(_normalised(text).encode(), digest_size=16).digest()


def skim_partition(part: Partition, ropts: ReadOptions, sidecar: bool) -> dict[str, Any]:
    """Pass 1 on one partition: ids, dates, exact-text keys and MinHash signatures (uint32;
    every value is below 2**32) -- about 300 bytes per article whatever its length."""
    from analysis.dedup import _signature, shingles

    t0 = time.perf_counter()
    docs, problems = _read(part, ropts)
    a, b = _hash_params()
    texts = docs["text"].tolist()
    sig = np.empty((len(texts), _NUM_PERM), dtype=np.uint32)
    for i, text in enumerate(texts):
        sig[i] = _signature(shingles(text), a, b)
    light = docs[["doc_id", "source_path"] + (_SIDECAR_COLUMNS if sidecar else ["date"])]
    return {"light": light, "keys": [_exact_key(t) for t in texts], "sig": sig,
            "problems": problems, "seconds": time.perf_counter() - t0}


def shingle_rows(part: Partition, ropts: ReadOptions, rows: Sequence[int]) -> dict[int, np.ndarray]:
    """Pass 1b: word 5-gram shingles of some rows of a partition (for duplicate checks)."""
    from analysis.dedup import shingles

    docs, _ = _read(part, ropts)
    texts = docs["text"].tolist()
    return {int(r): shingles(texts[r]) for r in rows}


def _duplicates(ids: np.ndarray, dates: pd.Series, keys: list[bytes], sig: np.ndarray,
                fetch: Callable[[np.ndarray], dict[int, np.ndarray]]) -> np.ndarray:
    """``duplicate_of`` as :func:`analysis.dedup.find_duplicates` computes it, from keys and
    signatures; ``fetch(positions)`` returns the shingles of the few articles that share an LSH
    bucket with another one (the only ones whose similarity is ever checked)."""
    from analysis.dedup import _canonical_order, _jaccard

    n = len(ids)
    result = np.full(n, None, dtype=object)
    order = _canonical_order(pd.DataFrame({"date": dates.to_numpy()}))
    first_of: dict[bytes, int] = {}
    unique: list[int] = []
    for pos in order:
        key = keys[pos]
        if key in first_of:
            result[pos] = ids[first_of[key]]
        else:
            first_of[key] = pos
            unique.append(pos)
    uniq = np.asarray(unique, dtype=np.int64)
    rows = _NUM_PERM // _BANDS
    involved = np.zeros(n, dtype=bool)
    for band in range(_BANDS):
        block = np.ascontiguousarray(sig[uniq, band * rows:(band + 1) * rows])
        keys_b = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        _, inverse, counts = np.unique(keys_b, return_inverse=True, return_counts=True)
        involved[uniq[counts[inverse.ravel()] > 1]] = True
    if not involved.any():
        return result
    shingle_sets = fetch(np.flatnonzero(involved))
    buckets: dict[tuple[int, bytes], list[int]] = {}
    for pos in uniq[involved[uniq]]:
        bkeys = [(band, sig[pos, band * rows:(band + 1) * rows].tobytes()) for band in range(_BANDS)]
        candidates = [c for k in bkeys for c in buckets.get(k, ())]
        sh = shingle_sets[int(pos)]
        match = next((c for c in dict.fromkeys(candidates)
                      if _jaccard(sh, shingle_sets[c]) >= _THRESHOLD), None)
        if match is not None:
            result[pos] = ids[match]
            continue
        for k in bkeys:
            buckets.setdefault(k, []).append(int(pos))
    return result


@dataclass
class CorpusIndex:
    """What pass 1 learnt: per partition its row count and the fixes to apply to its rows."""

    partitions: list[Partition]
    ropts: ReadOptions
    sizes: list[int]
    fixes: list[dict[str, Any]]
    problems: list[dict[str, str]]
    n_docs: int


def _fix(docs: pd.DataFrame, fix: Mapping[str, Any]) -> pd.DataFrame:
    """Apply the whole-corpus fixes of one partition (ids, sidecar fields, duplicate flags)."""
    if not fix or docs.empty:
        return docs
    docs = docs.copy()
    for column, values in fix.items():
        docs[column] = pd.array(values, dtype=docs[column].dtype) if column != "date" else values
    return docs


# --- passes over partitions, on either engine --------------------------------------------------


class _Runner:
    """Calls a function on every partition, in process or on Dask, yielding results in
    partition order with at most ``max_in_flight`` partitions pending (bounded memory)."""

    def __init__(self, client=None, max_in_flight: int | None = None):
        self.client = client
        if max_in_flight is None and client is not None:
            n = len(client.scheduler_info().get("workers", {})) or 1
            max_in_flight = 2 * n
        self.max_in_flight = max(1, max_in_flight or 1)

    def imap(self, func: Callable, items: Iterable, *args) -> Iterator:
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


def index_corpus(path, runner: _Runner, *, columns=None, metadata=None, clean: bool = True,
                 dedup: bool = True, max_bytes: int = 20_000_000,
                 partition_bytes: int = PARTITION_BYTES) -> tuple[CorpusIndex, float]:
    """Pass 1: plan partitions, skim them and compute the whole-corpus fixes exactly as
    :func:`analysis.corpus.load_corpus` would (sidecar, unique ids, duplicates)."""
    from analysis.corpus import CorpusError, _describe, _sidecar_path, _unique_ids, apply_sidecar

    parts, root = plan_partitions(path, partition_bytes=partition_bytes)
    ropts = ReadOptions(dict(columns) if columns else None, clean, max_bytes,
                        str(root) if root is not None else None)
    sidecar = _sidecar_path(path, metadata)
    skims = list(runner.imap(skim_partition, parts, ropts, sidecar is not None))
    busy = sum(s["seconds"] for s in skims)
    problems = [p for s in skims for p in s["problems"]]
    sizes = [len(s["light"]) for s in skims]
    if not sum(sizes):
        detail = "; ".join(f"{p['path']}: {p['problem']}" for p in problems[:5])
        raise CorpusError(f"{_describe(path)}: no readable article" + (f" ({detail})" if detail else ""))
    light = pd.concat([s["light"] for s in skims if len(s["light"])], ignore_index=True)
    keys = [k for s in skims for k in s["keys"]]
    sig = np.concatenate([s["sig"] for s in skims])
    del skims
    columns_fixed: dict[str, Any] = {}
    if sidecar is not None:
        light = apply_sidecar(light, sidecar, problems)
        columns_fixed.update({c: light[c].to_numpy() for c in _SIDECAR_COLUMNS})
    old_ids = light["doc_id"].to_numpy()
    light = _unique_ids(light, problems)
    ids = light["doc_id"].to_numpy(dtype=object)
    if not np.array_equal(old_ids, ids):
        columns_fixed["doc_id"] = ids
    if dedup:
        offsets = np.cumsum([0] + sizes)

        def fetch(positions: np.ndarray) -> dict[int, np.ndarray]:
            which = np.searchsorted(offsets, positions, side="right") - 1
            wanted = [(parts[p], (positions[which == p] - offsets[p]).tolist())
                      for p in np.unique(which)]
            out: dict[int, np.ndarray] = {}
            for (part, rows), got in zip(wanted, runner.imap(_shingle_job, wanted, ropts)):
                out.update({int(offsets[part.index] + r): sh for r, sh in got.items()})
            return out

        columns_fixed["duplicate_of"] = _duplicates(ids, light["date"], keys, sig, fetch)
    fixes = []
    start = 0
    for n in sizes:
        fixes.append({c: v[start:start + n] for c, v in columns_fixed.items()})
        start += n
    return CorpusIndex(parts, ropts, sizes, fixes, problems, int(sum(sizes))), busy


def _shingle_job(item, ropts):
    part, rows = item
    return shingle_rows(part, ropts, rows)


# --- pass 2: the per-article studies ------------------------------------------------------------


def _write(table: pd.DataFrame, folder: Path, index: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    clean = table.copy()
    clean.attrs = {}
    clean.to_parquet(folder / f"part-{index:05d}.parquet", index=False)
    return len(table)


def process_partition(part: Partition, fix: Mapping[str, Any], ropts: ReadOptions,
                      studies: Sequence[str], options: Mapping[str, dict], out: str | None,
                      want_text: bool) -> dict[str, Any]:
    """Pass 2 on one partition: read it, apply the corpus fixes, run the per-article studies.

    Returns the tables (or, with ``out``, writes them as ``out/<table>/part-NNNNN.parquet`` and
    returns row counts), per-stage seconds, and the text columns topics stream from when
    ``want_text``.
    """
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    docs, _ = _read(part, ropts)
    docs = _fix(docs, fix)
    seconds["load"] = time.perf_counter() - t0
    tables: dict[str, Tables] = {}
    if "docs" in studies:
        tables["docs"] = docs
    for study in ("sentences", "attribution", "sentiment"):
        if study not in studies:
            continue
        t0 = time.perf_counter()
        opts = dict(options.get(study, {}))
        if study == "sentiment" and "attribution" in tables and not options.get("attribution") \
                and "gazetteer" not in opts and "attributions" not in opts:
            # The table sentiment would compute itself (rules, packaged gazetteer): reuse it.
            opts["attributions"] = tables["attribution"]
        if study == "sentiment" and "sentences" in tables and "sentences" not in opts:
            opts["sentences"] = tables["sentences"]  # the same split: no need to split again
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # problems travel in attrs["problems"]
            tables[study] = study_function(study, opts)(docs)
        seconds[study] = time.perf_counter() - t0
    result: dict[str, Any] = {"seconds": seconds, "n": len(docs)}
    if want_text:
        result["text"] = docs[["doc_id", "title", "text"]]
    if out is None:
        result["tables"] = tables
    else:
        result["tables"] = {}
        result["problems"] = {}
        for name, table in _flat(tables):
            result["tables"][name] = _write(table, Path(out) / name, part.index)
            if table.attrs.get("problems"):
                result["problems"][name] = table.attrs["problems"]
    return result


def _flat(tables: Mapping[str, Tables]) -> Iterator[tuple[str, pd.DataFrame]]:
    for name, value in tables.items():
        if isinstance(value, dict):
            for key, table in value.items():
                yield f"{name}/{key}", table
        else:
            yield name, value


def topic_partition(part: Partition, fix: Mapping[str, Any], ropts: ReadOptions, model,
                    out: str | None) -> tuple[pd.DataFrame | int, float]:
    """Pass 3 on one partition: the articles' topic shares under the finished streaming model
    (doc_id, topic, weight; rows with weight > 0, as :meth:`TopicModel.doc_topic_table`)."""
    t0 = time.perf_counter()
    docs, _ = _read(part, ropts)
    docs = _fix(docs, fix)
    if docs.empty:
        table = pd.DataFrame({"doc_id": pd.array([], dtype="string"),
                              "topic": np.array([], dtype="int64"), "weight": np.array([], float)})
    else:
        shares = model.transform(docs[["doc_id", "title", "text"]])
        r, c = np.nonzero(shares > 0.0)
        table = pd.DataFrame({"doc_id": pd.array(docs["doc_id"].to_numpy()[r], dtype="string"),
                              "topic": c.astype("int64"), "weight": shares[r, c]})
    seconds = time.perf_counter() - t0
    if out is not None:
        return _write(table, Path(out) / "topics" / "doc_topics", part.index), seconds
    return table, seconds


# --- the streaming run --------------------------------------------------------------------------


@dataclass
class CorpusRun:
    """The result of :func:`run_corpus`.

    ``tables``: study → table or dict of tables (in memory), or, with ``out``, the same keys
    mapping to the Parquet folders written. ``wall``: seconds per pass (``index`` reads the
    corpus for ids and duplicates, ``studies`` runs the per-article studies and streams topics,
    ``topics`` computes topic shares). ``busy``: seconds spent in each stage summed over
    partitions (on Dask, worker time: divide by the workers for a wall-clock share).
    """

    tables: dict[str, Any]
    problems: list[dict[str, str]]
    n_docs: int
    n_partitions: int
    engine: str
    wall: dict[str, float] = field(default_factory=dict)
    busy: dict[str, float] = field(default_factory=dict)
    model: Any = None


def run_corpus(
    path,
    studies: Sequence[str] = ("sentences", "attribution", "sentiment", "topics"),
    *,
    engine: str = "pandas",
    scheduler: str | None = None,
    options: Mapping[str, dict] | None = None,
    out: str | Path | None = None,
    columns: Mapping[str, str] | None = None,
    metadata: str | Path | bool | None = None,
    clean: bool = True,
    dedup: bool = True,
    max_bytes: int = 20_000_000,
    partition_bytes: int = PARTITION_BYTES,
    max_in_flight: int | None = None,
    topic_chunk: int = 2000,
    n_workers: int = 2,
    client=None,
) -> CorpusRun:
    """Run studies over a corpus read partition by partition; memory is bounded by the
    partition size, not the corpus size, when ``out`` is given.

    ``studies``: any of :data:`STUDIES` (``docs`` returns the docs table itself). ``options``:
    per-study keyword arguments, e.g. ``{"topics": {"n_topics": 20, "seed": 0}}``. Topics are
    fitted by streaming (:meth:`TopicModel.partial_fit` on each partition in corpus order, then
    :meth:`~TopicModel.finish`) -- on both engines, so their results agree; that is a different
    model from the batch fit of :func:`run_study`. Consecutive partitions are joined into
    chunks of at least ``topic_chunk`` articles (the first chunk fixes the bigrams and k). ``out``: a folder for Parquet shards
    (``out/<table>/part-NNNNN.parquet``, plus ``problems.jsonl``), which with a remote scheduler
    must be a path every worker can write. Without ``out`` the tables are returned in memory.
    ``engine="dask"`` uses ``client`` when given, else connects to ``scheduler``, else starts a
    ``LocalCluster`` of ``n_workers`` processes that is closed at the end.
    """
    _check_engine(engine)
    studies = list(dict.fromkeys(studies))
    unknown = set(studies) - set(STUDIES)
    if unknown:
        raise ValueError(f"unknown stud(ies) {sorted(unknown)}; choose from {', '.join(STUDIES)}")
    options = {k: dict(v or {}) for k, v in (options or {}).items()}
    if engine == "dask" and client is None:
        with dask_client(scheduler, n_workers=n_workers) as own:
            return run_corpus(path, studies, engine=engine, options=options, out=out,
                              columns=columns, metadata=metadata, clean=clean, dedup=dedup,
                              max_bytes=max_bytes, partition_bytes=partition_bytes,
                              max_in_flight=max_in_flight, topic_chunk=topic_chunk,
                              client=own)
    runner = _Runner(client if engine == "dask" else None, max_in_flight)
    out_s = str(out) if out is not None else None
    run = CorpusRun({}, [], 0, 0, engine)

    t0 = time.perf_counter()
    index, busy = index_corpus(path, runner, columns=columns, metadata=metadata, clean=clean,
                               dedup=dedup, max_bytes=max_bytes, partition_bytes=partition_bytes)
    run.wall["index"] = time.perf_counter() - t0
    run.busy["index"] = busy
    run.problems, run.n_docs, run.n_partitions = index.problems, index.n_docs, len(index.partitions)

    model = None
    if "topics" in studies:
        from analysis.topics import TopicModel

        model = TopicModel(**options.get("topics", {}))
    per_doc = [s for s in studies if s != "topics"]
    t0 = time.perf_counter()
    collected: dict[str, list] = collections.defaultdict(list)
    shard_problems: dict[str, list] = collections.defaultdict(list)
    run.busy["topics_fit"] = 0.0
    items = list(zip(index.partitions, index.fixes))
    pending: list[pd.DataFrame] = []  # partitions' texts waiting to make a topic chunk
    pending_n = 0
    for res in runner.imap(_process_job, items, index.ropts, per_doc, options, out_s,
                           model is not None):
        for stage, s in res["seconds"].items():
            run.busy[stage] = run.busy.get(stage, 0.0) + s
        for name, value in res["tables"].items():
            collected[name].append(value)
        for name, probs in res.get("problems", {}).items():
            shard_problems[name].extend(probs)
        if model is not None and len(res["text"]):
            pending.append(res["text"])
            pending_n += len(res["text"])
            if pending_n >= topic_chunk:
                run.busy["topics_fit"] += _feed(model, pending)
                pending, pending_n = [], 0
    if model is not None and pending:
        run.busy["topics_fit"] += _feed(model, pending)
    run.wall["studies"] = time.perf_counter() - t0

    for name in per_doc:
        if out_s is None:
            run.tables[name] = concat_results(collected[name])
        else:
            run.tables[name] = _out_tables(Path(out_s), name)
    if model is not None:
        t0 = time.perf_counter()
        model.finish()
        run.busy["topics_fit"] += time.perf_counter() - t0
        run.model = model
        shared = runner.share(model)
        parts = []
        run.busy["topics_transform"] = 0.0
        for table, seconds in runner.imap(_topic_job, items, index.ropts, shared, out_s):
            parts.append(table)
            run.busy["topics_transform"] += seconds
        summary = {"topic_terms": model.topic_terms_.copy(),
                   "topic_quality": model.topic_quality_.copy(), "summary": model.summary()}
        if out_s is None:
            run.tables["topics"] = {"doc_topics": pd.concat(parts, ignore_index=True), **summary}
        else:
            for key, table in summary.items():
                _write(table, Path(out_s) / "topics" / key, 0)
            run.tables["topics"] = _out_tables(Path(out_s), "topics")
        run.wall["topics"] = time.perf_counter() - t0
    if "docs" in run.tables and out_s is None:
        run.tables["docs"].attrs["problems"] = run.problems
    if out_s is not None:
        _write_problems(Path(out_s), run.problems, shard_problems)
    return run


def _feed(model, frames: list[pd.DataFrame]) -> float:
    """One :meth:`TopicModel.partial_fit` on consecutive partitions' texts; its seconds."""
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.partial_fit(pd.concat(frames, ignore_index=True))
    return time.perf_counter() - t0


def _process_job(item, ropts, studies, options, out, want_text):
    part, fix = item
    return process_partition(part, fix, ropts, studies, options, out, want_text)


def _topic_job(item, ropts, model, out):
    part, fix = item
    return topic_partition(part, fix, ropts, model, out)


def _out_tables(out: Path, name: str) -> Path | dict[str, Path]:
    folder = out / name
    subs = sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    return {p.name: p for p in subs} if subs else folder


def _write_problems(out: Path, corpus: list[dict], by_table: Mapping[str, list]) -> None:
    import json

    out.mkdir(parents=True, exist_ok=True)
    with open(out / "problems.jsonl", "w", encoding="utf-8") as fh:
        for p in corpus:
            fh.write(json.dumps({"table": "docs", **p}, ensure_ascii=False) + "\n")
        for name, probs in by_table.items():
            for p in probs:
                fh.write(json.dumps({"table": name, **p}, ensure_ascii=False, default=str) + "\n")


def read_tables(folder: str | Path) -> pd.DataFrame:
    """One table written by :func:`run_corpus` with ``out=``: its Parquet shards in order."""
    shards = sorted(Path(folder).glob("part-*.parquet"))
    return pd.concat([pd.read_parquet(s) for s in shards], ignore_index=True)


def load_docs(path, *, engine: str = "pandas", scheduler: str | None = None, **kwargs) -> pd.DataFrame:
    """The docs table of :func:`analysis.corpus.load_corpus`, read in partitions on either
    engine (same rows, ids and ``duplicate_of``); ``kwargs`` go to :func:`run_corpus`."""
    run = run_corpus(path, ["docs"], engine=engine, scheduler=scheduler, **kwargs)
    return run.tables["docs"]
