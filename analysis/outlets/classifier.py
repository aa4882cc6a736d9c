"""Which outlet wrote an article: a stylometric classifier that answers "unknown" rather than guess.

Archives often hold articles whose publisher is missing, and wire copy runs under many mastheads.
An outlet's house style (:mod:`analysis.outlets.style`) plus character n-grams lets a linear model
learn an outlet from the articles whose outlet is known (:class:`OutletClassifier`,
:func:`predict_outlets`). Its probabilities are calibrated (temperature scaling fitted on held-out
folds), so "0.8" means right about 8 times in 10 among the outlets it knows, and it answers
``"unknown"`` below a threshold -- or when the article is unlike the articles of the outlet it would
name (:mod:`analysis.outlets.novelty`): the corpus may hold outlets it never learnt.

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

from analysis import schema
from analysis.outlets import novelty as nov
from analysis.outlets.check import MIN_CHECKED, MIN_PRECISION, out_of_fold_check, withhold_unearned
from analysis.outlets.style import StyleFeatures
from analysis.schema import UNKNOWN

DEFAULT_THRESHOLD = 0.5
DEFAULT_NOVELTY = 0.05
#: Why an answer is "unknown" (``unknown_reason`` column of :func:`predict_outlets`).
LOW_PROBABILITY = "below threshold"
UNLIKE_OUTLET = "unlike the outlet's articles"
TOO_FEW_OUTLETS = "too few known outlets"
NOT_CHECKED = "no model left it out"
PREDICTION_COLUMNS = schema.OUTLET_PREDICTIONS


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
    cost 0.13 macro-F1 on PolNeAR dev, while at 0.02 it is within noise of leaving it out (variants
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
    novelty : the open-set test (:mod:`analysis.outlets.novelty`): an article less similar to the
        centroid of the outlet it would be given than this share of that outlet's own articles
        is ``"unknown"`` -- it may come from an outlet never learnt. ``None`` turns it off
        (closed set: every article belongs to a known outlet). 0.05 costs about 6% of answers
        on known outlets' articles (PolNeAR dev; benchmarks/outlets.md).

    ``fit(docs)`` takes a docs table with ``title``, ``text`` and ``outlet`` (rows with a missing
    outlet are ignored) or ``fit(docs, y)``; ``predict(docs)`` returns outlet names or
    ``"unknown"``; ``predict_proba(docs)`` gives one column per ``classes_`` (closed set: shared
    among the known outlets); ``predict_scores(docs)`` gives both the probabilities and the
    similarities to each outlet's centroid, which :meth:`decide` turns into answers.
    Fitted attributes: ``features_``, ``model_``, ``classes_``, ``calibrated_``, ``n_train_``,
    ``n_chars_`` (character n-gram columns), ``centroids_``, ``reference_similarities_`` (per
    outlet, its own articles' leave-one-out similarities), and ``novelty_thresholds_`` from them.
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
        novelty: float | None = DEFAULT_NOVELTY,
    ):
        self.threshold = threshold
        self.seed = seed
        self.C = C
        self.calibration = calibration
        self.cv = cv
        self.max_features = max_features
        self.style_weight = style_weight
        self.novelty = novelty

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
        self._fit_novelty(X, y_arr)
        return self

    def _fit_novelty(self, X, y: np.ndarray) -> None:
        """Centroids and per-outlet similarity thresholds on the character n-gram block (the
        unit-length TF-IDF rows; the style block would weigh layout against all of them)."""
        self.n_chars_ = len(self.features_.transformer_list[0][1].vectorizer_.vocabulary_)
        chars = X[:, : self.n_chars_]
        self.centroids_ = nov.centroids(chars, y, self.classes_)
        self.reference_similarities_ = nov.reference_similarities(chars, y, self.classes_)

    @property
    def novelty_thresholds_(self) -> np.ndarray:
        """Per outlet, the similarity below which an article is unlike it, at ``novelty``: read
        from the stored reference similarities, so ``set_params(novelty=...)`` needs no refit."""
        return nov.thresholds(self.reference_similarities_, self.novelty)

    def predict_scores(self, docs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """``(probabilities, similarities)``, each one column per ``classes_``: the calibrated
        closed-set probabilities and the cosine similarity to each outlet's centroid."""
        X = self.features_.transform(title_text(docs))
        return self._proba(X), nov.similarity(X[:, : self.n_chars_], self.centroids_)

    def predict_proba(self, docs: pd.DataFrame) -> np.ndarray:
        return self._proba(self.features_.transform(title_text(docs)))

    def _proba(self, X) -> np.ndarray:
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
        return self.decide(*self.predict_scores(docs))

    def decide(self, proba: np.ndarray, similarity: np.ndarray | None = None) -> np.ndarray:
        """Outlet names for rows of :meth:`predict_scores`: the most probable outlet, or
        ``"unknown"`` where :meth:`unknown_reasons` gives a reason. Public so a caller that
        already holds the scores (evaluation, out-of-fold tables) does not compute them twice;
        without ``similarity`` only the probability threshold applies (closed set)."""
        out = self.classes_[proba.argmax(axis=1)].astype(object)
        out[self.unknown_reasons(proba, similarity) != ""] = UNKNOWN
        return out

    def unknown_reasons(self, proba: np.ndarray, similarity: np.ndarray | None = None) -> np.ndarray:
        """Per row, why the answer is ``"unknown"`` (:data:`LOW_PROBABILITY`,
        :data:`UNLIKE_OUTLET`) or ``""`` when the most probable outlet is the answer."""
        best = proba.argmax(axis=1)
        reasons = np.full(len(proba), "", dtype=object)
        if similarity is not None:
            unlike = similarity[np.arange(len(best)), best] < self.novelty_thresholds_[best]
            reasons[unlike] = UNLIKE_OUTLET
        reasons[proba.max(axis=1) < self.threshold] = LOW_PROBABILITY
        return reasons


