"""The sentiment study's entry point: the sentences and targets tables of a docs table.

Every step works article by article, so running it on any subset of the docs (a Dask partition)
gives the same rows for each article.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import schema
from analysis import text as _text
from analysis.lexicons import Gazetteer
from analysis.sentiment import vader
from analysis.sentiment.targets import (
    DEFAULT_MODEL,
    MODELS,
    actor_mentions,
    as_gazetteer,
    mentions,
    score_found,
)
from analysis.sentiment.voice import voices

#: ``attributions=QUOTE_MARKS``: the voice of a sentence from quote marks, no attribution table.
QUOTE_MARKS = "quote marks"
#: Columns of the sentences table (offsets index the article's text; ``voice`` is ``author`` or
#: ``quote``; ``speaker`` and ``side`` are set for quotes whose speaker is known).
SENTENCE_COLUMNS = schema.SENTIMENT_SENTENCES


def extract(
    docs: pd.DataFrame,
    *,
    model: str = DEFAULT_MODEL,
    gazetteer: Gazetteer | str | Path | Mapping | None = None,
    attributions: pd.DataFrame | str | None = None,
    lexicon: vader.Lexicon = vader.DEFAULT_LEXICON,
    backend: vader.Backend = "vader",
    sentences: pd.DataFrame | None = None,
    actors=None,
    n_actors: int = 20,
) -> dict[str, pd.DataFrame]:
    """Sentence and target sentiment of ``docs`` (columns ``doc_id``, ``text``).

    Returns ``{"sentences": ..., "targets": ...}`` with :data:`SENTENCE_COLUMNS` and
    :data:`~analysis.sentiment.targets.TARGET_COLUMNS`; every offset indexes ``docs.text``.
    ``model`` picks the target scorer (:data:`~analysis.sentiment.targets.MODELS`: ``"transformer"``,
    the accurate path; ``"news"``, the fast linear path; ``"vader"``, the baseline); ``gazetteer`` is a
    :class:`Gazetteer`, a YAML path, a mapping ``{actor: [aliases]}`` or
    ``{actor: {"side": ..., "aliases": [...]}}``, or None for the packaged one. ``attributions``
    (the attribution table of these docs, :func:`analysis.attribution.extract`) decides whose
    voice each sentence is; it is an input, not recomputed here (the store computes it once per
    chunk and passes it), so a missing one is an error; :data:`QUOTE_MARKS` takes the voices from
    quote marks alone. ``lexicon="news"`` scores
    sentences with VADER plus the news supplement (:func:`analysis.sentiment.vader.analyzer`);
    ``"vader"`` gives VADER's own scores. ``backend="nltk"`` uses NLTK's port of VADER (VADER's
    lexicon only). ``sentences``: the sentences table of these docs
    (:func:`analysis.text.sentences`) when the caller has it already, so it is not split again;
    rows of other articles are ignored.

    ``actors`` takes the targets from a corpus's actors instead of the gazetteer: an
    :class:`analysis.actors.Actors` (e.g. the store's, built over the whole corpus), or
    ``"corpus"`` to build it from ``docs`` (:func:`analysis.actors.build`); the ``n_actors``
    most-mentioned people, organisations and places are the targets, every mention the actors
    package found of them (:func:`~analysis.sentiment.targets.actor_mentions`); ``side`` is the
    actor's group. A ``gazetteer`` given as well wins (a user's story overrides). Why not the
    default yet: an actors table built from ``docs`` depends on which docs a call gets, and the
    store calls this per chunk, where the gazetteer keeps every article's rows the same.

    An article whose text is missing or breaks a step is skipped with a warning and listed in
    ``result["sentences"].attrs["problems"]``; the other articles are unaffected.
    """
    if model not in MODELS:
        raise ValueError(f"unknown sentiment model {model!r}; use one of {MODELS}")
    gaz = as_gazetteer(gazetteer)
    problems: list[dict] = []
    docs = _usable(docs, problems)
    sents = _sentences(docs, problems) if sentences is None else _given_sentences(docs, sentences)
    scores = vader.score_texts(sents["text"], backend=backend, lexicon=lexicon).drop(columns="drivers")
    sents = pd.concat([sents.reset_index(drop=True), scores], axis=1)
    if attributions is None:
        raise ValueError(
            "sentiment.extract needs the attributions table of these docs "
            "(attributions=analysis.attribution.extract(docs)), or attributions=QUOTE_MARKS "
            "for voices from quote marks alone"
        )
    if isinstance(attributions, str):
        if attributions != QUOTE_MARKS:
            raise ValueError(f"attributions takes a table or {QUOTE_MARKS!r}, not {attributions!r}")
        attributions = None
    texts = dict(zip(docs["doc_id"], docs["text"]))
    sents = pd.concat([sents, voices(sents, texts, attributions, gaz)], axis=1)
    table = sents[SENTENCE_COLUMNS].reset_index(drop=True)
    if actors is not None and gazetteer is None:
        if isinstance(actors, str):
            from analysis import actors as _actors

            actors = _actors.build(docs, sents[list(_text.SENTENCE_COLUMNS)])
        found = actor_mentions(table, actors, n_actors)
    else:
        found = mentions(table, gaz)
    targets = score_found(found, model=model, lexicon=lexicon)
    table.attrs["problems"] = problems
    targets.attrs["problems"] = problems
    return {"sentences": table, "targets": targets}


def _usable(docs: pd.DataFrame, problems: list[dict]) -> pd.DataFrame:
    missing = {"doc_id", "text"} - set(docs.columns)
    if missing:
        raise ValueError(f"docs table lacks column(s) {sorted(missing)}")
    ok = docs["text"].map(lambda t: isinstance(t, str))
    for doc_id in docs.loc[~ok, "doc_id"]:
        _problem(problems, doc_id, "text is missing or not a string")
    return docs.loc[ok, ["doc_id", "text"]].reset_index(drop=True)


def _problem(problems: list[dict], doc_id, message: str) -> None:
    problems.append({"doc_id": str(doc_id), "problem": message})
    warnings.warn(f"sentiment: skipped article {doc_id}: {message}", stacklevel=3)


def _sentences(docs: pd.DataFrame, problems: list[dict]) -> pd.DataFrame:
    try:
        return _text.sentences(docs)
    except Exception:  # find the article that broke it; keep the rest
        parts = []
        for i in range(len(docs)):
            try:
                parts.append(_text.sentences(docs.iloc[i : i + 1]))
            except Exception as exc:  # noqa: BLE001 - one bad article must not stop a run
                _problem(problems, docs["doc_id"].iloc[i], f"sentence split failed: {exc}")
        return pd.concat(parts, ignore_index=True) if parts else _text.sentences(docs.iloc[:0])


def _given_sentences(docs: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The rows of a precomputed sentences table for ``docs``, in the docs' order."""
    cols = list(_text.SENTENCE_COLUMNS)
    missing = set(cols) - set(sentences.columns)
    if missing:
        raise ValueError(f"sentences table lacks column(s) {sorted(missing)}")
    rank = pd.Series(np.arange(len(docs)), index=pd.Index(docs["doc_id"])).groupby(level=0).first()
    sub = sentences.loc[sentences["doc_id"].isin(rank.index), cols]
    order = np.lexsort((sub["sent_id"].to_numpy(), sub["doc_id"].map(rank).to_numpy()))
    return sub.iloc[order].reset_index(drop=True)
