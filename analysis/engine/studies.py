"""The studies as functions of a docs table, and running them on pandas or on Dask slices.

Why one function per study: every study but topics works article by article, so the same
function runs on a whole docs table or on one partition of a corpus, and both engines give the
same rows in the same order. Attribution is kept article by article here by giving it no corpus
actors (speakers as written, groups from role words), see :func:`article_attributions`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd

from analysis import attribution, sentiment, topics
from analysis.corpus import analysed
from analysis.params import DEFAULT_ENGINE, check_engine
from analysis.text import sentences

Tables = pd.DataFrame | dict[str, pd.DataFrame]
STUDIES = ("docs", "sentences", "attribution", "sentiment", "topics")
PER_DOCUMENT = ("docs", "sentences", "sentiment", "attribution")


def study_function(study: str, options: dict[str, Any] | None = None) -> Callable[[pd.DataFrame], Tables]:
    """The per-corpus function of a study, with its options bound."""
    options = dict(options or {})
    if study == "docs":
        return lambda docs: docs.reset_index(drop=True)
    if study == "sentences":
        return sentences
    if study == "attribution":
        return lambda docs: attribution.extract(docs, **{"actors": False, **options})
    if study == "sentiment":
        return lambda docs: sentiment.extract(
            docs, **{"attributions": article_attributions(docs, options), **options}
        )
    if study == "topics":
        return lambda docs: topics.extract(docs, **options)
    raise ValueError(f"unknown study {study!r}; choose from {', '.join(STUDIES)}")


def article_attributions(docs: pd.DataFrame, options: dict[str, Any]) -> pd.DataFrame | None:
    """The attributions sentiment reads for its voices, article by article (no corpus actors).

    Why ``actors=False`` on the engine path: attribution names speakers by the actors of the
    articles it is given, so a partition would name them by its own neighbours and the engines
    would disagree; the study store, which has a fixed chunking on both engines, passes its
    chunk's actors instead (:mod:`analysis.store.studies`). None when ``options`` already carry
    attributions."""
    if "attributions" in options:
        return None
    gaz = sentiment.as_gazetteer(options.get("gazetteer"))
    return attribution.extract(docs, gazetteer=gaz, actors=False)


def run_study(
    study: str,
    docs: pd.DataFrame,
    *,
    options: dict[str, Any] | None = None,
    engine: str = DEFAULT_ENGINE,
    scheduler: str | None = None,
    partition_size: int = 2000,
    keep_duplicates: bool = False,
) -> Tables:
    """Run ``study`` on an in-memory docs table with the chosen engine; the result does not
    depend on the engine.

    Exact and near copies (``duplicate_of`` set) are analysed once, as their first copy
    (:func:`analysis.corpus.analysed`), unless ``keep_duplicates``; the ``docs`` study returns
    every row.

    Per-article studies run on slices of ``partition_size`` articles on Dask. Topics are one
    batch model fitted in this process on either engine (a batch fit cannot be split without
    changing its result); for corpora too large for memory use
    :func:`analysis.engine.run_corpus`, which streams.
    """
    check_engine(engine)
    func = study_function(study, options)
    if study != "docs":
        docs = analysed(docs, keep_duplicates=keep_duplicates)
    if engine == "pandas" or study not in PER_DOCUMENT:
        return func(docs)
    return map_partitions(func, docs, scheduler=scheduler, partition_size=partition_size)


@contextmanager
def dask_client(scheduler: str | None = None, n_workers: int = 2):
    """A ``dask.distributed`` client: to ``scheduler`` when given (we leave that cluster
    running), else to a ``LocalCluster`` of ``n_workers`` single-threaded processes that we
    start here and close on exit."""
    from distributed import Client, LocalCluster  # optional and heavy: only Dask runs need it

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
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