def predict_outlets(
    docs: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    seed: int = 0,
    cv: int = 5,
    min_articles: int = 2,
    novelty: float | None = DEFAULT_NOVELTY,
    min_precision: float | None = MIN_PRECISION,
    min_checked: int = MIN_CHECKED,
) -> pd.DataFrame:
    """Predict the outlet of every article from the articles whose outlet is known.

    Returns ``doc_id, outlet, predicted_outlet, probability, closest_outlet, similarity,
    unknown_reason`` (one row per article, in ``docs`` order): ``closest_outlet`` is the most
    probable known outlet and ``probability`` its calibrated probability among the known outlets;
    ``similarity`` is the article's similarity to that outlet's articles;
    ``predicted_outlet`` is ``closest_outlet`` unless ``unknown_reason`` says why it is
    ``"unknown"`` (below ``threshold``; unlike the outlet's articles, see ``novelty`` of
    :class:`OutletClassifier`; too few known outlets). Articles with a missing outlet are
    predicted by a model trained on all known ones.
    Articles with a known outlet get an out-of-fold prediction (the model that predicts them never
    saw them), so the table doubles as an honest check: where ``predicted_outlet`` disagrees with
    ``outlet`` on known rows, expect errors of that kind on the unknown ones.

    An article that states no outlet is given an outlet only where the out-of-fold check earned
    it (:mod:`analysis.outlets.check`: the outlet's out-of-fold precision has a 95% Wilson lower
    bound of at least ``min_precision`` over at least ``min_checked`` answers naming it); else
    ``"unknown"`` with the check's reason. ``min_precision=None`` skips the check (the raw
    answers, for evaluation).

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
            "closest_outlet": pd.Series([pd.NA] * len(docs), dtype="string"),
            "similarity": np.full(len(docs), np.nan),
            "unknown_reason": pd.Series([TOO_FEW_OUTLETS] * len(docs), dtype="string"),
        }
    )
    if len(learnable) < 2:
        warnings.warn(
            f"outlets: {len(learnable)} outlet(s) with >= {min_articles} known "
            "articles; need 2 to learn styles, every prediction is 'unknown'",
            stacklevel=2,
        )
        return result
    # A known article keeps this reason only if no out-of-fold model could predict it.
    result["unknown_reason"] = pd.Series([NOT_CHECKED] * len(docs), dtype="string")
    train_rows = np.flatnonzero(train_mask.to_numpy())
    other_rows = np.flatnonzero(~train_mask.to_numpy())
    params = {"threshold": threshold, "seed": seed, "cv": cv, "novelty": novelty}
    full = OutletClassifier(**params).fit(docs.iloc[train_rows])
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
            clf = OutletClassifier(**params).fit(sub)
            _fill(result, docs, train_rows[test_idx], clf)
    if min_precision is None:
        return result
    check = out_of_fold_check(result, UNKNOWN, min_precision=min_precision, min_checked=min_checked)
    return withhold_unearned(result, check, UNKNOWN)


def _fill(result: pd.DataFrame, docs: pd.DataFrame, rows: np.ndarray, clf: OutletClassifier) -> None:
    """Write ``clf``'s answers for ``docs`` rows ``rows`` into ``result`` (same positions)."""
    if not len(rows):
        return
    proba, sim = clf.predict_scores(docs.iloc[rows])
    best = proba.argmax(axis=1)
    reasons = clf.unknown_reasons(proba, sim)
    result.loc[rows, "predicted_outlet"] = clf.decide(proba, sim)
    result.loc[rows, "probability"] = proba.max(axis=1)
    result.loc[rows, "closest_outlet"] = clf.classes_[best]
    result.loc[rows, "similarity"] = sim[np.arange(len(best)), best]
    result.loc[rows, "unknown_reason"] = pd.array([r or pd.NA for r in reasons], dtype="string")
