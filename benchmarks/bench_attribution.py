"""Attribution speed: CPU milliseconds per article on one core, the whole stage.

Issue 13's budget: the attribution stage at most 6 ms CPU per BBC-length article (about 400
words), measured on the 10,000-article corpus of ``benchmarks/make_corpus.py``
(``benchmarks/data/bbc-10000``, made with ``make_corpus.py --n 10000``). Also timed: the five
seeds (repeated) and PolNeAR dev (about 800 words an article) when ``../shared`` is present.
The stage is what ``extract attribution`` runs: entity recognition and the corpus's actors,
sentence splitting, the rules and the speakers' link to actors; sentence splitting and the
actors are also timed apart (the store computes both once for every study). CPU time
(``time.process_time``) is what the budget counts; wall time varies with the machine's load.

    .venv/bin/python benchmarks/make_corpus.py --n 10000
    .venv/bin/python benchmarks/bench_attribution.py [--n 10000] [--method rules|model]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import pandas as pd

from analysis.attribution import extract
from analysis.attribution.link import corpus_actors
from analysis.corpus import load_corpus
from analysis.text import split_sentences

#: The figure before issue 13's changes (rules only, sentence splitting apart, no entities),
#: printed beside the new one as the issue asks.
BEFORE_MS = 1.9

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SCALED = ROOT / "benchmarks" / "data" / "bbc-10000"


def corpora(n: int) -> dict[str, list[str]]:
    """Name -> article texts: seeds repeated to ``n``, the scaled BBC corpus, PolNeAR dev."""
    seeds = load_corpus(ROOT / "seeds", progress=False)["text"].tolist()
    out = {f"seeds (x{-(-n // len(seeds))})": (seeds * (n // len(seeds) + 1))[:n]}
    if SCALED.is_dir():
        texts = []
        for shard in sorted(SCALED.glob("*.jsonl")):
            texts.extend(json.loads(line)["text"] for line in shard.read_text("utf-8").splitlines() if line)
        out[SCALED.name] = texts[:n]
    pol = SHARED / "polnear" / "data" / "dev" / "text"
    if pol.is_dir():
        out["polnear-dev"] = [f.read_text("utf-8") for f in sorted(pol.glob("*.txt"))]
    return out


def run(texts: list[str], method: str) -> dict:
    """CPU and wall time of the attribution stage over ``texts``: the whole default path
    (:func:`analysis.attribution.extract`: entities and the corpus's actors, sentences, rules,
    speakers linked to actors) and, timed apart, its sentence splitting and its actors."""
    docs = pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))], "text": texts})
    extract(docs.head(2), method=method)  # warm-up: lexicons, models
    c0 = time.process_time()
    for t in texts:
        split_sentences(t)
    c1 = time.process_time()
    corpus_actors(docs)
    c2, t2 = time.process_time(), time.perf_counter()
    out = extract(docs, method=method)
    c3, t3 = time.process_time(), time.perf_counter()
    n = len(texts)
    return {
        "articles": n,
        "mean words": round(sum(len(t.split()) for t in texts) / n),
        "rows": len(out),
        "stage CPU ms/article": round(1000 * (c3 - c2) / n, 2),
        "of which sentences": round(1000 * (c1 - c0) / n, 2),
        "of which entities+actors": round(1000 * (c2 - c1) / n, 2),
        "stage wall s": round(t3 - t2, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10000, help="articles per corpus at most (default 10000)")
    ap.add_argument("--method", default="rules", choices=["rules", "model"])
    args = ap.parse_args()
    out = [
        {"corpus": name, "method": args.method, **run(texts, args.method)}
        for name, texts in corpora(args.n).items()
    ]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; one process; load average {load}"
    )
    print(pd.DataFrame(out).to_string(index=False))
    print(f"before issue 13: {BEFORE_MS} ms/article (rules only, sentence splitting apart); budget 6 ms")


if __name__ == "__main__":
    main()
