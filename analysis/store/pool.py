"""Where a run's chunks are computed: in this process, a pool of processes, or on Dask.

Why a module of its own: the engines differ only in where :func:`compute_chunk` runs, and each
must stop cleanly on Ctrl-C or SIGTERM — the pool's workers terminated, not waited for, and no
worker left running after its parent is gone (:func:`analysis.store.guard.die_with_parent`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import pandas as pd

from analysis.progress import bar
from analysis.store.guard import die_with_parent, stop_children
from analysis.store.parts import Entry, write_part
from analysis.store.studies import article_tables

#: Most processes the pandas engine uses for the per-article chunks (each holds the models).
MAX_WORKERS = 2

Job = tuple[str, str, pd.DataFrame, dict, tuple[str, ...]]


def compute_chunk(root: str, key: str, docs: pd.DataFrame, params: dict, tables: tuple[str, ...]) -> dict:
    """Compute and write one chunk's parts; returns table → the part's entry. Runs on a worker."""
    return {
        name: write_part(Path(root), name, key, t) for name, t in article_tables(docs, params, tables).items()
    }


def run_chunks(
    jobs: list[Job],
    engine: str,
    scheduler: str | None,
    progress: bool | None,
    workers: int | None = None,
) -> dict[str, dict[str, Entry]]:
    """Compute ``jobs``; returns chunk key → table → entry of the part written."""
    if not jobs:
        return {}
    if engine == "dask":
        return run_on_dask(jobs, scheduler, progress)
    n = min(len(jobs), workers if workers is not None else min(os.cpu_count() or 1, MAX_WORKERS))
    if n <= 1:
        return {
            job[1]: compute_chunk(*job)
            for job in bar(jobs, desc="articles", unit="chunk", min_items=2, show=progress)
        }
    return run_in_pool(jobs, n, progress)


def run_in_pool(jobs: list[Job], n: int, progress: bool | None) -> dict[str, dict[str, Entry]]:
    """Chunks computed in ``n`` worker processes, each writing its own parts (as on Dask).

    Why processes: the per-article studies are pure Python (tokenising, rules, the tagger), so
    threads would share one core; a chunk is the same function whichever process runs it, so the
    tables are those of the in-process run. ``spawn`` starts clean interpreters: a fork of a
    process holding model threads can deadlock. On an interrupt the workers are terminated at
    once (``shutdown`` would wait for their chunks), and they die with this process if it is killed.
    """
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=n, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
    )
    out: dict[str, dict[str, Entry]] = {}
    try:
        futures = {pool.submit(compute_chunk, *job): job[1] for job in jobs}
        done = as_completed(futures)
        for future in bar(
            done, desc="articles", unit="chunk", total=len(futures), min_items=2, show=progress
        ):
            out[futures[future]] = future.result()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        stop_children()
        raise
    pool.shutdown()
    return out


def run_on_dask(
    jobs: list[Job], scheduler: str | None, progress: bool | None, task: Callable[..., dict] = compute_chunk
) -> dict[str, dict[str, Entry]]:
    """Chunks computed on a Dask cluster; leaving the ``with`` (also on an interrupt) closes a
    local cluster and its worker processes."""
    from distributed import as_completed as dask_completed

    from analysis.engine import dask_client

    out: dict[str, dict[str, Entry]] = {}
    with dask_client(scheduler) as client:
        futures = [client.submit(task, *job, pure=False) for job in jobs]
        chunk_of = {f.key: job[1] for f, job in zip(futures, jobs)}
        for future in bar(
            dask_completed(futures),
            desc="articles",
            unit="chunk",
            total=len(futures),
            min_items=2,
            show=progress,
        ):
            out[chunk_of[future.key]] = future.result()  # a worker's error raised here
    return out
