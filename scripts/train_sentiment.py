"""Rebuild the shipped news-domain target-sentiment model from a NewsMTSC folder.

    python scripts/train_sentiment.py ../shared/data/newsmtsc [--out analysis/models/sentiment_news.npz]
                                      [--tune] [--seed 0]

Trains :func:`analysis.sentiment.news_model` on ``train.jsonl`` only, with :data:`DEFAULTS`, and
prints a fingerprint of the fitted coefficients: the same fingerprint as the model card's means the
same model, hence the same scores. ``--tune`` first prints the grouped 5-fold cross-validation
macro-F1 of every setting in :data:`GRID` (articles never straddle folds; the table in
``benchmarks/sentiment.md``) and trains the best one. ``devtest_rw.jsonl`` is never read here: it is
for ``python -m analysis evaluate sentiment`` only, so the reported figure is not tuned on.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline

from analysis.evaluate.sentiment import read_newsmtsc
from analysis.sentiment import news_model, news_model_path, save_model

#: Feature blocks without the window's word n-grams, and with them (the shipped set).
BASE = ("masked", "left", "right", "char", "dense")
SHIPPED_BLOCKS = ("masked", "left", "right", "char", "window", "dense")
#: The settings ``--tune`` compares, in the order of the table in ``benchmarks/sentiment.md``.
GRID = [
    {"C": 0.5, "blocks": BASE},
    {"C": 0.5, "blocks": SHIPPED_BLOCKS},
    {"C": 1.0, "blocks": SHIPPED_BLOCKS},
]
#: Settings of the shipped model (the best of :data:`GRID` by cross-validation).
DEFAULTS = GRID[1]


def cross_validate(train: pd.DataFrame, settings: dict, folds: int = 5, seed: int = 0) -> float:
    """Mean macro-F1 over grouped folds of ``train`` (a :func:`read_newsmtsc` table)."""
    scores = []
    split = GroupKFold(n_splits=folds).split(train, train["label"], train["article"])
    for fit_idx, val_idx in split:
        a, b = train.iloc[fit_idx], train.iloc[val_idx]
        model = news_model(seed=seed, **settings).fit(a, a["label"])
        scores.append(f1_score(b["label"], model.predict(b), average="macro"))
    return float(np.mean(scores))


def fingerprint(model: Pipeline) -> str:
    """SHA-256 (first 16 hex digits) of the classifier's coefficients and intercepts and of the
    vocabularies: equal fingerprints mean equal predictions."""
    digest = hashlib.sha256()
    clf = model.named_steps["classifier"]
    digest.update(np.ascontiguousarray(clf.coef_, dtype=np.float64).tobytes())
    digest.update(np.ascontiguousarray(clf.intercept_, dtype=np.float64).tobytes())
    for block, vec in sorted(model.named_steps["features"].vectorizers_.items()):
        digest.update(block.encode())
        digest.update(repr(sorted(vec.vocabulary_.items())).encode())
        digest.update(np.ascontiguousarray(vec.idf_, dtype=np.float64).tobytes())
    return digest.hexdigest()[:16]


def tune(train: pd.DataFrame, seed: int) -> tuple[dict, float]:
    """Print the CV table of :data:`GRID` (markdown) and return the best setting and its score."""
    print("| C | blocks | CV macro-F1 | s |\n|---:|---|---:|---:|", flush=True)
    best: tuple[float, dict] | None = None
    for settings in GRID:
        t0 = time.time()
        score = cross_validate(train, settings, seed=seed)
        blocks = " + ".join(settings["blocks"])
        print(f"| {settings['C']} | {blocks} | {score:.4f} | {time.time() - t0:.0f} |", flush=True)
        if best is None or score > best[0]:
            best = (score, settings)
    assert best is not None
    print(f"chosen: {best[1]} (CV macro-F1 {best[0]:.4f})")
    return best[1], best[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="NewsMTSC folder holding train.jsonl")
    ap.add_argument("--out", type=Path, default=news_model_path())
    ap.add_argument("--tune", action="store_true", help="cross-validate the settings of GRID on train first")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    train_path = args.folder / "train.jsonl"
    if not train_path.exists():
        print(f"{train_path}: no such file", file=sys.stderr)
        return 2
    train = read_newsmtsc(train_path)
    settings, cv = tune(train, args.seed) if args.tune else (DEFAULTS, None)

    t0 = time.time()
    model = news_model(seed=args.seed, **settings).fit(train, train["label"])
    meta = {
        "trained_on": "NewsMTSC train.jsonl (Hamborg & Donnay, EACL 2021; MIT-style licence)",
        "train_sha256": hashlib.sha256(train_path.read_bytes()).hexdigest(),
        "n_targets": len(train),
        "settings": settings,
        "cv_macro_f1": cv,
        "sklearn": sklearn.__version__,
        "seed": args.seed,
        "fingerprint": fingerprint(model),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_model(model, args.out, meta)
    size = args.out.stat().st_size / 1e6
    print(
        f"wrote {args.out} ({size:.1f} MB) in {time.time() - t0:.0f}s; {len(train)} targets; "
        f"fingerprint {meta['fingerprint']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
