"""Attribution speed: CPU milliseconds per article on one core, sentence splitting apart.

Issue 13's budget: the attribution stage at most 6 ms CPU per BBC-length article (about 400
words), measured on the 10,000-article corpus of ``benchmarks/make_corpus.py``
(``benchmarks/data/bbc-10000``, made with ``make_corpus.py --n 10000``). Also timed: the five
seeds (repeated) and PolNeAR dev (about 800 words an article) when ``../shared`` is present.
Sentence splitting (:func:`analysis.text.split_sentences`) is timed apart because the
extractor reuses a sentences table computed once for every study. CPU time
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

from analysis.attribution import extract_text, tagger
from analysis.attribution.table import rows as table_rows
from analysis.corpus import load_corpus
from analysis.lexicons import default_gazetteer, default_lexicons
from analysis.text import split_sentences

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
    """CPU and wall time of splitting and of extracting ``texts``."""
    crf = tagger.load_default(required=True) if method == "model" else None
    lex, gaz = default_lexicons(), default_gazetteer()
    extract_text(texts[0], "warm-up")
    c0 = time.process_time()
    sents = [split_sentences(t) for t in texts]
    c1, t1 = time.process_time(), time.perf_counter()
    n_rows = 0
    for i, (t, s) in enumerate(zip(texts, sents)):
        if crf is None:
            n_rows += len(extract_text(t, str(i), lexicons=lex, gazetteer=gaz, sentences=s))
        else:
            n_rows += len(table_rows(t, str(i), tagger.attributions(crf, t, lex, gaz, s), s))
    c2, t2 = time.process_time(), time.perf_counter()
    n = len(texts)
    return {
        "articles": n,
        "mean words": round(sum(len(t.split()) for t in texts) / n),
        "rows": n_rows,
        "split CPU ms/article": round(1000 * (c1 - c0) / n, 2),
        "extract CPU ms/article": round(1000 * (c2 - c1) / n, 2),
        "extract wall s": round(t2 - t1, 1),
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


if __name__ == "__main__":
    main()
