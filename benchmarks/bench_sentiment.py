"""Sentiment study, measured: every table of ``benchmarks/sentiment.md`` but the cross-validation one
(``scripts/train_sentiment.py --tune`` prints that).

Sections (``--sections``, comma-separated; the quick default is ``targets,speed,extract,newsmtsc``):

- ``speed``: sentences per second of ``vaderSentiment``'s ``SentimentIntensityAnalyzer`` and of
  ours (:mod:`analysis.sentiment.vader`: VADER's lexicon, the news supplement, NLTK's port reading
  the wheel's lexicon) on the same BBC sentences, with how many compounds equal the reference's.
- ``extract``: :func:`analysis.sentiment.extract` articles and sentences per second (``news`` and
  ``vader`` target models, attribution included) on the seeds repeated to ``--n-docs`` articles.
- ``newsmtsc``: accuracy on NewsMTSC ``devtest_rw`` of VADER (plain and news lexicon), a
  window-only TF-IDF baseline trained here on ``train.jsonl``, and the shipped news model;
  ``--model-file FILE`` adds a row for a model rebuilt by ``scripts/train_sentiment.py --out FILE``.
- ``targets``: the fast path (linear news model) and the accurate path (fine-tuned MiniLM, ONNX)
  side by side on NewsMTSC ``devtest_rw``: accuracy, macro-F1, per-class F1 and targets per second
  of :func:`analysis.sentiment.score_targets` (model loaded beforehand; ``--threads`` for
  onnxruntime; a ``--transformer-dir FOLDER`` adds a row for a rebuilt transformer).
- ``persent``: PerSenT ``dev`` and ``random_test`` (document stance towards the main person).
- ``thresholds``: the PerSenT thresholds chosen on ``dev`` (:data:`PERSENT_THRESHOLDS`).

    python benchmarks/bench_sentiment.py                                   # quick, about 3 minutes
    python benchmarks/bench_sentiment.py --sections persent,thresholds    # PerSenT, 20-30 minutes

Data: ``../shared/data/{bbc-news,newsmtsc,persent}`` (research use; nothing is copied).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

import pandas as pd
import sklearn
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis import attribution, sentiment
from analysis.corpus import load_corpus
from analysis.evaluate.sentiment import (
    PERSENT_THRESHOLDS,
    best_thresholds,
    evaluate_newsmtsc,
    persent_articles,
    persent_scores,
    read_newsmtsc,
    scores,
)
from analysis.sentiment import vader
from analysis.text import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
QUICK = ("targets", "speed", "extract", "newsmtsc")
SECTIONS = ("targets", "speed", "extract", "newsmtsc", "persent", "thresholds")
#: (model, lexicon, name) of the scorers compared on the accuracy tables.
SCORERS = [
    ("vader", "vader", "VADER on the sentence (plain lexicon)"),
    ("vader", "news", "VADER on the sentence (news lexicon: supplement + names masked)"),
    ("news", "news", "**news model (shipped)**"),
]


def _f1s(r: dict) -> str:
    return " / ".join(f"{r['f1'][k]:.3f}" for k in sentiment.LABELS)


def bench_sentences(n: int) -> tuple[str, list[str]]:
    """Up to ``n`` sentences of BBC News (the seeds, repeated, when ../shared is absent)."""
    bbc = SHARED / "bbc-news" / "bbc"
    texts: list[str] = []
    if bbc.is_dir():
        for f in sorted(bbc.rglob("*.txt")):
            body = f.read_text("utf-8", errors="replace")
            texts += [body[a:b] for a, b in split_sentences(body)]
            if len(texts) >= n:
                return f"BBC News, first {n:,} sentences", texts[:n]
        return f"BBC News, all {len(texts):,} sentences", texts
    seeds = load_corpus(ROOT / "seeds")["text"]
    sents = [t[a:b] for t in seeds for a, b in split_sentences(t)]
    return f"seeds sentences repeated to {n:,}", (sents * (n // len(sents) + 1))[:n]


def _time(fn, texts: list[str]) -> tuple[float, list[float]]:
    fn(texts[0])  # warm-up (lexicon load)
    t0 = time.perf_counter()
    out = [fn(t)["compound"] for t in texts]
    return time.perf_counter() - t0, out


def speed_table(texts: list[str]) -> str:
    ref = SentimentIntensityAnalyzer()
    runs = {
        "vaderSentiment 3.3.2 `polarity_scores` (reference)": None,
        '`analysis.sentiment.vader`, `lexicon="vader"` (default back end)': vader.analyzer(
            "vader"
        ).polarity_scores,
        '`analysis.sentiment.vader`, `lexicon="news"` (supplement + names masked; the study\'s default)': (
            vader.analyzer("news").polarity_scores
        ),
        "`analysis.sentiment.vader`, `backend=\"nltk\"` (NLTK's port reading the wheel's lexicon)": (
            vader.nltk_analyzer().polarity_scores
        ),
    }
    base_t, base = _time(ref.polarity_scores, texts)
    lines = ["| implementation | sentences/s | identical compound vs vaderSentiment |", "|---|---:|---:|"]
    for name, fn in runs.items():
        t, out = (base_t, base) if fn is None else _time(fn, texts)
        same = sum(a == b for a, b in zip(out, base))
        lines.append(f"| {name} | {len(texts) / t:,.0f} | {same:,} / {len(texts):,} |")
    return "\n".join(lines)


def extract_table(n_docs: int) -> str:
    seeds = load_corpus(ROOT / "seeds")[["doc_id", "text"]]
    copies = -(-n_docs // len(seeds))
    docs = pd.concat(
        [seeds.assign(doc_id=seeds["doc_id"] + f"#{i}") for i in range(copies)], ignore_index=True
    )
    docs = docs.iloc[:n_docs]
    sentiment.extract(docs.iloc[:1], attributions=attribution.extract(docs.iloc[:1]))  # warm-up
    lines = [
        "| target model | articles | sentences | targets | articles/s | sentences/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for model in ("news", "vader"):
        t0 = time.perf_counter()
        out = sentiment.extract(docs, model=model, attributions=attribution.extract(docs))
        dt = time.perf_counter() - t0
        lines.append(
            f"| {model} | {len(docs)} | {len(out['sentences']):,} | {len(out['targets']):,} | "
            f"{len(docs) / dt:,.1f} | {len(out['sentences']) / dt:,.0f} |"
        )
    return "\n".join(lines)


def _row(name: str, r: dict) -> str:
    return f"| {name} | {r['n']} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | {_f1s(r)} |"


def newsmtsc_table(model_file: Path | None) -> str:
    folder = SHARED / "newsmtsc"
    test = folder / "devtest_rw.jsonl"
    if not test.exists():
        return "(../shared/data/newsmtsc is absent)"
    rows = ["| model | n | accuracy | macro-F1 | F1 neg / neu / pos |", "|---|---:|---:|---:|---|"]
    for model, lexicon, name in SCORERS[:2]:
        rows.append(_row(name, evaluate_newsmtsc(test, model=model, lexicon=lexicon)))
    train, gold = read_newsmtsc(folder / "train.jsonl"), read_newsmtsc(test)
    window = sentiment.news_model(blocks=("window",)).fit(train, train["label"])
    name = "TF-IDF word 1-2-grams of the ±60-char window (target masked) + LR, trained on train"
    rows.append(_row(name, scores(gold["label"], window.predict(gold))))
    rows.append(_row(SCORERS[2][2], evaluate_newsmtsc(test, model="news", lexicon="news")))
    if model_file is not None:
        rebuilt = evaluate_newsmtsc(test, model="news", lexicon="news", model_file=model_file)
        rows.append(_row(f"news model rebuilt: `{model_file}`", rebuilt))
    return "\n".join(rows)


def targets_table(transformer_dir: Path | None, repeat: int = 1) -> str:
    """Fast vs accurate path on devtest_rw: scores and targets/s of the scoring call itself."""
    test = SHARED / "newsmtsc" / "devtest_rw.jsonl"
    if not test.exists():
        return "(../shared/data/newsmtsc is absent)"
    gold = read_newsmtsc(test)
    paths = [
        ("fast: `news` (linear, scikit-learn)", "news", sentiment.load_news_model()),
        (
            "transformer: `transformer` (MiniLM-L6 fine-tuned, ONNX int8; meant as the accurate path)",
            "transformer",
            sentiment.load_transformer(),
        ),
    ]
    if transformer_dir is not None:
        paths.append(
            (
                f"transformer rebuilt: `{transformer_dir}`",
                "transformer",
                sentiment.load_transformer(transformer_dir),
            )
        )
    rows = [
        "| path | n | accuracy | macro-F1 | F1 neg / neu / pos | targets/s |",
        "|---|---:|---:|---:|---|---:|",
    ]
    for name, model, estimator in paths:
        sentiment.score_targets(
            gold["sentence"][:8], gold["start"][:8], gold["end"][:8], model=model, estimator=estimator
        )
        t0 = time.perf_counter()
        for _ in range(repeat):
            _, pred = sentiment.score_targets(
                gold["sentence"], gold["start"], gold["end"], model=model, estimator=estimator
            )
        rate = repeat * len(gold) / (time.perf_counter() - t0)
        r = scores(gold["label"], pred)
        rows.append(
            f"| {name} | {r['n']} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | {_f1s(r)} | {rate:,.0f} |"
        )
    return "\n".join(rows)


_ARTICLES: dict[tuple, pd.DataFrame] = {}


def _articles(path: Path, model: str, lexicon: str) -> pd.DataFrame:
    """:func:`persent_articles`, computed once per run for each (file, model, lexicon)."""
    key = (path, model, lexicon)
    if key not in _ARTICLES:
        _ARTICLES[key] = persent_articles(path, model=model, lexicon=lexicon)
    return _ARTICLES[key]


def persent_table() -> str:
    head = [
        "| data | model | n | accuracy | macro-F1 | F1 neg / neu / pos | vote macro-F1 |",
        "|---|---|---:|---:|---:|---|---:|",
    ]
    rows = []
    for split in ("dev", "random_test"):
        path = SHARED / "persent" / f"{split}.csv"
        if not path.exists():
            return "(../shared/data/persent is absent)"
        for model, lexicon, name in SCORERS:
            r = persent_scores(_articles(path, model, lexicon), *PERSENT_THRESHOLDS[model])
            rows.append(
                f"| PerSenT {split} | {name} | {r['n']} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | "
                f"{_f1s(r)} | {r['vote']['macro_f1']:.3f} |"
            )
        no_mention = int(_articles(path, "news", "news")["mean_score"].isna().sum())
        rows.append(f"| PerSenT {split} | (articles that never name the target) | {no_mention} | | | | |")
    return "\n".join(head + rows)


def thresholds_table() -> str:
    path = SHARED / "persent" / "dev.csv"
    if not path.exists():
        return "(../shared/data/persent is absent)"
    lines = [
        "| model (news lexicon) | chosen on dev: low, high | dev macro-F1 | `PERSENT_THRESHOLDS` |",
        "|---|---|---:|---|",
    ]
    for model in ("news", "vader"):
        low, high, f1 = best_thresholds(_articles(path, model, "news"))
        lines.append(f"| {model} | {low:.2f}, {high:.2f} | {f1:.3f} | {PERSENT_THRESHOLDS[model]} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sections", default=",".join(QUICK), help=f"comma-separated, of {', '.join(SECTIONS)}")
    ap.add_argument("--n-sentences", type=int, default=20000, help="sentences for the speed section")
    ap.add_argument("--n-docs", type=int, default=200, help="articles for the extract section")
    ap.add_argument("--model-file", type=Path, help="also score this rebuilt news model in newsmtsc")
    ap.add_argument("--transformer-dir", type=Path, help="also score this rebuilt transformer in targets")
    args = ap.parse_args()
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        ap.error(f"unknown section(s) {sorted(unknown)}; choose from {SECTIONS}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"scikit-learn {sklearn.__version__}, load average {os.getloadavg()[0]:.1f} at start\n"
    )
    if "targets" in sections:
        print(
            f"## targets: fast and accurate path, NewsMTSC devtest_rw\n\n{targets_table(args.transformer_dir)}\n"
        )
    if "speed" in sections:
        what, texts = bench_sentences(args.n_sentences)
        print(f"## speed: VADER ({what}, one process)\n\n{speed_table(texts)}\n")
    if "extract" in sections:
        print(f"## extract: the seeds repeated to {args.n_docs} articles\n\n{extract_table(args.n_docs)}\n")
    if "newsmtsc" in sections:
        print(f"## newsmtsc: NewsMTSC devtest_rw (targets)\n\n{newsmtsc_table(args.model_file)}\n")
    if "persent" in sections:
        print(f"## persent: PerSenT (documents)\n\n{persent_table()}\n")
    if "thresholds" in sections:
        print(f"## thresholds: PerSenT thresholds chosen on dev\n\n{thresholds_table()}\n")


if __name__ == "__main__":
    main()
