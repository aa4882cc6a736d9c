"""The data of the intertopic map (pyLDAvis-style): topic circles, and each topic's candidate terms
with what the relevance slider needs to reorder them in the browser.

Why computed here and reordered in the page: relevance (Sievert & Shirley 2014, as pyLDAvis)

    relevance(w, t | λ) = λ · log p(w | t) + (1 − λ) · log( p(w | t) / p(w) )

moves with λ, which the reader sets. The report ships, per topic, the terms that are among its
top ``n_bars`` at some λ on a grid of eleven values (0, 0.1, ..., 1) with both logs, so the page
only sorts (:mod:`.charts` holds the script); whatever λ the slider gives, the bars are the top
terms of those candidates. ``p(w | t)`` is the topic's term distribution (the model's
``components_``, rows summing to 1); ``p(w) = Σ_t share(t) · p(w | t)`` is the marginal term
distribution the model implies, with ``share`` each topic's share of the modelled text, so a
topic's part of a term, ``share(t) · p(w | t)``, is never more than the term's whole (pyLDAvis's
red bar inside its grey one).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: λ the map opens with: Sievert & Shirley found 0.6 best for telling topics apart.
DEFAULT_LAMBDA = 0.6
#: Terms shown as bars for the chosen topic.
N_BARS = 15
#: The λ values whose top terms are shipped as candidates.
LAMBDA_GRID = np.round(np.linspace(0.0, 1.0, 11), 1)
#: Floor of a probability before its log (a term a topic never uses has p = 0 under NMF).
FLOOR = 1e-12
#: Bars are in words per this many modelled words (values of 0.4–20 read better than 0.0004).
PER_WORDS = 1000


@dataclass
class TermMap:
    """``topics``: ``topic, label, x, y, share`` (one circle each); ``terms``: ``topic, term,
    corpus, in_topic, log_topic, log_lift`` (``corpus``: the term per :data:`PER_WORDS` modelled
    words; ``in_topic``: the part of it from this topic; the logs of relevance); the λ it opens
    with and the number of bars."""

    topics: pd.DataFrame
    terms: pd.DataFrame
    lam: float = DEFAULT_LAMBDA
    n_bars: int = N_BARS


def relevance(log_topic: np.ndarray, log_lift: np.ndarray, lam: float) -> np.ndarray:
    """``λ · log p(w|t) + (1 − λ) · log(p(w|t) / p(w))`` (the page computes the same)."""
    return lam * np.asarray(log_topic) + (1.0 - lam) * np.asarray(log_lift)


def term_map(
    coords: pd.DataFrame, topic_term: np.ndarray, terms, *, n_bars: int = N_BARS, lam: float = DEFAULT_LAMBDA
) -> TermMap:
    """The map of the topics in ``coords`` (``topic, label, x, y, share``, as
    :func:`analysis.topics.intertopic_map` gives) with ``topic_term`` (topics × terms, rows
    summing to 1) and the ``terms`` naming its columns."""
    P = np.asarray(topic_term, dtype=float)
    P = P / np.where(P.sum(axis=1, keepdims=True) > 0, P.sum(axis=1, keepdims=True), 1.0)
    shares = coords["share"].to_numpy(dtype=float)
    shares = shares / shares.sum() if shares.sum() > 0 else np.full(len(shares), 1.0 / len(shares))
    marginal = shares @ P
    log_topic = np.log(np.maximum(P, FLOOR))
    log_lift = log_topic - np.log(np.maximum(marginal, FLOOR))
    names = np.asarray(terms, dtype=object)
    rows = []
    for t in range(P.shape[0]):
        for j in candidates(log_topic[t], log_lift[t], P[t] > 0, n_bars):
            rows.append(
                (
                    int(coords["topic"].iat[t]),
                    str(names[j]),
                    PER_WORDS * marginal[j],
                    PER_WORDS * shares[t] * P[t, j],
                    log_topic[t, j],
                    log_lift[t, j],
                )
            )
    table = pd.DataFrame(rows, columns=["topic", "term", "corpus", "in_topic", "log_topic", "log_lift"])
    topics = coords[["topic", "label", "x", "y"]].assign(share=shares).reset_index(drop=True)
    return TermMap(topics, table, lam=lam, n_bars=n_bars)


def candidates(log_topic: np.ndarray, log_lift: np.ndarray, used: np.ndarray, n: int) -> list[int]:
    """Columns among the top ``n`` by relevance at some λ of :data:`LAMBDA_GRID` (terms the topic
    uses only; ties by column), in the order of λ = 1 first."""
    usable = np.flatnonzero(used)
    chosen: dict[int, None] = {}
    for lam in LAMBDA_GRID[::-1]:
        score = relevance(log_topic[usable], log_lift[usable], float(lam))
        for j in usable[np.lexsort((usable, -score))][:n]:
            chosen[int(j)] = None
    return list(chosen)


def top_terms(terms: pd.DataFrame, topic: int, lam: float, n: int) -> list[str]:
    """The ``n`` terms of ``topic`` by relevance at ``lam``, most relevant first (ties: by term),
    as the page orders its bars."""
    rows = terms[terms["topic"] == topic]
    score = relevance(rows["log_topic"], rows["log_lift"], lam)
    order = np.lexsort((rows["term"].to_numpy(), -score))
    return rows["term"].to_numpy()[order][:n].tolist()


def from_model(model, coords: pd.DataFrame, topic_terms: pd.DataFrame, **kwargs) -> TermMap:
    """The map from the store's topic model: its ``components_`` and ``terms_``. A model that keeps
    no term names (a streamed model: hashed features) is mapped from the store's ``topic_terms``
    table instead, each topic's listed terms with their weights (others 0): fewer candidates,
    the same relevance."""
    names = getattr(model, "terms_", None)
    components = getattr(model, "components_", None)
    if names is not None and components is not None and len(names) == np.shape(components)[1]:
        return term_map(coords, components, names, **kwargs)
    vocab = sorted(set(topic_terms["term"].astype(str)))
    column = {w: j for j, w in enumerate(vocab)}
    P = np.zeros((len(coords), len(vocab)))
    row = {int(t): i for i, t in enumerate(coords["topic"])}
    for t, w, weight in zip(topic_terms["topic"], topic_terms["term"].astype(str), topic_terms["weight"]):
        if int(t) in row:
            P[row[int(t)], column[w]] = float(weight)
    return term_map(coords, P, vocab, **kwargs)
