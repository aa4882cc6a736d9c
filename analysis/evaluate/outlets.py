"""Score the outlet classifier on a PolNeAR-style folder: which outlet wrote each article?

Layout: ``<split>/text/*.txt`` (one article per file, title on the first line) and a
``metadata.tsv`` one level above the split (``filename`` without ``.txt`` and ``publisher``).
By default the model is trained on the sibling ``train`` split, so ``--data .../data/dev``
trains on ``.../data/train`` and scores ``dev``.

The texts are read with :func:`analysis.corpus.load_corpus` (same cleaning as in a report), and
every label comes from ``metadata.tsv``: the outlet the loader finds in a dateline is dropped,
and the classifier never sees file names (PolNeAR's spell the publisher).
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from analysis.corpus import load_corpus
from analysis.outlets.classifier import DEFAULT_NOVELTY, DEFAULT_THRESHOLD, UNKNOWN, OutletClassifier


def _split_dir(path: Path) -> Path:
    """The split folder (the one holding ``text/``), whether given the split or its ``text``."""
    path = Path(path)
    if path.name == "text" and not (path / "text").is_dir():
        return path.parent
    return path


def _metadata(split: Path) -> pd.DataFrame:
    for candidate in (split.parent / "metadata.tsv", split / "metadata.tsv"):
        if candidate.is_file():
            meta = pd.read_csv(candidate, sep="\t", dtype=str, keep_default_na=False)
            if not {"filename", "publisher"} <= set(meta.columns):
                raise ValueError(f"{candidate}: needs columns filename and publisher")
            return meta
    raise FileNotFoundError(f"{split}: no metadata.tsv in {split.parent} or {split}")


def load_labelled(split: str | Path) -> pd.DataFrame:
    """The docs table of a PolNeAR-style split with ``outlet`` set from ``metadata.tsv``.

    Articles without a publisher in the metadata are dropped (they have no gold label).
    """
    split = _split_dir(Path(split))
    text_dir = split / "text" if (split / "text").is_dir() else split
    meta = _metadata(split)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = load_corpus(text_dir, metadata=False, dedup=False, progress=False)
    publisher = dict(zip(meta["filename"].str.removesuffix(".txt"), meta["publisher"]))
    stems = [Path(str(p)).stem for p in docs["source_path"]]
    docs = docs.assign(outlet=pd.array([publisher.get(s) or pd.NA for s in stems], dtype="string"))
    return docs[docs["outlet"].notna()].reset_index(drop=True)


def calibration_error(proba: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the top probability: the mean gap between confidence and
    accuracy over equal-width confidence bins, weighted by bin size."""
    conf = proba.max(axis=1)
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(conf, edges[1:-1]), 0, bins - 1)
    gap = 0.0
    for b in range(bins):
        m = which == b
        if m.any():
            gap += m.mean() * abs(conf[m].mean() - correct[m].mean())
    return float(gap)


def calibration_table(
    proba: np.ndarray, correct: np.ndarray, edges=(0.0, 0.5, 0.7, 0.9, 1.0)
) -> pd.DataFrame:
    """Articles, mean confidence and accuracy per bin of the top probability (the reliability
    diagram as a table): ``bin, articles, mean_confidence, accuracy``; empty bins are left out."""
    conf = proba.max(axis=1)
    which = np.clip(np.digitize(conf, np.asarray(edges)[1:-1]), 0, len(edges) - 2)
    rows = []
    for b in range(len(edges) - 1):
        m = which == b
        if m.any():
            rows.append(
                {
                    "bin": f"{edges[b]:.1f}–{edges[b + 1]:.1f}",
                    "articles": int(m.sum()),
                    "mean_confidence": float(conf[m].mean()),
                    "accuracy": float(correct[m].mean()),
                }
            )
    return pd.DataFrame(rows, columns=["bin", "articles", "mean_confidence", "accuracy"])


