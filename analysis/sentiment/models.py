"""The news model: target-dependent sentiment (neg/neu/pos) for news sentences, scikit-learn only.

A :class:`~sklearn.pipeline.Pipeline` of :class:`~analysis.sentiment.features.TargetFeatures` and a
balanced multinomial logistic regression, built by :func:`news_model`, fitted on a targets frame
(``sentence, start, end``) and labels by ``scripts/train_sentiment.py`` (NewsMTSC train; provenance
in ``analysis/models/sentiment_news.md``).

Why the saved file is arrays and JSON, not a pickle: loading a pickle runs whatever code the file
names, so a model file passed with ``--model`` (or a shipped file swapped on disk) could run
anything; and a pickle of our own classes would tie the file to this package's module paths.
:func:`save_model` writes a NumPy ``.npz`` (each vectorizer's terms and idf weights, the
classifier's coefficients, one JSON entry of settings and provenance) that :func:`read_model`
opens with ``allow_pickle=False`` and rebuilds the pipeline from.
"""

from __future__ import annotations

import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from analysis.sentiment.features import BLOCKS, TargetFeatures

#: The classes, in the column order of :func:`predict_proba`.
LABELS = ("neg", "neu", "pos")
#: Version of the saved-file layout written by :func:`save_model`.
FILE_FORMAT = 3
#: The settings of a feature block kept as tuples (JSON gives lists back).
_TUPLES = ("blocks", "char_ngrams", "ngram_range")


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


def _vectorizer_settings(vectorizer: TfidfVectorizer) -> dict:
    """The JSON-safe constructor settings of a fitted vectorizer (its dtype by name)."""
    params = vectorizer.get_params()
    params["dtype"] = np.dtype(params["dtype"]).name
    return params


def save_model(model: Pipeline, path: str | Path, meta: dict | None = None) -> None:
    """Write a fitted news model to ``path`` as arrays and JSON (see the module docstring); the
    file appears whole or not at all (written beside it, then renamed)."""
    features, classifier = model.named_steps["features"], model.named_steps["classifier"]
    header = {
        "format": FILE_FORMAT,
        "features": features.get_params(),
        "vectorizers": {b: _vectorizer_settings(v) for b, v in features.vectorizers_.items()},
        "classifier": classifier.get_params(),
        "classes": [str(c) for c in classifier.classes_],
        "meta": dict(meta or {}),
    }
    arrays = {"__meta__": np.array(json.dumps(header, sort_keys=True))}
    for block, vectorizer in features.vectorizers_.items():
        vocabulary = vectorizer.vocabulary_
        terms = sorted(vocabulary, key=vocabulary.__getitem__)
        arrays[f"{block}.terms"] = np.array(terms, dtype=str)
        arrays[f"{block}.idf"] = np.asarray(vectorizer.idf_)
    arrays["classifier.coef"] = classifier.coef_
    arrays["classifier.intercept"] = classifier.intercept_
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as out:
        np.savez_compressed(out, **arrays)
    os.replace(partial, path)


def _refuse(path, why: str) -> ValueError:
    return ValueError(
        f"{path}: {why}; not a news-model file of format {FILE_FORMAT}. Rebuild it with "
        "scripts/train_sentiment.py NEWSMTSC_FOLDER"
    )


def _header(path, stored) -> dict:
    if "__meta__" not in stored.files:
        raise _refuse(path, "no __meta__ entry")
    header = json.loads(str(stored["__meta__"][()]))
    if header.get("format") != FILE_FORMAT:
        raise _refuse(path, f"format {header.get('format')!r}")
    return header


def _tuples(settings: dict) -> dict:
    return {k: tuple(v) if k in _TUPLES and isinstance(v, list) else v for k, v in settings.items()}


def _vectorizer(settings: dict, terms: np.ndarray, idf: np.ndarray) -> TfidfVectorizer:
    settings = _tuples(settings)
    vectorizer = TfidfVectorizer(**{**settings, "dtype": np.dtype(settings["dtype"]).type})
    vectorizer.vocabulary_ = {str(t): i for i, t in enumerate(terms)}
    vectorizer.idf_ = idf
    return vectorizer


def _classifier(header: dict, stored) -> LogisticRegression:
    classifier = LogisticRegression(**header["classifier"])
    classifier.coef_ = stored["classifier.coef"]
    classifier.intercept_ = stored["classifier.intercept"]
    classifier.classes_ = np.array(header["classes"], dtype=object)
    classifier.n_features_in_ = classifier.coef_.shape[1]
    return classifier


def read_model(path: str | Path) -> ModelFile:
    """The news model saved at ``path`` by :func:`save_model`, with its ``meta``.

    Raises :class:`ValueError` naming the file for anything else: an older joblib file, a cut or
    damaged one, one holding pickled objects (never loaded: ``allow_pickle=False``)."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            header = _header(path, stored)
            features = TargetFeatures(**_tuples(header["features"]))
            features.vectorizers_ = {
                block: _vectorizer(settings, stored[f"{block}.terms"], stored[f"{block}.idf"])
                for block, settings in header["vectorizers"].items()
            }
            classifier = _classifier(header, stored)
    except ValueError as err:  # also pickled entries refused by allow_pickle=False
        if str(err).startswith(str(path)):
            raise
        raise _refuse(path, str(err)) from err
    except (OSError, KeyError, EOFError, zipfile.BadZipFile) as err:  # not a zip, a cut file, a missing entry
        raise _refuse(path, f"{type(err).__name__}: {err}") from err
    model = Pipeline([("features", features), ("classifier", classifier)])
    return ModelFile(model=model, meta=header.get("meta", {}))


def news_model_path() -> Path:
    """Where the shipped model lives: ``analysis/models/sentiment_news.npz``."""
    return Path(__file__).resolve().parents[1] / "models" / "sentiment_news.npz"


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
