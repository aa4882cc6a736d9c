"""Streaming topic model on ~100k documents: time, peak memory and quality.

The corpus is AG News test (7,600 items) replicated ``--copies`` times (14 for the published
figures: 106,400 documents; the quick default, 2, gives 15,200); in each copy the sentences of
every item are shuffled with a per-copy seed and the document ids change, so no two copies are
the same text. Chunks are generated one at a time and fed to
:meth:`analysis.topics.StreamingTopicModel.partial_fit`, as a reader of a corpus too large for
memory would; a second pass transforms every chunk to score the dominant topic against the
four AG labels (NMI/ARI). Peak memory is the process's maximum resident set size
(``getrusage``), which includes Python, numpy, scikit-learn and pandas themselves.

Run (the published figures: a few minutes on 2 cores; without ``--copies`` about half a minute)::

    nice .venv/bin/python benchmarks/bench_topics_stream.py --copies 14 [--method lda] [--chunk 10000] [--k 4]
"""

from __future__ import annotations

import argparse
import platform
import re
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from analysis.evaluate.topics import load_labelled
from analysis.topics import StreamingTopicModel

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ag-news-test" / "test.csv"
_SENT = re.compile(r"(?<=[.!?])\s+")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def chunks(base: pd.DataFrame, copies: int, size: int, seed: int):
    """Yield docs-table chunks of the replicated corpus without ever holding all of it."""
    rows: list[tuple] = []
    for c in range(copies):
        rng = np.random.default_rng(seed + c)
        for i, (title, text, label) in enumerate(zip(base["title"], base["text"], base["label"])):
            sents = _SENT.split(text)
            if c and len(sents) > 1:
                sents = [sents[j] for j in rng.permutation(len(sents))]
            rows.append((f"{c}:{i}", title, " ".join(sents), label))
            if len(rows) == size:
                yield pd.DataFrame(rows, columns=["doc_id", "title", "text", "label"])
                rows = []
    if rows:
        yield pd.DataFrame(rows, columns=["doc_id", "title", "text", "label"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    ap.add_argument("--copies", type=int, default=2, help="copies of AG News test (14: 106,400 documents)")
    ap.add_argument("--chunk", type=int, default=10_000)
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--method", default="nmf", choices=["nmf", "lda"])
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    base = load_labelled(args.data)
    rss_start = peak_rss_mb()
    model = StreamingTopicModel(
        n_topics=args.k,
        method=args.method,
        unit="article",
        seed=args.seed,
        stream_total=len(base) * args.copies,
    )
    t0 = time.perf_counter()
    n_docs = 0
    for chunk in chunks(base, args.copies, args.chunk, args.seed):
        model.partial_fit(chunk.drop(columns="label"))
        n_docs += len(chunk)
    fit_seconds = time.perf_counter() - t0
    t1 = time.perf_counter()
    model.finish()
    finish_seconds = time.perf_counter() - t1

    t2 = time.perf_counter()
    gold, pred = [], []
    for chunk in chunks(base, args.copies, args.chunk, args.seed):
        shares = model.transform(chunk)
        pred.append(shares.argmax(axis=1))
        gold.append(chunk["label"].to_numpy())
    transform_seconds = time.perf_counter() - t2
    gold, pred = np.concatenate(gold), np.concatenate(pred)

    print(
        f"AG News test x {args.copies} = {n_docs} documents, chunks of {args.chunk}, "
        f"k={args.k}, method={args.method}, seed={args.seed}; "
        f"{platform.machine()}, Python {platform.python_version()}"
    )
    table = pd.DataFrame(
        [
            {
                "documents": n_docs,
                "fit s (partial_fit, all chunks)": fit_seconds,
                "docs/s": n_docs / fit_seconds,
                "stability s (finish)": finish_seconds,
                "transform s": transform_seconds,
                "peak RSS MB": peak_rss_mb(),
                "RSS before fit MB": rss_start,
                "NPMI (reservoir)": model.quality_["npmi"],
                "diversity": model.diversity_,
                "stability": model.stability_,
                "NMI": normalized_mutual_info_score(gold, pred),
                "ARI": adjusted_rand_score(gold, pred),
            }
        ]
    )
    print(table.T.to_string(header=False, float_format=lambda v: f"{v:,.3f}"))
    print("topics:", "; ".join(model.labels_))
    print("peak RSS < 2 GB:", peak_rss_mb() < 2048)


if __name__ == "__main__":
    main()
