"""The out-of-fold check of the outlet guesser (issue 23, item 1), measured on two corpora.

- **BBC, random labels**: BBC News articles (``--bbc-per`` of each category) given outlet labels
  drawn at random from ``--outlets`` made-up names, ``--unstated`` of them with none: the text
  says nothing of the labels, so every unstated article should be ``unknown``.
- **PolNeAR**: ``--polnear-per`` train articles of each of its 7 outlets, ``--unstated`` of
  them with the label hidden: the outlets differ in house style, so the guesser should still
  answer, and be right when it does.

For each: the share of unstated articles answered ``unknown`` with the check and without it
(``min_precision=None``), the right answers among those named, and the outlets that earned an
answer. Figures are in ``benchmarks/outlets.md``.

    python benchmarks/bench_outlet_check.py

Data: ``../shared/data/{bbc-news,polnear}`` (research use; nothing is copied).
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.corpus import load_corpus
from analysis.evaluate.outlets import load_labelled
from analysis.outlets import UNKNOWN, predict_outlets
from analysis.outlets.check import out_of_fold_check

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def bbc_random(per: int, outlets: int, seed: int) -> pd.DataFrame:
    """``per`` BBC articles of each category, outlets drawn at random (the labels are noise)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = load_corpus(SHARED / "bbc-news" / "bbc", progress=False)
    docs = docs.groupby("folder", group_keys=False).head(per).reset_index(drop=True)
    rng = np.random.default_rng(seed)
    return docs.assign(outlet=rng.choice([f"outlet-{i}" for i in range(outlets)], size=len(docs)))


def polnear(per: int, seed: int) -> pd.DataFrame:
    """``per`` PolNeAR train articles of each outlet, labels from its metadata."""
    docs = load_labelled(SHARED / "polnear" / "data" / "train")
    return docs.groupby("outlet", group_keys=False).sample(per, random_state=seed).reset_index(drop=True)


def measure(name: str, docs: pd.DataFrame, unstated: float, seed: int, **params) -> dict:
    """Hide ``unstated`` of the labels; the guesser's answers on them with and without the check
    (``params``: of :func:`predict_outlets`, e.g. ``threshold=0.0, novelty=None`` for a model that
    answers whatever it finds most probable, so that only the check can say ``unknown``)."""
    truth = docs["outlet"].astype("string")
    hidden = np.random.default_rng(seed).random(len(docs)) < unstated
    docs = docs.assign(outlet=truth.where(~hidden, pd.NA))
    start = time.perf_counter()
    raw = predict_outlets(docs, seed=seed, min_precision=None, **params)
    out = predict_outlets(docs, seed=seed, **params)
    check = out_of_fold_check(out, UNKNOWN)
    said, raw_said = out.loc[hidden, "predicted_outlet"], raw.loc[hidden, "predicted_outlet"]
    named = said != UNKNOWN
    return {
        "corpus": name,
        "model": ", ".join(f"{k}={v}" for k, v in params.items()) or "defaults",
        "articles": len(docs),
        "unstated": int(hidden.sum()),
        "unknown (check)": f"{(~named).mean():.1%}",
        "unknown (no check)": f"{(raw_said == UNKNOWN).mean():.1%}",
        "right of named": f"{int((said[named] == truth[hidden][named]).sum())} of {int(named.sum())}",
        "outlets earned": f"{int(check['answered'].sum())} of {len(check)}",
        "s": round(time.perf_counter() - start),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bbc-per", type=int, default=80)
    parser.add_argument("--outlets", type=int, default=5)
    parser.add_argument("--polnear-per", type=int, default=50)
    parser.add_argument("--unstated", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    bbc, pol = bbc_random(args.bbc_per, args.outlets, args.seed), polnear(args.polnear_per, args.seed)
    bold = {"threshold": 0.0, "novelty": None}
    rows = [
        measure("BBC, random labels", bbc, args.unstated, args.seed),
        measure("BBC, random labels", bbc, args.unstated, args.seed, **bold),
        measure("PolNeAR train", pol, args.unstated, args.seed),
        measure("PolNeAR train", pol, args.unstated, args.seed, **bold),
    ]
    print(pd.DataFrame(rows).to_markdown(index=False))


if __name__ == "__main__":
    main()