def scores(
    clf: OutletClassifier, proba: np.ndarray, gold: np.ndarray, similarity: np.ndarray | None = None
) -> dict:
    """Every measure of :func:`evaluate` for the scores of ``clf.predict_scores`` (``proba`` and
    ``similarity``; without it, the closed-set answers) against gold outlets, at
    ``clf.threshold``; no timing, no training size. Public so benchmarks score variants and
    thresholds the way ``evaluate`` does."""
    gold = np.array([str(g) for g in gold], dtype=object)
    top = clf.classes_[proba.argmax(axis=1)]
    answered = clf.decide(proba, similarity)
    mask = answered != UNKNOWN
    labels = sorted(set(gold) | set(clf.classes_))
    per = f1_score(gold, top, labels=labels, average=None, zero_division=0)
    idx = {c: i for i, c in enumerate(clf.classes_)}
    p_gold = np.array([proba[i, idx[g]] if g in idx else 0.0 for i, g in enumerate(gold)])
    return {
        "accuracy": float(accuracy_score(gold, top)),
        "macro_f1": float(f1_score(gold, top, labels=labels, average="macro", zero_division=0)),
        "per_outlet_f1": {lab: float(v) for lab, v in zip(labels, per)},
        "n": int(len(gold)),
        "coverage": float(mask.mean()),
        "accuracy_answered": float((answered[mask] == gold[mask]).mean()) if mask.any() else None,
        "macro_f1_with_unknown": float(
            f1_score(gold, answered, labels=labels, average="macro", zero_division=0)
        ),
        "ece": calibration_error(proba, top == gold),
        "log_loss": float(-np.mean(np.log(np.clip(p_gold, 1e-12, 1.0)))),
        "threshold": float(clf.threshold),
        "calibrated": bool(clf.calibrated_),
        "outlets": int(len(clf.classes_)),
        "chance_macro_f1": 1.0 / len(labels),
    }


def evaluate(
    data: str | Path, *, train: str | Path | None = None, threshold: float | None = None, seed: int = 0
) -> dict:
    """Train on ``train`` (default: the sibling ``train`` split), score on ``data``.

    Returns a dict with ``accuracy`` and ``macro_f1`` of the top outlet on every article (the
    figures comparable with other classifiers; chance is 1/k), ``per_outlet_f1``, ``n``,
    ``coverage`` (share of articles not answered "unknown": below ``threshold``, or unlike the
    articles of the outlet they would be given),
    ``accuracy_answered`` (accuracy on those), ``macro_f1_with_unknown`` ("unknown" counted as
    wrong), ``ece`` (expected calibration error of the top probability), ``log_loss``,
    ``threshold``, ``n_train``, ``outlets`` and ``seconds``.
    """
    t0 = time.perf_counter()
    data = _split_dir(Path(data))
    train = _split_dir(Path(train)) if train is not None else data.parent / "train"
    if not train.is_dir():
        raise FileNotFoundError(f"{train}: training split not found (pass train=...)")
    threshold = DEFAULT_THRESHOLD if threshold is None else float(threshold)
    train_docs, test_docs = load_labelled(train), load_labelled(data)
    clf = OutletClassifier(threshold=threshold, seed=seed).fit(train_docs)
    proba, similarity = clf.predict_scores(test_docs)
    result = scores(clf, proba, test_docs["outlet"].to_numpy(), similarity)
    return {**result, "n_train": int(len(train_docs)), "seconds": round(time.perf_counter() - t0, 1)}


OPEN_SET_COLUMNS = ["held_out", "novelty", "unseen", "unseen_unknown", "seen", "seen_unknown", "seen_right"]


def open_set(
    train_docs: pd.DataFrame,
    test_docs: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    novelties: tuple[float | None, ...] = (DEFAULT_NOVELTY,),
    seed: int = 0,
) -> pd.DataFrame:
    """Leave one outlet out: does the classifier say "unknown" for an outlet it never learnt?

    For each outlet of ``train_docs``, a classifier is trained on the other outlets (features
    included: nothing of the held-out outlet is seen) and predicts ``test_docs`` at each
    ``novelty`` of ``novelties`` (None: closed set, the probability threshold only). One row
    per held-out outlet and novelty: ``held_out``, ``novelty``, ``unseen`` (its test articles),
    ``unseen_unknown`` (share of them answered "unknown": the goal), ``seen`` (test articles of
    the other outlets), ``seen_unknown`` (share of those answered "unknown": the cost) and
    ``seen_right`` (share of those answered with their own outlet).
    """
    rows = []
    gold = test_docs["outlet"].astype(str).to_numpy()
    for outlet in sorted(train_docs["outlet"].astype(str).unique()):
        clf = OutletClassifier(threshold=threshold, seed=seed)
        clf.fit(train_docs[train_docs["outlet"].astype(str) != outlet])
        proba, similarity = clf.predict_scores(test_docs)
        unseen = gold == outlet
        for novelty in novelties:
            answers = clf.set_params(novelty=novelty).decide(proba, similarity)
            rows.append(
                {
                    "held_out": outlet,
                    "novelty": novelty,
                    "unseen": int(unseen.sum()),
                    "unseen_unknown": float((answers[unseen] == UNKNOWN).mean()) if unseen.any() else np.nan,
                    "seen": int((~unseen).sum()),
                    "seen_unknown": float((answers[~unseen] == UNKNOWN).mean()),
                    "seen_right": float((answers[~unseen] == gold[~unseen]).mean()),
                }
            )
    return pd.DataFrame(rows, columns=OPEN_SET_COLUMNS)
