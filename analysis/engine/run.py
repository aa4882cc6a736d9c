"""The streaming run: from a corpus's files to tables (or Parquet shards), on pandas or Dask.

Why in passes: pass 1 (:mod:`analysis.engine.index`) reads every partition for the small
summaries the whole corpus is needed for (ids, sidecar, duplicates); pass 2 reads each partition
again and runs the per-article studies on it while topics are fitted on the stream of its texts
(:meth:`analysis.topics.StreamingTopicModel.partial_fit`, on the client: the model is one object); pass 3
computes each partition's topic shares on the workers with the finished model.
"""

from __future__ import annotations

import collections
import json
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.corpus import boilerplate_frame, check_keep_columns, removed_spans
from analysis.engine.index import CorpusIndex, index_corpus
from analysis.engine.partitions import PARTITION_BYTES, ReadOptions, Runner
from analysis.engine.passes import process_partition, topic_partition, write_table
from analysis.engine.studies import STUDIES, check_engine, concat_results, dask_client
from analysis.params import DEFAULT_ENGINE
from analysis.topics import StreamingTopicModel


@dataclass
class CorpusRun:
    """The result of :func:`run_corpus`.

    ``tables``: study → table or dict of tables (in memory), or, with ``out``, the same keys
    mapping to the Parquet folders written. ``wall``: seconds per pass (``index`` reads the
    corpus for ids and duplicates, ``studies`` runs the per-article studies and streams topics,
    ``topics`` computes topic shares). ``busy``: seconds spent in each stage summed over
    partitions (on Dask, worker time: divide by the workers for a wall-clock share).
    ``boilerplate``: the removed-spans rows (:func:`analysis.corpus.boilerplate_table`; written
    as ``out/boilerplate/`` with ``out``) when the docs table was asked for.
    """

    tables: dict[str, Any]
    problems: list[dict[str, str]]
    n_docs: int
    n_partitions: int
    engine: str
    wall: dict[str, float] = field(default_factory=dict)
    busy: dict[str, float] = field(default_factory=dict)
    model: Any = None
    boilerplate: list[dict] = field(default_factory=list)


def run_corpus(
    path,
    studies: Sequence[str] = ("sentences", "attribution", "sentiment", "topics"),
    *,
    engine: str = DEFAULT_ENGINE,
    scheduler: str | None = None,
    options: Mapping[str, dict] | None = None,
    out: str | Path | None = None,
    columns: Mapping[str, str] | None = None,
    metadata: str | Path | bool | None = None,
    clean: bool = True,
    boilerplate: bool = True,
    dedup: bool = True,
    keep_duplicates: bool = False,
    keep_columns: Sequence[str] = (),
    furniture: str | Path | None = None,
    sep: str | None = None,
    exclude: Sequence[str | Path] = (),
    max_bytes: int = 20_000_000,
    partition_bytes: int = PARTITION_BYTES,
    max_in_flight: int | None = None,
    topic_chunk: int = 2000,
    n_workers: int = 2,
    client=None,
) -> CorpusRun:
    """Run studies over a corpus read partition by partition; memory is bounded by the
    partition size, not the corpus size, when ``out`` is given.

    ``studies``: any of :data:`STUDIES` (``docs`` returns the docs table itself, every row, with
    ``attrs["boilerplate"]`` the removed lines). The reading options are those of
    :func:`analysis.corpus.load_corpus` and give the same docs table. The studies see each exact
    or near copy once (:func:`analysis.corpus.analysed`) unless ``keep_duplicates``.
    ``options``: per-study keyword arguments, e.g. ``{"topics": {"n_topics": 20, "seed": 0}}``.
    Topics are fitted by streaming (:meth:`StreamingTopicModel.partial_fit` on each partition in
    corpus order, then :meth:`~StreamingTopicModel.finish`) -- on both engines, so their results
    agree; that is a different model from the batch fit of :func:`run_study`. Consecutive
    partitions are joined into chunks of at least ``topic_chunk`` articles (the first chunk
    fixes the bigrams and k). ``out``: a folder for Parquet shards
    (``out/<table>/part-NNNNN.parquet``, plus ``problems.jsonl``), which with a remote scheduler
    must be a path every worker can write. Without ``out`` the tables are returned in memory.
    ``engine="dask"`` uses ``client`` when given, else connects to ``scheduler``, else starts a
    ``LocalCluster`` of ``n_workers`` processes that is closed at the end.
    """
    check_engine(engine)
    studies = list(dict.fromkeys(studies))
    unknown = set(studies) - set(STUDIES)
    if unknown:
        raise ValueError(f"unknown stud(ies) {sorted(unknown)}; choose from {', '.join(STUDIES)}")
    options = {k: dict(v or {}) for k, v in (options or {}).items()}
    ropts = ReadOptions(
        dict(columns) if columns else None,
        clean,
        max_bytes,
        None,
        sep,
        check_keep_columns(keep_columns),
        str(furniture) if furniture else None,
        boilerplate,
        None,
        keep_duplicates,
    )
    if engine == "dask" and client is None:
        with dask_client(scheduler, n_workers=n_workers) as own:
            return _run(
                path,
                studies,
                "dask",
                own,
                options,
                out,
                ropts,
                metadata,
                dedup,
                exclude,
                partition_bytes,
                max_in_flight,
                topic_chunk,
            )
    return _run(
        path,
        studies,
        engine,
        client,
        options,
        out,
        ropts,
        metadata,
        dedup,
        exclude,
        partition_bytes,
        max_in_flight,
        topic_chunk,
    )


