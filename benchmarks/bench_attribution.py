"""Attribution extraction speed: articles per second on one core.

Target (issue 3): at least 200 articles/s. Measured on the five seeds (repeated) and, when
``../shared`` is present, on BBC News articles (about 400 words each) and PolNeAR dev articles
(about 900 words). Sentence splitting (analysis.text, Punkt) is timed separately because the
extractor can reuse a sentences table computed once for every study.

    python benchmarks/bench_attribution.py [--n 500] [--method rules|model]
"""

from __future__ import annotations

import argparse
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


def corpora(n: int) -> dict[str, list[str]]:
    seeds = load_corpus(ROOT / "seeds")["text"].tolist()
    out = {f"seeds (x{-(-n // len(seeds))})": (seeds * (n // len(seeds) + 1))[:n]}
    bbc = SHARED / "bbc-news"
    if bbc.is_dir():
        files = sorted(bbc.rglob("*.txt"))[:n]
        out["bbc-news"] = [f.read_text("utf-8", errors="replace") for f in files]
    pol = SHARED / "polnear" / "data" / "dev" / "text"
    if pol.is_dir():
        out["polnear-dev"] = [f.read_text("utf-8") for f in sorted(pol.glob("*.txt"))]
    return out


def run(texts: list[str], method: str) -> dict:
    crf = tagger.load_default(required=True) if method == "model" else None
    lex, gaz = default_lexicons(), default_gazetteer()
    extract_text(texts[0], "warm-up")
    t0 = time.perf_counter()
    sents = [split_sentences(t) for t in texts]
    t1 = time.perf_counter()
    n_rows = 0
    for i, (t, s) in enumerate(zip(texts, sents)):
        if crf is None:
            n_rows += len(extract_text(t, str(i), sentences=s))
        else:
            n_rows += len(table_rows(t, str(i), tagger.attributions(crf, t, lex, gaz, s), s))
    t2 = time.perf_counter()
    words = sum(len(t.split()) for t in texts)
    return {
        "articles": len(texts),
        "mean words": round(words / len(texts)),
        "rows": n_rows,
        "split s": round(t1 - t0, 3),
        "extract s": round(t2 - t1, 3),
        "articles/s (extract)": round(len(texts) / (t2 - t1), 1),
        "articles/s (split+extract)": round(len(texts) / (t2 - t0), 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--method", default="rules", choices=["rules", "model"])
    args = ap.parse_args()
    rows = []
    for name, texts in corpora(args.n).items():
        rows.append({"corpus": name, "method": args.method, **run(texts, args.method)})
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; one process, one core"
    )
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
