"""Passes 2 and 3 of a partitioned run, on one partition: the per-article studies and topic shares.

Why separate functions of a partition: each runs where the partition is read (a Dask worker or
this process), returns small results or writes its tables as Parquet shards where they were
computed, so memory is bounded by the partition size.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import analysed, span_rows
from analysis.engine.index import apply_fix
from analysis.engine.partitions import Partition, ReadOptions, read_part
from analysis.engine.studies import Tables, study_function
from analysis.topics import doc_topic_table


def write_table(table: pd.DataFrame, folder: Path, index: int) -> int:
    """Write ``table`` as ``folder/part-<index>.parquet`` (attrs dropped); its row count."""
    folder.mkdir(parents=True, exist_ok=True)
    clean = table.copy()
    clean.attrs = {}
    clean.to_parquet(folder / f"part-{index:05d}.parquet", index=False)
    return len(table)


def process_partition(
    part: Partition,
    fix: Mapping[str, Any],
    ropts: ReadOptions,
    studies: Sequence[str],
    options: Mapping[str, dict],
    out: str | None,
    want_text: bool,
) -> dict[str, Any]:
    """Pass 2 on one partition: read it, apply the corpus fixes, run the per-article studies.

    Returns the tables (or, with ``out``, writes them as ``out/<table>/part-NNNNN.parquet`` and
    returns row counts), per-stage seconds, the removed-spans rows of the docs table
    (:func:`analysis.corpus.span_rows`, when ``docs`` is asked for), and the text columns topics
    stream from when
    ``want_text``. The ``docs`` table has every row; the studies and topics see each exact or
    near copy once (:func:`analysis.corpus.analysed`) unless ``ropts.keep_duplicates``.
    """
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    docs, _, provenance = read_part(part, ropts)
    docs = apply_fix(docs, fix)
    seconds["load"] = time.perf_counter() - t0
    tables: dict[str, Tables] = {}
    spans = []
    if "docs" in studies:
        tables["docs"] = docs
        spans = span_rows(docs["doc_id"].tolist(), provenance)
    docs = analysed(docs, keep_duplicates=ropts.keep_duplicates)
    for study in ("sentences", "attribution", "sentiment"):
        if study not in studies:
            continue
        t0 = time.perf_counter()
        opts = _reuse_tables(study, dict(options.get(study, {})), tables, options)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # problems travel in attrs["problems"]
            tables[study] = study_function(study, opts)(docs)
        seconds[study] = time.perf_counter() - t0
    result: dict[str, Any] = {"seconds": seconds, "n": len(docs), "spans": spans}
    if want_text:
        result["text"] = docs[["doc_id", "title", "text"]]
    if out is None:
        result["tables"] = tables
    else:
        result["tables"] = {}
        result["problems"] = {}
        for name, table in flat_tables(tables):
            result["tables"][name] = write_table(table, Path(out) / name, part.index)
            if table.attrs.get("problems"):
                result["problems"][name] = table.attrs["problems"]
    return result


def _reuse_tables(study: str, opts: dict, tables: Mapping[str, Tables], options: Mapping[str, dict]) -> dict:
    """Sentiment's options with the tables already computed for this partition passed in."""
    if (
        study == "sentiment"
        and "attribution" in tables
        and not options.get("attribution")
        and "gazetteer" not in opts
        and "attributions" not in opts
    ):
        # The table sentiment would compute itself (rules, packaged gazetteer): reuse it.
        opts["attributions"] = tables["attribution"]
    if study == "sentiment" and "sentences" in tables and "sentences" not in opts:
        opts["sentences"] = tables["sentences"]  # the same split: no need to split again
    return opts


def flat_tables(tables: Mapping[str, Tables]) -> Iterator[tuple[str, pd.DataFrame]]:
    """``(name, table)`` pairs, a dict of tables giving ``study/key`` names."""
    for name, value in tables.items():
        if isinstance(value, dict):
            for key, table in value.items():
                yield f"{name}/{key}", table
        else:
            yield name, value


def topic_partition(
    part: Partition,
    fix: Mapping[str, Any],
    ropts: ReadOptions,
    model,
    out: str | None,
) -> tuple[pd.DataFrame | int, float]:
    """Pass 3 on one partition: the articles' topic shares under the finished streaming model
    (:func:`analysis.topics.doc_topic_table`: doc_id, topic, weight; rows with weight > 0)."""
    t0 = time.perf_counter()
    docs = read_part(part, ropts)[0]
    docs = analysed(apply_fix(docs, fix), keep_duplicates=ropts.keep_duplicates)
    shares = model.transform(docs[["doc_id", "title", "text"]]) if len(docs) else np.zeros((0, 0))
    table = doc_topic_table(docs["doc_id"].to_numpy(), shares)
    seconds = time.perf_counter() - t0
    if out is not None:
        return write_table(table, Path(out) / "topics" / "doc_topics", part.index), seconds
    return table, seconds
