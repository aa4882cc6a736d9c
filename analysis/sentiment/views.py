"""Aggregates of the sentiment tables that more than the report needs.

:func:`document_target_tone` labels each article's stance towards an actor (the evaluation
scores it on PerSenT), :func:`extremes` picks the most negative and positive sentences and
:func:`drivers` names the words behind a score (the sentiment report shows both). Each takes the
tables of :func:`analysis.sentiment.extract` and returns a small tidy table; none changes a score.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pandas as pd

from analysis.sentiment import vader


def drivers(texts: Iterable[str], lexicon: vader.Lexicon = "news") -> Counter:
    """Summed VADER valence per (lower-cased) word over ``texts``: the words behind the scores."""
    total: Counter = Counter()
    sia = vader.analyzer(lexicon)
    for t in texts:
        for word, valence in sia.analyze(t)[1]:
            total[word.lower()] += valence
    return total


def document_target_tone(
    targets: pd.DataFrame, actor: str | None = None, *, low: float | None = None, high: float | None = None
) -> pd.DataFrame:
    """Per article and actor: ``doc_id, actor, mentions, mean_score, label``.

    Without thresholds the label is the majority of the mentions' labels (a tie is ``neu``):
    it needs no tuned cut-off, and the two models' scores live on different scales. With
    ``low``/``high`` the label is ``neg`` when the mean score is at most ``low``, ``pos`` when
    at least ``high``, else ``neu``: use thresholds calibrated on labelled articles of the kind
    you study (see :data:`analysis.evaluate.sentiment.PERSENT_THRESHOLDS`).
    """
    if (low is None) != (high is None):
        raise ValueError("give both low and high, or neither")
    t = targets if actor is None else targets[targets["actor"] == actor]
    rows = []
    for (doc_id, act), g in t.groupby(["doc_id", "actor"], sort=False):
        mean = float(g["score"].mean())
        if low is not None:
            label = "neg" if mean <= low else "pos" if mean >= high else "neu"
        else:
            counts = g["label"].value_counts()
            best = counts[counts == counts.max()].index
            label = best[0] if len(best) == 1 else "neu"
        rows.append((doc_id, act, len(g), mean, label))
    return pd.DataFrame(rows, columns=["doc_id", "actor", "mentions", "mean_score", "label"])


def extremes(sentences: pd.DataFrame, targets: pd.DataFrame | None = None, n: int = 5) -> pd.DataFrame:
    """The ``n`` most negative and ``n`` most positive sentences, with the actors they mention
    (``targets``: ``actor (label)`` pairs) so a reader sees whom the tone is about."""
    cols = ["doc_id", "sent_id", "compound", "voice", "speaker", "text"]
    low = sentences.nsmallest(n, "compound")[cols].assign(end_="most negative")
    high = sentences.nlargest(n, "compound")[cols].assign(end_="most positive")
    out = pd.concat([low, high], ignore_index=True).rename(columns={"end_": "extreme"})
    if targets is not None and len(targets):
        who = (
            targets.assign(who=targets["actor"] + " (" + targets["label"] + ")")
            .groupby(["doc_id", "sent_id"])["who"]
            .agg(lambda s: ", ".join(dict.fromkeys(s)))
        )
        out = out.merge(who.reset_index(), on=["doc_id", "sent_id"], how="left")
    else:
        out["who"] = pd.NA
    return out
