"""Which outlet wrote an article: a stylometric classifier that answers "unknown" rather than guess.

Archives often hold articles whose publisher is missing, and wire copy runs under many mastheads.
An outlet's house style (:mod:`analysis.outlets.style`) plus character n-grams lets a linear model
learn an outlet from the articles whose outlet is known (:class:`OutletClassifier`,
:func:`predict_outlets`). Its probabilities are calibrated (temperature scaling fitted on held-out
folds), so "0.8" means right about 8 times in 10, and it answers ``"unknown"`` below a threshold.

Features deliberately ignore ``doc_id``, ``url`` and ``source_path`` (file names often spell the
publisher, e.g. PolNeAR's ``nyt_2016-...``), and the docs loader already removes credit lines
("X contributed to this report") as page furniture, so the model cannot lean on them; datelines
stay in ``text`` and are one habit among many.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from analysis.outlets.style import StyleFeatures

UNKNOWN = "unknown"
DEFAULT_THRESHOLD = 0.5
PREDICTION_COLUMNS = ["doc_id", "outlet", "predicted_outlet", "probability"]


class _Joined(TransformerMixin, BaseEstimator):
    """Wraps a text vectorizer so it sees ``title + "\\n" + text`` from ``(title, text)`` pairs."""

    def __init__(self, vectorizer=None):
        self.vectorizer = vectorizer

    def fit(self, X, y=None):
        self.vectorizer_ = clone(self.vectorizer).fit([f"{t}\n{b}" for t, b in X])
        return self

    def transform(self, X):
        return self.vectorizer_.transform([f"{t}\n{b}" for t, b in X])


def title_text(docs: pd.DataFrame) -> list[tuple[str, str]]:
    """(title, text) pairs, the classifier's input; missing values become "" so one odd row never
    breaks a batch."""
    titles = docs["title"] if "title" in docs else pd.Series([""] * len(docs), index=docs.index)
    return [
        ("" if pd.isna(t) else str(t), "" if pd.isna(b) else str(b)) for t, b in zip(titles, docs["text"])
    ]


def outlet_features(max_features: int | None, style_weight: float) -> FeatureUnion:
    """Character 1-3-grams (case kept) plus the counted style habits.

    Why these: house style lives in marks, casing and short function words more than in topic
    words, which also change with the news; character n-grams with case kept see all three. The
    dense style block must stay at a small weight: at 0.5 it swamps the unit-length TF-IDF rows and
    cost 0.13 macro-F1 on PolNeAR dev, while at 0.02 it changes no answer there against 0 (variants
    table in benchmarks/outlets.md); it is for corpora whose outlets differ in layout more than in
    characters.
    """
    chars = TfidfVectorizer(
        analyzer="char",
        ngram_range=(1, 3),
        sublinear_tf=True,
        min_df=2,
        max_features=max_features,
        lowercase=False,
        dtype=np.float32,
    )
    return FeatureUnion(
        [("chars", _Joined(chars)), ("style", StyleFeatures())],
        transformer_weights={"chars": 1.0, "style": style_weight},
    )


class OutletClassifier(ClassifierMixin, BaseEstimator):
    """Stylometric outlet classifier with calibrated probabilities and an "unknown" answer.

    Parameters
    ----------
    threshold : answer ``"unknown"`` when the highest calibrated probability is below this.
        With 7 outlets chance is 0.14; 0.5 means "more likely this outlet than all others
        together".
    seed : random seed (fold split of the calibration); same data + seed = same numbers.
    C : inverse regularisation of the linear SVM.
    calibration : ``"temperature"`` (one parameter, safe on small data), ``"sigmoid"``,
        ``"isotonic"`` or ``None``; fitted on ``cv`` held-out folds, so the probabilities are
        not the over-confident in-sample ones.
    cv : folds for calibration; lowered to the size of the smallest outlet, and calibration is
        skipped (``calibrated_`` False) when some outlet has a single article.
    max_features : cap on the character n-gram vocabulary (memory on big corpora).
    style_weight : weight of the dense style block against the TF-IDF blocks.

    ``fit(docs)`` takes a docs table with ``title``, ``text`` and ``outlet`` (rows with a missing
    outlet are ignored) or ``fit(docs, y)``; ``predict(docs)`` returns outlet names or
    ``"unknown"``; ``predict_proba(docs)`` gives one column per ``classes_``.
    Fitted attributes: ``features_``, ``model_``, ``classes_``, ``calibrated_``, ``n_train_``.
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        seed: int = 0,
        *,
        C: float = 0.5,
        calibration: str | None = "temperature",
        cv: int = 5,
        max_features: int | None = 200_000,
        style_weight: float = 0.02,
    ):
        self.threshold = threshold
        self.seed = seed
        self.C = C
        self.calibration = calibration
        self.cv = cv
        self.max_features = max_features
        self.style_weight = style_weight

    def fit(self, docs: pd.DataFrame, y: Iterable[str] | None = None) -> OutletClassifier:
        labels = pd.Series(list(docs["outlet"]) if y is None else list(y), index=docs.index, dtype="string")
        known = labels.notna() & (labels.str.strip() != "") & (labels != UNKNOWN)
        docs, labels = docs[known.to_numpy()], labels[known].astype(str)
        counts = labels.value_counts()
        if len(counts) < 2:
            raise ValueError(
                f"need articles from at least 2 outlets to learn outlet styles, got {len(counts)}"
            )
        y_arr = labels.to_numpy()
        # The features are fitted once on all training articles (they use no labels), so the
        # calibration folds refit only the linear model: 6 cheap fits, not 6 vocabularies.
        self.features_ = outlet_features(self.max_features, self.style_weight)
        X = self.features_.fit_transform(title_text(docs))
        svm = LinearSVC(C=self.C, random_state=self.seed)
        folds = min(self.cv, int(counts.min()))
        self.calibrated_ = bool(self.calibration) and folds >= 2
        if self.calibrated_:
            split = StratifiedKFold(folds, shuffle=True, random_state=self.seed)
            self.model_ = CalibratedClassifierCV(svm, method=self.calibration, cv=split, ensemble=False)
        else:
            # Too few articles per outlet to hold any out: a softmax over the margins stands in
            # for probabilities, and says so in ``calibrated_``.
            self.model_ = svm
        self.model_.fit(X, y_arr)
        self.classes_ = np.asarray(self.model_.classes_)
        self.n_train_ = {str(k): int(v) for k, v in counts.items()}
        return self

    def predict_proba(self, docs: pd.DataFrame) -> np.ndarray:
        X = self.features_.transform(title_text(docs))
        if self.calibrated_:
            return self.model_.predict_proba(X)
        margins = np.atleast_2d(self.model_.decision_function(X))
        if margins.shape[1] == 1 or margins.shape[0] != X.shape[0]:
            margins = margins.reshape(X.shape[0], -1)
            if margins.shape[1] == 1:  # binary: one margin for classes_[1]
                margins = np.hstack([-margins, margins])
        z = np.exp(margins - margins.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)

    def predict(self, docs: pd.DataFrame) -> np.ndarray:
        return self.decide(self.predict_proba(docs))

    def decide(self, proba: np.ndarray) -> np.ndarray:
        """Outlet names for rows of ``predict_proba``: the most probable outlet, or ``"unknown"``
        where its probability is below ``threshold``. Public so a caller that already holds the
        probabilities (evaluation, out-of-fold tables) does not compute them twice."""
        best = proba.argmax(axis=1)
        out = self.classes_[best].astype(object)
        out[proba.max(axis=1) < self.threshold] = UNKNOWN
        return out


