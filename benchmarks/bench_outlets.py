"""Outlet attribution and text reuse, measured: every table of ``benchmarks/outlets.md``.

Sections (``--sections``, comma-separated; the quick default is ``classifier,reuse``):

- ``classifier``: the default outlet classifier trained on PolNeAR train, scored on dev (the
  ``python -m analysis evaluate outlets`` figures), per-outlet F1, the threshold table and the
  calibration bins.
- ``variants``: the same split with other calibrations, style weights and C (7 fits, minutes).
- ``open-set``: leave one outlet out (train without it, predict dev): the share of its articles
  called "unknown" and the cost on the other outlets' articles, at several ``novelty`` values
  (``None`` is the closed set: the probability threshold only); the full model's dev scores at
  the same values; and BBC News articles (an outlet of another country and corpus) predicted by
  the PolNeAR model (7 fits plus one, minutes).
- ``reuse``: ``find_reuse`` on BBC News as it is, and the recall test: a paragraph of article A
  inserted into article B for 200 random disjoint pairs.
- ``speed``: ``find_reuse`` time against corpus size (BBC, then AG News items), and an all-pairs
  comparison of shingle sets on 500 BBC articles.

    python benchmarks/bench_outlets.py                      # quick: classifier, reuse
    python benchmarks/bench_outlets.py --sections variants,open-set,speed

Data: ``../shared/data/{polnear,bbc-news,ag-news-test}`` (research use; nothing is copied).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn

from analysis.corpus import load_corpus
from analysis.corpus.dedup import shingles
from analysis.evaluate.outlets import calibration_table, load_labelled, open_set, scores
from analysis.outlets import EARLIER_LATER, UNKNOWN, OutletClassifier, find_reuse
from analysis.text import count_words

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
QUICK = ("classifier", "reuse")
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
NOVELTIES = (None, 0.02, 0.05, 0.1)
VARIANTS = {
    "default (char 1-3 + style 0.02, SVM C=0.5)": {},
    "sigmoid calibration": {"calibration": "sigmoid"},
    "isotonic calibration": {"calibration": "isotonic"},
    "no calibration (softmax of margins)": {"calibration": None},
    "style weight 0 (char n-grams only)": {"style_weight": 0.0},
    "style weight 0.5": {"style_weight": 0.5},
    "C=2": {"C": 2.0},
}


def table(frame: pd.DataFrame, digits: int = 3) -> str:
    """A markdown table of ``frame`` (floats rounded to ``digits``)."""
    cells = frame.map(lambda v: f"{v:.{digits}f}" if isinstance(v, float) else str(v))
    lines = ["| " + " | ".join(map(str, frame.columns)) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in cells.to_numpy().tolist()]
    return "\n".join(lines)


# --- outlet classifier -----------------------------------------------------------------------


def polnear(data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """PolNeAR train and dev as docs tables with the gold outlet (``metadata.tsv``)."""
    return load_labelled(data / "train"), load_labelled(data / "dev")


def fit_and_score(
    train: pd.DataFrame, dev: pd.DataFrame, **params
) -> tuple[OutletClassifier, tuple[np.ndarray, np.ndarray], dict]:
    """Fit on ``train``, score ``dev`` as ``evaluate`` does: the fitted model, its
    ``(probabilities, similarities)`` on dev and the scores with the fit time."""
    t0 = time.perf_counter()
    clf = OutletClassifier(**params).fit(train)
    seconds = time.perf_counter() - t0
    proba, sim = clf.predict_scores(dev)
    return clf, (proba, sim), {**scores(clf, proba, dev["outlet"].to_numpy(), sim), "fit_s": seconds}


def classifier_section(train: pd.DataFrame, dev: pd.DataFrame) -> None:
    clf, (proba, sim), s = fit_and_score(train, dev)
    print(
        f"## Default classifier on PolNeAR dev ({s['n']} articles, {s['outlets']} outlets; "
        f"trained on {len(train)})\n"
    )
    answered = round(s["coverage"] * s["n"])
    rows = [
        ("macro-F1 (top outlet, every article)", f"{s['macro_f1']:.3f} (chance {s['chance_macro_f1']:.2f})"),
        ("accuracy", f"{s['accuracy']:.3f}"),
        (
            f'coverage at threshold {s["threshold"]}, novelty {clf.novelty} (not "unknown")',
            f"{s['coverage']:.3f} ({answered} of {s['n']})",
        ),
        ("accuracy on answered articles", f"{s['accuracy_answered']:.3f}"),
        ("expected calibration error (10 bins)", f"{s['ece']:.3f}"),
        ("log loss", f"{s['log_loss']:.3f}"),
        ("fit s (with 5-fold calibration)", f"{s['fit_s']:.0f}"),
    ]
    print(table(pd.DataFrame(rows, columns=["measure", "value"])))
    print("\nPer-outlet F1: " + ", ".join(f"{k} {v:.2f}" for k, v in s["per_outlet_f1"].items()))
    gold = dev["outlet"].to_numpy()
    rows = []
    for t in THRESHOLDS:
        r = scores(clf.set_params(threshold=t), proba, gold, sim)
        rows.append(
            {
                "threshold": t,
                "coverage": r["coverage"],
                "accuracy on answered": r["accuracy_answered"],
                "macro-F1 ('unknown' = wrong)": r["macro_f1_with_unknown"],
            }
        )
    print(f"\n### Threshold: coverage against accuracy (novelty {clf.novelty})\n")
    print(table(pd.DataFrame(rows).astype({"threshold": str}), digits=3))
    correct = clf.classes_[proba.argmax(axis=1)] == gold
    cal = calibration_table(proba, correct)
    print("\n### Calibration (top probability)\n")
    print(table(cal, digits=2))


def variants_section(train: pd.DataFrame, dev: pd.DataFrame) -> None:
    rows = []
    for name, params in VARIANTS.items():
        _, _, s = fit_and_score(train, dev, **params)
        rows.append(
            {
                "variant": name,
                "calibration": str(params.get("calibration", "temperature")),
                "macro-F1 dev": s["macro_f1"],
                "accuracy dev": s["accuracy"],
                "ECE": s["ece"],
                "fit s": f"{s['fit_s']:.0f}",
            }
        )
        print(f"  {name}: {s['macro_f1']:.3f}", flush=True)
    print("\n### Variants (same split; fit time includes 5-fold calibration)\n")
    print(table(pd.DataFrame(rows)))


def open_set_section(train: pd.DataFrame, dev: pd.DataFrame, bbc_path: Path, seed: int) -> None:
    held = open_set(train, dev, novelties=NOVELTIES, seed=seed)
    clf = OutletClassifier(seed=seed).fit(train)
    proba, sim = clf.predict_scores(dev)
    gold = dev["outlet"].to_numpy()
    foreign = bbc_sample(bbc_path, 300, seed)
    f_proba, f_sim = clf.predict_scores(foreign)
    rows = []
    for novelty in NOVELTIES:
        h = held[held["novelty"].isna()] if novelty is None else held[held["novelty"] == novelty]
        s = scores(clf.set_params(novelty=novelty), proba, gold, sim)
        rows.append(
            {
                "novelty": str(novelty),
                "held-out outlet's articles 'unknown'": h["unseen_unknown"].mean(),
                "other outlets' articles 'unknown'": h["seen_unknown"].mean(),
                "full model dev: coverage": s["coverage"],
                "macro-F1 (top outlet)": s["macro_f1"],
                "macro-F1 ('unknown' = wrong)": s["macro_f1_with_unknown"],
                "BBC articles 'unknown'": float((clf.decide(f_proba, f_sim) == UNKNOWN).mean()),
            }
        )
    print(f"## Open set: leave one outlet out (PolNeAR train without it -> dev), threshold {clf.threshold}\n")
    print(table(pd.DataFrame(rows)))
    per = held.assign(novelty=held["novelty"].map(lambda v: f"novelty {v}" if v == v else "closed set"))
    per = per.pivot(index="held_out", columns="novelty", values="unseen_unknown")
    print("\nPer held-out outlet, share of its dev articles called 'unknown':\n")
    print(table(per[["closed set", *(f"novelty {v}" for v in NOVELTIES[1:])]].reset_index()))
    print(
        f"\nBBC: {len(foreign)} articles sampled with seed {seed}; closest PolNeAR outlet by the "
        "calibrated probability: "
        + ", ".join(
            f"{k} {v}" for k, v in pd.Series(clf.classes_[f_proba.argmax(axis=1)]).value_counts().items()
        )
    )


def bbc_sample(path: Path, n: int, seed: int) -> pd.DataFrame:
    """``n`` BBC News articles drawn with ``seed``, read by ``load_corpus`` like PolNeAR's."""
    files = sorted(path.rglob("*.txt"))
    random.Random(seed).shuffle(files)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(files[:n], metadata=False, dedup=False, progress=False)


