"""Targets: every mention of a gazetteer actor in a sentence, scored *towards that actor*.

Why a target score: a sentence's tone does not say whether the negativity is about Russia or
about the sanctions. ``model="news"`` is the trained news model (:mod:`analysis.sentiment.models`);
``model="vader"`` is the baseline that gives every mention its sentence's compound score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from analysis.lexicons import Gazetteer, default_gazetteer, load_gazetteer
from analysis.sentiment import vader
from analysis.sentiment.features import target_frame
from analysis.sentiment.models import LABELS, load_news_model, predict_proba

#: Columns of the targets table (offsets index the article's text).
TARGET_COLUMNS = [
    "doc_id",
    "sent_id",
    "target",
    "actor",
    "side",
    "start",
    "end",
    "score",
    "label",
    "model",
]
#: Target scorers :func:`score_targets` knows.
MODELS = ("news", "vader")


def as_gazetteer(gazetteer: Gazetteer | str | Path | Mapping | None) -> Gazetteer:
    """A :class:`Gazetteer` from a gazetteer, a YAML path, a mapping, or None (the packaged one).

    A mapping lets a user list the people or organisations of their own story without writing
    YAML: ``{"Angela Merkel": ["Merkel"], "NATO": {"side": "other", "aliases": ["Nato"]}}``.
    """
    if gazetteer is None:
        return default_gazetteer()
    if isinstance(gazetteer, Gazetteer):
        return gazetteer
    if isinstance(gazetteer, (str, Path)):
        return load_gazetteer(gazetteer)
    if isinstance(gazetteer, Mapping):
        rows = []
        for actor, spec in gazetteer.items():
            spec = {"aliases": list(spec)} if not isinstance(spec, Mapping) else dict(spec)
            for alias in dict.fromkeys([actor, *spec.get("aliases", [])]):
                rows.append(
                    (
                        str(alias),
                        str(actor),
                        spec.get("side", "unknown"),
                        spec.get("kind", "person"),
                        spec.get("role"),
                    )
                )
        aliases = pd.DataFrame(rows, columns=["alias", "actor", "side", "kind", "role"])
        return Gazetteer(aliases=aliases, side_words={})
    raise TypeError(f"cannot use {type(gazetteer).__name__} as a gazetteer")


def mentions(sentences: pd.DataFrame, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """Every alias of the gazetteer in each sentence: ``doc_id, sent_id, target, actor, side,
    start, end`` (document offsets) plus ``sent_start, sent_text`` for scoring."""
    gaz = as_gazetteer(gazetteer)
    pattern = gaz.alias_pattern()
    first = gaz.aliases.drop_duplicates("alias")
    actor_of = dict(zip(first["alias"], zip(first["actor"], first["side"])))
    rows = []
    for doc_id, sid, s0, txt in zip(
        sentences["doc_id"], sentences["sent_id"], sentences["start"], sentences["text"]
    ):
        for m in pattern.finditer(txt):
            actor, side = actor_of[m.group()]
            rows.append((doc_id, sid, m.group(), actor, side, s0 + m.start(), s0 + m.end(), s0, txt))
    cols = ["doc_id", "sent_id", "target", "actor", "side", "start", "end", "sent_start", "sent_text"]
    return pd.DataFrame(rows, columns=cols).astype({"start": "int64", "end": "int64", "sent_id": "int64"})


def score_targets(
    texts: Iterable[str],
    starts: Iterable[int],
    ends: Iterable[int],
    *,
    model: str = "news",
    lexicon: vader.Lexicon = "news",
    estimator: Pipeline | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Score and label towards the target at ``text[start:end]`` for each sentence.

    ``news``: score = P(pos) - P(neg) of the trained model, label = the most probable class;
    ``estimator`` is a fitted news model to use instead of the shipped one (a rebuilt or
    candidate model, for evaluation). ``vader``: score = the sentence's compound, label by
    VADER's ±0.05 rule (the baseline: every target of a sentence gets the same score;
    ``lexicon`` as in :func:`analysis.sentiment.extract`).
    """
    frame = target_frame(texts, starts, ends)
    if frame.empty:
        return np.zeros(0), []
    if model == "vader":
        sia = vader.analyzer(lexicon)
        score = np.array([sia.polarity_scores(t)["compound"] for t in frame["sentence"]])
        return score, [vader.label(c) for c in score]
    if model == "news":
        proba = predict_proba(estimator if estimator is not None else load_news_model(), frame)
        labels = [LABELS[i] for i in proba.argmax(axis=1)]
        return proba[:, 2] - proba[:, 0], labels
    raise ValueError(f"unknown sentiment model {model!r}; use one of {MODELS}")


def score_mentions(
    sentences: pd.DataFrame,
    gazetteer: Gazetteer | None = None,
    *,
    model: str = "news",
    lexicon: vader.Lexicon = "news",
) -> pd.DataFrame:
    """The targets table (:data:`TARGET_COLUMNS`) for the actors' mentions in ``sentences``."""
    found = mentions(sentences, gazetteer)
    score, labels = score_targets(
        found["sent_text"],
        found["start"] - found["sent_start"],
        found["end"] - found["sent_start"],
        model=model,
        lexicon=lexicon,
    )
    out = found.drop(columns=["sent_start", "sent_text"])
    out["score"] = score.astype(float)
    out["label"] = pd.Series(labels, index=out.index, dtype="str")
    out["model"] = model
    return out[TARGET_COLUMNS].reset_index(drop=True)
