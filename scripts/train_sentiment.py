"""Rebuild the shipped news-domain target-sentiment model from a NewsMTSC folder.

    python scripts/train_sentiment.py ../shared/data/newsmtsc [--out analysis/models/sentiment_news.joblib]
                                      [--tune] [--seed 0]

Trains :func:`analysis.sentiment.news_model` on ``train.jsonl`` only. ``--tune`` picks the
regularisation ``C`` and the feature blocks by grouped 5-fold cross-validation on the training
set (articles never straddle folds); without it the settings below, which that search chose
(``benchmarks/sentiment.md`` lists the variants tried), are used. ``devtest_rw.jsonl`` is never read here: it is for
``python -m analysis evaluate sentiment`` only, so the reported figure is not tuned on.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
import time
from pathlib import Path

import numpy as np
import sklearn

from analysis.evaluate.sentiment import read_newsmtsc
from analysis.sentiment import news_model, news_model_path, save_model

#: Settings chosen by ``--tune`` (grouped 5-fold CV on NewsMTSC train; see the model card).
BASE = ("masked", "left", "right", "char", "dense")
DEFAULTS = {"C": 0.5, "blocks": BASE[:4] + ("window", "dense")}
GRID = {"C": [0.5, 1.0], "blocks": [BASE, BASE[:4] + ("window", "dense")]}


def cross_validate(train, settings: dict, folds: int = 5, seed: int = 0) -> float:
    """Mean macro-F1 over grouped folds of ``train`` (a :func:`read_newsmtsc` table)."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    scores = []
    split = GroupKFold(n_splits=folds).split(train, train["label"], train["article"])
    for fit_idx, val_idx in split:
        a, b = train.iloc[fit_idx], train.iloc[val_idx]
        model = news_model(seed=seed, **settings).fit(a, a["label"])
        pred = model.predict(b)
        scores.append(f1_score(b["label"], pred, average="macro"))
    return float(np.mean(scores))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="NewsMTSC folder holding train.jsonl")
    ap.add_argument("--out", type=Path, default=news_model_path())
    ap.add_argument("--tune", action="store_true", help="grid-search C and feature blocks by CV on train")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    train_path = args.folder / "train.jsonl"
    if not train_path.exists():
        print(f"{train_path}: no such file", file=sys.stderr)
        return 2
    train = read_newsmtsc(train_path)
    settings = dict(DEFAULTS)
    cv = None
    if args.tune:
        best = None
        for c, blocks in itertools.product(GRID["C"], GRID["blocks"]):
            trial = {"C": c, "blocks": blocks}
            t0 = time.time()
            score = cross_validate(train, trial, seed=args.seed)
            print(
                f"C={c} blocks={'+'.join(blocks)}: CV macro-F1 {score:.4f} ({time.time() - t0:.0f}s)",
                flush=True,
            )
            if best is None or score > best[0]:
                best = (score, trial)
        cv, settings = best
        print(f"chosen: {settings} (CV macro-F1 {cv:.4f})")

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
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_model(model, args.out, meta)
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB) in {time.time() - t0:.0f}s; {len(train)} targets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