# --- text reuse ------------------------------------------------------------------------------


def bbc(path: Path) -> pd.DataFrame:
    """BBC News as files are (title line, blank line, paragraphs), in sorted path order."""
    files = sorted(path.rglob("*.txt"))
    return pd.DataFrame(
        {
            "doc_id": [f"{f.parent.name}/{f.stem}" for f in files],
            "text": [f.read_text("utf-8", errors="replace") for f in files],
        }
    )


def ag_news(path: Path) -> pd.DataFrame:
    """AG News test items as ``title`` + newline + ``description``."""
    frame = pd.read_csv(path, dtype=str).fillna("")
    return pd.DataFrame(
        {
            "doc_id": [f"ag/{i}" for i in range(len(frame))],
            "text": (frame["title"] + "\n" + frame["description"]).tolist(),
        }
    )


def inject(docs: pd.DataFrame, pairs: int, seed: int, min_words: int = 20) -> tuple[pd.DataFrame, list]:
    """Copy a random paragraph (>= ``min_words`` words) of A into B at a random paragraph break,
    for ``pairs`` disjoint random pairs; A is dated one day before B, the others undated."""
    rng = random.Random(seed)
    texts = docs["text"].tolist()
    dates = [pd.NaT] * len(docs)
    order = list(range(len(docs)))
    rng.shuffle(order)
    injected, k = [], 0
    while len(injected) < pairs:
        a, b = order[k], order[k + 1]
        k += 2
        paragraphs = [p for p in texts[a].split("\n\n")[1:] if count_words(p) >= min_words]
        if not paragraphs:
            continue
        copied = rng.choice(paragraphs).strip()
        target = texts[b].split("\n\n")
        at = rng.randint(1, len(target))
        texts[b] = "\n\n".join(target[:at] + [copied] + target[at:])
        dates[a], dates[b] = pd.Timestamp("2020-01-01"), pd.Timestamp("2020-01-02")
        injected.append((docs["doc_id"].iloc[a], docs["doc_id"].iloc[b], count_words(copied)))
    return docs.assign(text=texts, date=pd.to_datetime(pd.Series(dates))), injected


