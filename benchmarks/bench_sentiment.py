"""Sentiment study: VADER speed against vaderSentiment itself, extract throughput, accuracy.

Prints markdown tables (copied into ``benchmarks/sentiment.md``):

1. sentences per second of ``vaderSentiment``'s ``SentimentIntensityAnalyzer`` and of ours
   (``analysis.vader``: the default back end with VADER's lexicon and with the news supplement,
   and NLTK's port reading the wheel's lexicon), on the same sentences, with how many compound
   scores are identical to ``vaderSentiment``'s;
2. ``analysis.sentiment.extract`` articles and sentences per second (``news`` and ``vader``
   target models, attribution included);
3. accuracy and macro-F1 on NewsMTSC ``devtest_rw`` (targets) and PerSenT ``dev`` and
   ``random_test`` (document aggregate towards the target entity), when ``../shared`` is present.

    python benchmarks/bench_sentiment.py [--n-sentences 20000] [--n-docs 200] [--skip-accuracy | --only-accuracy]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

import pandas as pd

from analysis import sentiment
from analysis.corpus import load_corpus
from analysis.sentiment import vader
from analysis.text import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def bench_sentences(n: int) -> tuple[str, list[str]]:
    """Up to ``n`` sentences of BBC News (the seeds, repeated, when ../shared is absent)."""
    bbc = SHARED / "bbc-news" / "bbc"
    texts: list[str] = []
    if bbc.is_dir():
        for f in sorted(bbc.rglob("*.txt")):
            body = f.read_text("utf-8", errors="replace")
            texts += [body[a:b] for a, b in split_sentences(body)]
            if len(texts) >= n:
                return f"BBC News, first {n} sentences", texts[:n]
        return f"BBC News, all {len(texts)} sentences", texts
    seeds = load_corpus(ROOT / "seeds")["text"]
    sents = [t[a:b] for t in seeds for a, b in split_sentences(t)]
    return f"seeds sentences repeated to {n}", (sents * (n // len(sents) + 1))[:n]


def _time(fn, texts: list[str]) -> tuple[float, list[float]]:
    fn(texts[0])  # warm-up (lexicon load)
    t0 = time.perf_counter()
    out = [fn(t)["compound"] for t in texts]
    return time.perf_counter() - t0, out


def speed_table(texts: list[str]) -> str:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    ref = SentimentIntensityAnalyzer()
    runs = {
        "vaderSentiment 3.3.2 `polarity_scores` (reference)": ref.polarity_scores,
        "analysis.vader, lexicon=vader (default back end)": vader.analyzer("vader").polarity_scores,
        "analysis.vader, lexicon=news (VADER + news supplement)": vader.analyzer("news").polarity_scores,
        "analysis.vader, backend=nltk (NLTK port, wheel lexicon)": vader.nltk_analyzer().polarity_scores,
    }
    base_t, base = _time(ref.polarity_scores, texts)
    lines = ["| implementation | sentences/s | identical compound vs vaderSentiment |", "|---|---:|---:|"]
    for name, fn in runs.items():
        t, out = (base_t, base) if fn is ref.polarity_scores else _time(fn, texts)
        same = sum(a == b for a, b in zip(out, base))
        lines.append(f"| {name} | {len(texts) / t:,.0f} | {same:,} / {len(texts):,} |")
    return "\n".join(lines)


def extract_table(n_docs: int) -> str:
    seeds = load_corpus(ROOT / "seeds")[["doc_id", "text"]]
    docs = pd.concat(
        [seeds.assign(doc_id=seeds["doc_id"] + f"#{i}") for i in range(-(-n_docs // len(seeds)))],
        ignore_index=True,
    ).iloc[:n_docs]
    sentiment.extract(docs.iloc[:1])  # warm-up: model and lexicon load
    lines = [
        "| target model | articles | sentences | targets | articles/s | sentences/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for model in ("news", "vader"):
        t0 = time.perf_counter()
        out = sentiment.extract(docs, model=model)
        dt = time.perf_counter() - t0
        lines.append(
            f"| {model} | {len(docs)} | {len(out['sentences'])} | {len(out['targets'])} | "
            f"{len(docs) / dt:,.1f} | {len(out['sentences']) / dt:,.0f} |"
        )
    return "\n".join(lines)


def accuracy_table() -> str:
    from analysis.evaluate.sentiment import evaluate

    sets = [
        ("NewsMTSC devtest_rw (targets)", SHARED / "newsmtsc" / "devtest_rw.jsonl"),
        ("PerSenT dev (documents)", SHARED / "persent" / "dev.csv"),
        ("PerSenT random_test (documents)", SHARED / "persent" / "random_test.csv"),
    ]
    runs = [
        ("vader", "vader", "VADER on the sentence (plain lexicon)"),
        ("vader", "news", "VADER on the sentence (+ news supplement)"),
        ("news", "news", "news model (shipped)"),
    ]
    lines = [
        "| data | model | n | accuracy | macro-F1 | F1 neg / neu / pos | PerSenT: uncalibrated vote macro-F1 |",
        "|---|---|---:|---:|---:|---|---:|",
    ]
    for label, path in sets:
        if not path.exists():
            lines.append(f"| {label} | (absent: ../shared not here) | | | | | |")
            continue
        for model, lexicon, name in runs:
            r = evaluate(path, model=model, lexicon=lexicon)
            f1 = " / ".join(f"{r['f1'][k]:.3f}" for k in sentiment.LABELS)
            vote = f"{r['vote']['macro_f1']:.3f}" if "vote" in r else ""
            lines.append(
                f"| {label} | {name} | {r['n']} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | {f1} | {vote} |"
            )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-sentences", type=int, default=20000)
    ap.add_argument("--n-docs", type=int, default=200)
    ap.add_argument("--skip-accuracy", action="store_true")
    ap.add_argument("--only-accuracy", action="store_true")
    args = ap.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} at start\n"
    )
    if not args.only_accuracy:
        what, texts = bench_sentences(args.n_sentences)
        print(f"## VADER speed ({what}, one process)\n\n{speed_table(texts)}\n")
        print(
            f"## extract() on the seeds repeated to {args.n_docs} articles\n\n{extract_table(args.n_docs)}\n"
        )
    if not args.skip_accuracy:
        print(f"## accuracy\n\n{accuracy_table()}\n")


if __name__ == "__main__":
    main()