def predict_outlets(
    docs: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    seed: int = 0,
    cv: int = 5,
    min_articles: int = 2,
) -> pd.DataFrame:
    """Predict the outlet of every article from the articles whose outlet is known.

    Returns ``doc_id, outlet, predicted_outlet, probability`` (one row per article, in ``docs``
    order). Articles with a missing outlet are predicted by a model trained on all known ones.
    Articles with a known outlet get an out-of-fold prediction (the model that predicts them never
    saw them), so the table doubles as an honest check: where ``predicted_outlet`` disagrees with
    ``outlet`` on known rows, expect errors of that kind on the unknown ones.

    Outlets with fewer than ``min_articles`` known articles cannot be learnt (one article is a
    topic, not a style); they are not candidate answers. With fewer than two learnable outlets
    every prediction is ``"unknown"`` with a missing probability and a warning says why.
    """
    docs = docs.reset_index(drop=True)
    outlet = docs["outlet"] if "outlet" in docs else pd.Series([pd.NA] * len(docs))
    outlet = outlet.astype("string")
    known = outlet.notna() & (outlet.str.strip() != "")
    counts = outlet[known].value_counts()
    learnable = counts[counts >= min_articles].index
    train_mask = known & outlet.isin(learnable)
    result = pd.DataFrame(
        {
            "doc_id": docs["doc_id"].astype("string"),
            "outlet": outlet,
            "predicted_outlet": pd.Series([UNKNOWN] * len(docs), dtype="string"),
            "probability": np.full(len(docs), np.nan),
        }
    )
    if len(learnable) < 2:
        warnings.warn(
            f"outlets: {len(learnable)} outlet(s) with >= {min_articles} known "
            "articles; need 2 to learn styles, every prediction is 'unknown'",
            stacklevel=2,
        )
        return result
    train_rows = np.flatnonzero(train_mask.to_numpy())
    other_rows = np.flatnonzero(~train_mask.to_numpy())
    full = OutletClassifier(threshold=threshold, seed=seed, cv=cv).fit(docs.iloc[train_rows])
    _fill(result, docs, other_rows, full)
    # Out-of-fold predictions for the known articles.
    y = outlet[train_mask].to_numpy()
    folds = min(cv, int(counts[learnable].min()))
    if folds >= 2:
        split = StratifiedKFold(folds, shuffle=True, random_state=seed)
        for fit_idx, test_idx in split.split(train_rows, y):
            sub = docs.iloc[train_rows[fit_idx]]
            if sub["outlet"].nunique() < 2:
                continue
            clf = OutletClassifier(threshold=threshold, seed=seed, cv=cv).fit(sub)
            _fill(result, docs, train_rows[test_idx], clf)
    return result


def _fill(result: pd.DataFrame, docs: pd.DataFrame, rows: np.ndarray, clf: OutletClassifier) -> None:
    """Write ``clf``'s answers for ``docs`` rows ``rows`` into ``result`` (same positions)."""
    if not len(rows):
        return
    proba = clf.predict_proba(docs.iloc[rows])
    result.loc[rows, "predicted_outlet"] = clf.decide(proba)
    result.loc[rows, "probability"] = proba.max(axis=1)