def reuse_section(path: Path, seed: int) -> None:
    docs = bbc(path)
    t0 = time.perf_counter()
    plain = find_reuse(docs)
    seconds = time.perf_counter() - t0
    near = int((plain["share_of_target"] > 0.9).sum())
    print(f"## Text reuse on BBC News ({len(docs)} articles, n=8, min_words=12)\n")
    print(
        f"Untouched corpus: {len(plain)} pairs, {near} of them near-duplicates (over 90% of the "
        f"target shared); {seconds:.1f} s.\n"
    )
    changed, injected = inject(docs, 200, seed)
    t0 = time.perf_counter()
    found = find_reuse(changed)
    seconds = time.perf_counter() - t0
    by_pair = {frozenset((r.source_doc, r.target_doc)): r for r in found.itertuples()}
    hits, right, ratio = 0, 0, []
    for a, b, words in injected:
        r = by_pair.get(frozenset((a, b)))
        if r is None:
            continue
        hits += 1
        right += (r.source_doc, r.target_doc, r.direction) == (a, b, EARLIER_LATER)
        ratio.append(r.shared_words / words)
    before = {frozenset((r.source_doc, r.target_doc)) for r in plain.itertuples()}
    injected_keys = {frozenset((a, b)) for a, b, _ in injected}
    new = [k for k in by_pair if k not in before and k not in injected_keys]
    rows = [
        ("inserted pairs found", f"{hits} / {len(injected)}"),
        ("direction earlier→later right", f"{right} / {len(injected)}"),
        (
            "`shared_words` / inserted words",
            f"median {np.median(ratio):.3f}, min {min(ratio):.3f}, max {max(ratio):.3f}",
        ),
        ("new pairs besides the injected ones", str(len(new))),
        ("time", f"{seconds:.1f} s"),
    ]
    print(f"### Recall on inserted copies (200 disjoint pairs, seed {seed})\n")
    print(table(pd.DataFrame(rows, columns=["measure", "value"])))
    # Why new pairs: A's paragraph is now in B, so B shares it with what already shared it with A.
    explained = sum(_explained(k, injected, before) for k in new)
    print(
        f"\nNew pairs explained by a text the source A already shared with the other article: "
        f"{explained} of {len(new)}"
    )


