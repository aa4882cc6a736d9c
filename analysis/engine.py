"""Run a study with pandas in process (the default) or on Dask past one machine.

Why this is small: every study but topics works article by article, so the same function runs on
the whole docs table or on each partition of it. Dask (``dask.distributed``) is an engine people
already operate; we hand it partitions and concatenate the results in partition order, so both
engines give the same rows in the same order.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

import pandas as pd

Tables = pd.DataFrame | dict[str, pd.DataFrame]
PER_DOCUMENT = ("docs", "sentences", "sentiment", "attribution")


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
    raise ValueError(f"unknown study {study!r}; choose from docs, sentences, topics, sentiment, attribution")


def run_study(
    study: str,
    docs: pd.DataFrame,
    *,
    options: dict[str, Any] | None = None,
    engine: str = "pandas",
    scheduler: str | None = None,
    partition_size: int = 2000,
) -> Tables:
    """Run ``study`` on ``docs`` with the chosen engine; the result does not depend on it."""
    func = study_function(study, options)
    if engine == "pandas" or study not in PER_DOCUMENT:
        return func(docs)
    if engine != "dask":
        raise ValueError(f"unknown engine {engine!r}; choose pandas or dask")
    return map_partitions(func, docs, scheduler=scheduler, partition_size=partition_size)


@contextmanager
def dask_client(scheduler: str | None = None, n_workers: int | None = None):
    """A ``dask.distributed`` client: to ``scheduler`` when given, else a local cluster we close."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
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
        futures = client.map(func, parts, pure=False)
        results = client.gather(futures)
    return concat_results(results)


def concat_results(results: list[Tables]) -> Tables:
    """Concatenate per-partition results (frames, or dicts of frames) in partition order."""
    if isinstance(results[0], dict):
        return {key: pd.concat([r[key] for r in results], ignore_index=True) for key in results[0]}
    return pd.concat(results, ignore_index=True)
