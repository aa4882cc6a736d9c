"""Pass 1 of a partitioned run: what needs the whole corpus, computed from small summaries.

Why: sidecar metadata, renaming repeated ``doc_id`` s and duplicate flags (``duplicate_of``) need
every article. Each partition returns per article only its id, date, an exact-text key and a
64-value MinHash signature (about 300 bytes whatever its length); the client finds the LSH
buckets holding more than one article, fetches the shingles of just those articles and runs the
dedup module's own :class:`analysis.corpus.DuplicateIndex`, so the flags are those of
:func:`analysis.corpus.load_corpus`. The fixes per partition are applied in the later passes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import (
    BANDS,
    EMPTIED,
    NUM_PERM,
    DuplicateIndex,
    add_problem,
    apply_sidecar,
    canonical_order,
    exact_key,
    group_problems,
    hash_params,
    learn_boilerplate,
    no_article,
    shingles,
    sidecar_path,
    signature,
    unique_ids,
)
from analysis.engine.partitions import (
    PARTITION_BYTES,
    Partition,
    ReadOptions,
    Runner,
    plan_corpus,
    read_part,
)

_SIDECAR_COLUMNS = ["title", "date", "date_from", "outlet", "outlet_from", "url"]


def skim_partition(part: Partition, ropts: ReadOptions, sidecar: bool) -> dict[str, Any]:
    """Pass 1 on one partition: ids, dates, outlets, exact-text keys, MinHash signatures (uint32;
    every value is below 2**32) and the line keys boilerplate is learnt from -- a few hundred
    bytes per article whatever its length."""
    t0 = time.perf_counter()
    docs, problems, provenance = read_part(part, ropts)
    a, b = hash_params()
    texts = docs["text"].tolist()
    sig = np.empty((len(texts), NUM_PERM), dtype=np.uint32)
    for i, text in enumerate(texts):
        sig[i] = signature(shingles(text), a, b)
    wanted = (_SIDECAR_COLUMNS + list(ropts.keep_columns)) if sidecar else ["date", "outlet"]
    line_keys = [np.asarray(p.keys, dtype=np.uint64) for p in provenance]
    return {
        "light": docs[["doc_id", "source_path", *wanted]],
        "keys": [exact_key(t) for t in texts],
        "sig": sig,
        "line_keys": line_keys,
        "problems": problems,
        "seconds": time.perf_counter() - t0,
    }


def shingle_rows(part: Partition, ropts: ReadOptions, rows: Sequence[int]) -> dict[int, np.ndarray]:
    """Pass 1b: word 5-gram shingles of some rows of a partition (for duplicate checks)."""
    docs = read_part(part, ropts)[0]
    texts = docs["text"].tolist()
    return {int(r): shingles(texts[r]) for r in rows}


def duplicates(
    ids: np.ndarray,
    dates: pd.Series,
    keys: list[bytes],
    sig: np.ndarray,
    fetch: Callable[[np.ndarray], dict[int, np.ndarray]],
) -> np.ndarray:
    """``duplicate_of`` as :func:`analysis.corpus.find_duplicates` computes it, from keys and
    signatures; ``fetch(positions)`` returns the shingles of the few articles that share an LSH
    bucket with another one (the only ones whose similarity is ever checked)."""
    n = len(ids)
    result = np.full(n, None, dtype=object)
    index = DuplicateIndex()
    unique: list[int] = []
    for pos in canonical_order(pd.DataFrame({"date": dates.to_numpy()})):
        first = index.check_exact(pos, keys[pos])
        if first is None:
            unique.append(pos)
        else:
            result[pos] = ids[first]
    uniq = np.asarray(unique, dtype=np.int64)
    involved = _sharing_a_bucket(sig, uniq)
    if not involved.any():
        return result
    shingle_sets = fetch(np.flatnonzero(involved))
    for pos in uniq[involved[uniq]]:
        first = index.add(int(pos), shingle_sets[int(pos)], sig[pos])
        if first is not None:
            result[pos] = ids[first]
    return result


def _sharing_a_bucket(sig: np.ndarray, uniq: np.ndarray) -> np.ndarray:
    """Per article: does it share an LSH bucket with another of ``uniq`` (vectorised)?"""
    rows = NUM_PERM // BANDS
    involved = np.zeros(len(sig), dtype=bool)
    for band in range(BANDS):
        block = np.ascontiguousarray(sig[uniq, band * rows : (band + 1) * rows])
        keys_b = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        _, inverse, counts = np.unique(keys_b, return_inverse=True, return_counts=True)
        involved[uniq[counts[inverse.ravel()] > 1]] = True
    return involved


@dataclass
class CorpusIndex:
    """What pass 1 learnt: per partition its row count and the fixes to apply to its rows."""

    partitions: list[Partition]
    ropts: ReadOptions
    sizes: list[int]
    fixes: list[dict[str, Any]]
    problems: list[dict[str, str]]
    n_docs: int


def apply_fix(docs: pd.DataFrame, fix: Mapping[str, Any]) -> pd.DataFrame:
    """Apply the whole-corpus fixes of one partition (ids, sidecar fields, duplicate flags)."""
    if not fix or docs.empty:
        return docs
    docs = docs.copy()
    for column, values in fix.items():
        docs[column] = pd.array(values, dtype=docs[column].dtype) if column != "date" else values
    return docs


def index_corpus(
    path,
    runner: Runner,
    ropts: ReadOptions,
    *,
    metadata=None,
    dedup: bool = True,
    exclude=(),
    partition_bytes: int = PARTITION_BYTES,
) -> tuple[CorpusIndex, float]:
    """Pass 1: plan partitions, skim them and compute the whole-corpus fixes exactly as
    :func:`analysis.corpus.load_corpus` would (sidecar, unique ids, duplicates, the boilerplate
    learnt, set in the returned index's ``ropts.learnt``)."""
    parts, root, skipped = plan_corpus(path, partition_bytes=partition_bytes, exclude=exclude)
    ropts = replace(ropts, root=str(root) if root is not None else None, learnt=None)
    sidecar = sidecar_path(path, metadata)
    skims = list(runner.imap(skim_partition, parts, ropts, sidecar is not None))
    busy = sum(s["seconds"] for s in skims)
    problems = list(skipped) + [p for s in skims for p in s["problems"]]
    sizes = [len(s["light"]) for s in skims]
    if not sum(sizes):
        raise no_article(path, problems)
    light = pd.concat([s["light"] for s in skims if len(s["light"])], ignore_index=True)
    keys = [k for s in skims for k in s["keys"]]
    sig = np.concatenate([s["sig"] for s in skims])
    line_keys = [k for s in skims for k in s["line_keys"]]
    del skims
    columns_fixed: dict[str, Any] = {}
    if sidecar is not None:
        light = apply_sidecar(light, sidecar, problems, ropts.keep_columns)
        columns_fixed.update({c: light[c].to_numpy() for c in _SIDECAR_COLUMNS + list(ropts.keep_columns)})
    old_ids = light["doc_id"].to_numpy()
    light = unique_ids(light, problems)
    ids = light["doc_id"].to_numpy(dtype=object)
    if not np.array_equal(old_ids, ids):
        columns_fixed["doc_id"] = ids
    learn = ropts.clean and ropts.boilerplate
    if dedup or learn:
        fetch = _shingle_fetcher(parts, sizes, ropts, runner)
        flags = duplicates(ids, light["date"], keys, sig, fetch)
        if dedup:
            columns_fixed["duplicate_of"] = flags
    if learn:
        counted = np.array([f is None for f in flags])
        learnt = learn_boilerplate(line_keys, light["outlet"].tolist(), counted)
        ropts = replace(ropts, learnt=learnt)
        _name_emptied(light["source_path"].to_numpy(), line_keys, learnt, problems)
    fixes = []
    start = 0
    for n in sizes:
        fixes.append({c: v[start : start + n] for c, v in columns_fixed.items()})
        start += n
    return CorpusIndex(parts, ropts, sizes, fixes, group_problems(problems), int(sum(sizes))), busy


def _name_emptied(
    paths: np.ndarray, line_keys: list[np.ndarray], learnt: frozenset[int], problems: list
) -> None:
    """Name the articles every line of which is learnt boilerplate, as load_corpus does."""
    learnt_arr = np.fromiter(learnt, dtype=np.uint64, count=len(learnt))
    for path, k in zip(paths, line_keys):
        if len(k) and np.isin(k, learnt_arr).all():
            add_problem(problems, path, EMPTIED)


def _shingle_fetcher(
    parts: list[Partition], sizes: list[int], ropts: ReadOptions, runner: Runner
) -> Callable[[np.ndarray], dict[int, np.ndarray]]:
    """``fetch(positions)``: shingles of articles by corpus position, read where they live."""
    offsets = np.cumsum([0] + sizes)

    def fetch(positions: np.ndarray) -> dict[int, np.ndarray]:
        which = np.searchsorted(offsets, positions, side="right") - 1
        wanted = [(parts[p], (positions[which == p] - offsets[p]).tolist()) for p in np.unique(which)]
        out: dict[int, np.ndarray] = {}
        for (part, _), got in zip(wanted, runner.imap(_shingle_job, wanted, ropts)):
            out.update({int(offsets[part.index] + r): sh for r, sh in got.items()})
        return out

    return fetch


def _shingle_job(item, ropts):
    part, rows = item
    return shingle_rows(part, ropts, rows)
