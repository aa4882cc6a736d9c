"""The topics of the five seed articles, as ``benchmarks/topics.md`` shows them.

Fits ``TopicModel`` with its defaults (``n_topics="auto"``, ``unit="auto"``, which models
paragraphs on a corpus this small) and prints the summary, the values of k tried and one
Markdown row per topic: its NPMI and its top words. Two runs with the same seed print the same.

Run (a few seconds)::

    .venv/bin/python benchmarks/bench_topics_seeds.py [--seed 0] [--words 8]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.corpus import load_corpus
from analysis.topics import TopicModel, k_scores

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(ROOT / "seeds"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--words", type=int, default=8, help="top words shown per topic")
    args = ap.parse_args()
    model = TopicModel(seed=args.seed).fit(load_corpus(args.corpus))
    print(f"{len(model.units_)} {model.unit_}s")
    print(model.summary().round(3).to_string(index=False))
    print(k_scores(model).round(3).to_string(index=False))
    print("\n| topic | NPMI | top words |\n|---|---:|---|")
    terms = model.topic_terms_
    for row in model.topic_quality_.itertuples():
        words = terms.loc[terms["topic"] == row.topic, "term"].head(args.words)
        print(f"| {row.topic} | {row.npmi:.3f} | {', '.join(words)} |")


if __name__ == "__main__":
    main()