def _run(
    path,
    studies: list[str],
    engine: str,
    client,
    options: dict,
    out,
    ropts: ReadOptions,
    metadata,
    dedup: bool,
    exclude,
    partition_bytes: int,
    max_in_flight: int | None,
    topic_chunk: int,
) -> CorpusRun:
    runner = Runner(client if engine == "dask" else None, max_in_flight)
    out_s = str(out) if out is not None else None
    run = CorpusRun({}, [], 0, 0, engine)

    t0 = time.perf_counter()
    index, busy = index_corpus(
        path, runner, ropts, metadata=metadata, dedup=dedup, exclude=exclude, partition_bytes=partition_bytes
    )
    run.wall["index"] = time.perf_counter() - t0
    run.busy["index"] = busy
    run.problems, run.n_docs, run.n_partitions = index.problems, index.n_docs, len(index.partitions)

    model = StreamingTopicModel(**options.get("topics", {})) if "topics" in studies else None
    per_doc = [s for s in studies if s != "topics"]
    shard_problems = _study_pass(run, index, runner, per_doc, options, out_s, model, topic_chunk)
    if model is not None:
        _topic_pass(run, index, runner, model, out_s)
    if "docs" in run.tables and out_s is None:
        run.tables["docs"].attrs["problems"] = run.problems
        run.tables["docs"].attrs["boilerplate"] = run.boilerplate
    if out_s is not None:
        _write_problems(Path(out_s), run.problems, shard_problems)
        if "docs" in run.tables:
            write_table(boilerplate_frame(run.boilerplate), Path(out_s) / "boilerplate", 0)
    return run


def _study_pass(
    run: CorpusRun,
    index: CorpusIndex,
    runner: Runner,
    per_doc: list[str],
    options: Mapping[str, dict],
    out: str | None,
    model: StreamingTopicModel | None,
    topic_chunk: int,
) -> dict[str, list]:
    """Pass 2: the per-article studies on every partition, feeding topics chunk by chunk.

    Fills ``run.tables`` and ``run.busy``; returns the problems each table's shards reported.
    """
    t0 = time.perf_counter()
    collected: dict[str, list] = collections.defaultdict(list)
    shard_problems: dict[str, list] = collections.defaultdict(list)
    run.busy["topics_fit"] = 0.0
    items = list(zip(index.partitions, index.fixes))
    spans: list[tuple] = []
    pending: list[pd.DataFrame] = []  # partitions' texts waiting to make a topic chunk
    pending_n = 0
    for res in runner.imap(_process_job, items, index.ropts, per_doc, options, out, model is not None):
        for stage, s in res["seconds"].items():
            run.busy[stage] = run.busy.get(stage, 0.0) + s
        for name, value in res["tables"].items():
            collected[name].append(value)
        for name, probs in res.get("problems", {}).items():
            shard_problems[name].extend(probs)
        spans.extend(res["spans"])
        if model is not None and len(res["text"]):
            pending.append(res["text"])
            pending_n += len(res["text"])
            if pending_n >= topic_chunk:
                run.busy["topics_fit"] += _feed(model, pending)
                pending, pending_n = [], 0
    if model is not None and pending:
        run.busy["topics_fit"] += _feed(model, pending)
    run.wall["studies"] = time.perf_counter() - t0
    run.boilerplate = removed_spans(spans)
    for name in per_doc:
        run.tables[name] = concat_results(collected[name]) if out is None else _out_tables(Path(out), name)
    return shard_problems


def _topic_pass(
    run: CorpusRun, index: CorpusIndex, runner: Runner, model: StreamingTopicModel, out: str | None
) -> None:
    """Pass 3: finish the streamed model, then every partition's topic shares."""
    t0 = time.perf_counter()
    model.finish()
    run.busy["topics_fit"] += time.perf_counter() - t0
    run.model = model
    shared = runner.share(model)
    parts = []
    run.busy["topics_transform"] = 0.0
    items = list(zip(index.partitions, index.fixes))
    for table, seconds in runner.imap(_topic_job, items, index.ropts, shared, out):
        parts.append(table)
        run.busy["topics_transform"] += seconds
    summary = {
        "topic_terms": model.topic_terms_.copy(),
        "topic_quality": model.topic_quality_.copy(),
        "summary": model.summary(),
    }
    if out is None:
        run.tables["topics"] = {"doc_topics": pd.concat(parts, ignore_index=True), **summary}
    else:
        for key, table in summary.items():
            write_table(table, Path(out) / "topics" / key, 0)
        run.tables["topics"] = _out_tables(Path(out), "topics")
    run.wall["topics"] = time.perf_counter() - t0


def _feed(model: StreamingTopicModel, frames: list[pd.DataFrame]) -> float:
    """One :meth:`StreamingTopicModel.partial_fit` on consecutive partitions' texts; its seconds."""
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


def load_docs(path, *, engine: str = DEFAULT_ENGINE, scheduler: str | None = None, **kwargs) -> pd.DataFrame:
    """The docs table of :func:`analysis.corpus.load_corpus`, read in partitions on either
    engine (same rows, ids and ``duplicate_of``); ``kwargs`` go to :func:`run_corpus`."""
    run = run_corpus(path, ["docs"], engine=engine, scheduler=scheduler, **kwargs)
    return run.tables["docs"]
