"""Reading a corpus: CPU and wall seconds of ``load_corpus``, and a digest of what it gave.

Why a digest: making reading faster must not change a single cell of the docs table, the
problems or the removed boilerplate. The digest (SHA-256 over those three, in order) is printed
beside the times, so a run of the code before a change and one after it show both the speed-up
and that the tables are identical. Run the code of an earlier commit with ``PYTHONPATH``:

    git archive <commit> analysis | tar -x -C /tmp/before
    PYTHONPATH=/tmp/before .venv/bin/python benchmarks/bench_read.py benchmarks/data/bbc-10000
    .venv/bin/python benchmarks/bench_read.py benchmarks/data/bbc-10000 --profile 25

The corpus ``benchmarks/data/bbc-10000`` is made by ``benchmarks/make_corpus.py --n 10000``.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import pstats
import time
import warnings
from pathlib import Path

import pandas as pd


def digest(docs: pd.DataFrame) -> str:
    """SHA-256 of the docs table (values and dtypes), its problems and its removed boilerplate."""
    h = hashlib.sha256()
    h.update(pd.util.hash_pandas_object(docs, index=True).to_numpy().tobytes())
    h.update(json.dumps([str(t) for t in docs.dtypes]).encode())
    h.update(json.dumps(docs.attrs.get("problems", []), sort_keys=True, default=str).encode())
    h.update(json.dumps(list(docs.attrs.get("boilerplate", [])), sort_keys=True, default=str).encode())
    return h.hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--profile", type=int, default=0, help="print the N costliest functions (cProfile)")
    args = ap.parse_args()
    import analysis
    from analysis.corpus import load_corpus

    warnings.simplefilter("ignore")
    profiler = cProfile.Profile() if args.profile else None
    cpu, wall = time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    docs = load_corpus(args.corpus, progress=False)
    if profiler:
        profiler.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    source = Path(analysis.__file__).resolve().parents[1]
    print(f"| {args.corpus} | {len(docs):,} | {cpu:.1f} | {wall:.1f} | {digest(docs)} | {source} |")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
