"""The news model: target-dependent sentiment (neg/neu/pos) for news sentences, scikit-learn only.

A :class:`~sklearn.pipeline.Pipeline` of :class:`~analysis.sentiment.features.TargetFeatures` and a
balanced multinomial logistic regression, built by :func:`news_model`, fitted on a targets frame
(``sentence, start, end``) and labels by ``scripts/train_sentiment.py`` (NewsMTSC train; provenance
in ``analysis/models/sentiment_news.md``).

Why the saved file is not the pickled pipeline: it holds only scikit-learn objects (the fitted
vectorizers and the classifier) and plain settings, and :func:`read_model` rebuilds the pipeline
around them. A pickle of our own classes would tie the shipped model to this package's module
paths, and every move of a module would break it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from analysis.sentiment.features import BLOCKS, TargetFeatures

#: The classes, in the column order of :func:`predict_proba`.
LABELS = ("neg", "neu", "pos")
#: Version of the saved-file layout written by :func:`save_model`.
FILE_FORMAT = 2


def news_model(
    *,
    blocks: tuple[str, ...] = BLOCKS,
    weights: dict[str, float] | None = None,
    C: float = 0.5,
    min_df: int = 2,
    char_ngrams: tuple[int, int] = (2, 5),
    seed: int = 0,
) -> Pipeline:
    """An unfitted news model: ``features`` (:class:`TargetFeatures`) then ``classifier``.

    The defaults are the shipped settings (chosen by grouped cross-validation on NewsMTSC train,
    ``scripts/train_sentiment.py --tune``). Fit with ``model.fit(frame, labels)`` where ``frame``
    is a targets frame and ``labels`` are ``neg``/``neu``/``pos``.
    """
    return Pipeline(
        [
            (
                "features",
                TargetFeatures(
                    blocks=tuple(blocks), weights=weights, min_df=min_df, char_ngrams=tuple(char_ngrams)
                ),
            ),
            (
                "classifier",
                LogisticRegression(C=C, max_iter=5000, class_weight="balanced", random_state=seed),
            ),
        ]
    )


def predict_proba(model: Pipeline, frame: pd.DataFrame) -> np.ndarray:
    """P(neg), P(neu), P(pos) per target of ``frame``, columns in :data:`LABELS` order whatever the
    order of the classifier's ``classes_``."""
    proba = model.predict_proba(frame)
    order = [list(model.classes_).index(label) for label in LABELS]
    return proba[:, order]


@dataclass
class ModelFile:
    """A fitted news model and its provenance (``meta``: training file hash, settings, versions)."""

    model: Pipeline
    meta: dict = field(default_factory=dict)


def save_model(model: Pipeline, path: str | Path, meta: dict | None = None) -> None:
    """Write a fitted news model to ``path`` (joblib, compressed): scikit-learn objects and plain
    settings only (see the module docstring)."""
    features, classifier = model.named_steps["features"], model.named_steps["classifier"]
    state = {
        "format": FILE_FORMAT,
        "features": features.get_params(),
        "vectorizers": features.vectorizers_,
        "classifier": classifier,
        "meta": dict(meta or {}),
    }
    joblib.dump(state, path, compress=3)


def read_model(path: str | Path) -> ModelFile:
    """The news model saved at ``path`` by :func:`save_model`, with its ``meta``."""
    state = joblib.load(path)
    if state.get("format") != FILE_FORMAT:
        raise ValueError(
            f"{path}: not a news-model file of format {FILE_FORMAT}; rebuild it with "
            "scripts/train_sentiment.py NEWSMTSC_FOLDER"
        )
    features = TargetFeatures(**state["features"])
    features.vectorizers_ = state["vectorizers"]
    model = Pipeline([("features", features), ("classifier", state["classifier"])])
    return ModelFile(model=model, meta=state.get("meta", {}))


def news_model_path() -> Path:
    """Where the shipped model lives: ``analysis/models/sentiment_news.joblib``."""
    return Path(__file__).resolve().parents[1] / "models" / "sentiment_news.joblib"


_SHIPPED: list[Pipeline] = []


def load_news_model(path: str | Path | None = None) -> Pipeline:
    """The shipped news model (read once per process), or the one saved at ``path``."""
    if path is not None:
        return read_model(path).model
    if not _SHIPPED:
        where = news_model_path()
        if not where.exists():
            raise FileNotFoundError(
                f"{where} is missing; rebuild it with scripts/train_sentiment.py NEWSMTSC_FOLDER"
            )
        _SHIPPED.append(read_model(where).model)
    return _SHIPPED[0]
