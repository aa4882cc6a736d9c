"""Targets: every mention of a gazetteer actor in a sentence, scored *towards that actor*.

Why a target score: a sentence's tone does not say whether the negativity is about the candidate or
about the candidate's opponent. ``model="transformer"`` is the fine-tuned MiniLM run with onnxruntime
(:mod:`analysis.sentiment.transformer`, the accurate path); ``model="news"`` the linear news model
(:mod:`analysis.sentiment.models`, the fast path); ``model="vader"`` the baseline that gives every
mention its sentence's compound score. Figures of each: ``benchmarks/sentiment.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from analysis import schema
from analysis.lexicons import Gazetteer, default_gazetteer, load_gazetteer
from analysis.params import choices, default
from analysis.schema import UNKNOWN
from analysis.sentiment import vader
from analysis.sentiment.features import target_frame
from analysis.sentiment.models import LABELS, load_news_model, predict_proba
from analysis.sentiment.transformer import load_transformer

#: Columns of the targets table (offsets index the article's text).
TARGET_COLUMNS = schema.SENTIMENT_TARGETS
#: Target scorers :func:`score_targets` knows.
MODELS = choices("sentiment.model")
#: The scorer used when none is named: the best measured one that meets the speed bar
#: (``benchmarks/sentiment.md``).
DEFAULT_MODEL = default("sentiment.model")


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
                        spec.get("side", UNKNOWN),
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
    model: str = DEFAULT_MODEL,
    lexicon: vader.Lexicon = vader.DEFAULT_LEXICON,
    estimator: Pipeline | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Score and label towards the target at ``text[start:end]`` for each sentence.

    ``transformer`` and ``news``: score = P(pos) - P(neg) of the trained model, label = the most
    probable class; ``estimator`` is a fitted model of that kind to use instead of the shipped
    one (a rebuilt or candidate model, for evaluation). ``vader``: score = the sentence's compound, label by
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
    if model in ("news", "transformer"):
        shipped = load_news_model if model == "news" else load_transformer
        proba = predict_proba(estimator if estimator is not None else shipped(), frame)
        labels = [LABELS[i] for i in proba.argmax(axis=1)]
        return proba[:, 2] - proba[:, 0], labels
    raise ValueError(f"unknown sentiment model {model!r}; use one of {MODELS}")


def actor_mentions(sentences: pd.DataFrame, actors, n: int = 20) -> pd.DataFrame:
    """The mentions of a corpus's ``n`` most-mentioned actors (an :class:`analysis.actors.Actors`)
    in ``sentences``, in the columns of :func:`mentions` (``side`` = the actor's group).

    Why the actors table and not a word list: the corpus's own people and organisations are
    what an analyst asks about, with every alias the actors package merged. A mention written
    inside a hyphenated compound ("African-American", "Saudi-led") names a group or a
    relation, not the actor, and is left out.
    """
    found = actors.target_mentions(n)
    cols = ["doc_id", "sent_id", "target", "actor", "side", "start", "end", "sent_start", "sent_text"]
    sents = sentences[["doc_id", "sent_id", "start", "text"]].rename(
        columns={"start": "sent_start", "text": "sent_text"}
    )
    rows = found.rename(columns={"text": "target", "group": "side"}).merge(
        sents, on=["doc_id", "sent_id"], how="inner"
    )
    if rows.empty:
        return pd.DataFrame(columns=cols).astype({"start": "int64", "end": "int64", "sent_id": "int64"})
    a = (rows["start"] - rows["sent_start"]).to_numpy()
    b = (rows["end"] - rows["sent_start"]).to_numpy()
    glued = [
        (i > 0 and t[i - 1] == "-") or (j < len(t) and t[j] == "-")
        for t, i, j in zip(rows["sent_text"], a, b)
    ]
    rows = rows.loc[~np.array(glued, dtype=bool), cols]
    rows = rows.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
    return rows.astype({"start": "int64", "end": "int64", "sent_id": "int64"})


def score_found(
    found: pd.DataFrame, *, model: str = DEFAULT_MODEL, lexicon: vader.Lexicon = vader.DEFAULT_LEXICON
) -> pd.DataFrame:
    """The targets table (:data:`TARGET_COLUMNS`) of mention rows (:func:`mentions` or
    :func:`actor_mentions`)."""
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


def score_mentions(
    sentences: pd.DataFrame,
    gazetteer: Gazetteer | None = None,
    *,
    model: str = DEFAULT_MODEL,
    lexicon: vader.Lexicon = vader.DEFAULT_LEXICON,
) -> pd.DataFrame:
    """The targets table (:data:`TARGET_COLUMNS`) for the gazetteer actors' mentions in ``sentences``."""
    return score_found(mentions(sentences, gazetteer), model=model, lexicon=lexicon)