def _explained(pair: frozenset, injected: list, before: set) -> bool:
    """True when the pair's texts already shared text before the injection once each injection
    target is also read as its source: B now holds A's paragraph, so B shares it with whatever
    shared it with A (A's near-copies; another target of a near-copy of A)."""
    source_of = {b: a for a, b, _ in injected}
    x, y = tuple(pair)
    return any(
        frozenset((ox, oy)) in before
        for ox in {x, source_of.get(x, x)}
        for oy in {y, source_of.get(y, y)}
        if ox != oy
    )


def speed_section(bbc_path: Path, ag_path: Path) -> None:
    docs = pd.concat([bbc(bbc_path), ag_news(ag_path)], ignore_index=True)
    print("### Speed: `find_reuse` against corpus size (BBC articles first, then AG News items)\n")
    rows = []
    for n in (1000, 2225, 5000, len(docs)):
        part = docs.iloc[:n]
        words = int(sum(count_words(t) for t in part["text"]))
        t0 = time.perf_counter()
        pairs = len(find_reuse(part))
        seconds = time.perf_counter() - t0
        rows.append(
            {
                "articles": n,
                "words": words,
                "seconds": f"{seconds:.1f}",
                "pairs found": pairs,
                "words/s": f"{words / seconds:,.0f}",
            }
        )
    print(table(pd.DataFrame(rows)))
    part = docs.iloc[:500]
    t0 = time.perf_counter()
    find_reuse(part)
    indexed = time.perf_counter() - t0
    t0 = time.perf_counter()
    sets = [shingles(t, 8) for t in part["text"]]
    shared = sum(
        len(np.intersect1d(sets[i], sets[j], assume_unique=True)) > 0
        for i in range(len(sets))
        for j in range(i + 1, len(sets))
    )
    all_pairs = time.perf_counter() - t0
    print(
        f"\n500 BBC articles: all-pairs intersection of 8-word shingle sets {all_pairs:.1f} s "
        f"({shared} pairs share one), whole `find_reuse` {indexed:.1f} s."
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sections",
        default=",".join(QUICK),
        help="comma-separated: classifier, variants, open-set, reuse, speed",
    )
    ap.add_argument("--polnear", type=Path, default=SHARED / "polnear" / "data")
    ap.add_argument("--bbc", type=Path, default=SHARED / "bbc-news")
    ap.add_argument("--ag", type=Path, default=SHARED / "ag-news-test" / "test.csv")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Python {platform.python_version()}, scikit-learn {sklearn.__version__}, pandas {pd.__version__}, "
        f"{platform.machine()}, {os.cpu_count()} cores, load average {load}\n"
    )
    if {"classifier", "variants", "open-set"} & set(sections):
        train, dev = polnear(args.polnear)
        if "classifier" in sections:
            classifier_section(train, dev)
        if "variants" in sections:
            variants_section(train, dev)
        if "open-set" in sections:
            open_set_section(train, dev, args.bbc, args.seed)
    if "reuse" in sections:
        reuse_section(args.bbc, args.seed)
    if "speed" in sections:
        speed_section(args.bbc, args.ag)


if __name__ == "__main__":
    main()
