"""The store's ``quotes`` table: each attribution with its tone and its topic, computed once.

Why in the store: the synthesis report and the sources report both read "one row per attribution,
with tone and topic", and the topic of a quote needs the fitted topic model; built in a notebook
it was built twice and the model was unpickled in the kernel at report time. Here it is a corpus
table (:mod:`analysis.store.corpus_tables`), from the stored tables alone:

- an attribution is one ``attr_id`` of an article, however many parts it has (a quote running
  over two paragraphs is two rows of the attributions table and one attribution): rows come from
  :func:`analysis.attribution.per_attribution`;
- its **tone** is the mean compound score of the sentences its words lie in, from the sentiment
  study's ``sentiment_sentences`` table (VADER with the news lexicon): no text is scored again;
- its **topic** is the topic model's best match for the sentence holding the start of its
  words (``sent_id``), not its article's topic, since one article covers several topics.

Columns: :data:`analysis.schema.QUOTES`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import schema
from analysis.attribution.table import per_attribution

_SPAN = 1 << 31  # larger than any article, so (article rank, offset) is one sortable number


def quote_tone(attributions: pd.DataFrame, tone_sentences: pd.DataFrame) -> pd.DataFrame:
    """Per attribution (``doc_id, attr_id``): ``tone``, the mean compound of the sentences that
    overlap any of its parts, and ``tone_sentences``, how many there are (0: no tone).

    Sentences of an article do not overlap and are in text order, so the sentences a part
    overlaps are found by binary search over one sorted key, not a join of every part with every
    sentence of its article (which would not fit in memory on 100,000 articles).
    """
    keys = ["doc_id", "attr_id"]
    if attributions.empty:
        return pd.DataFrame(columns=[*keys, "tone", "tone_sentences"])
    rank = {
        d: i for i, d in enumerate(pd.unique(pd.concat([tone_sentences["doc_id"], attributions["doc_id"]])))
    }
    sents = tone_sentences.assign(r=tone_sentences["doc_id"].map(rank).astype("int64"))
    sents = sents.sort_values(["r", "start"], kind="stable")
    base = sents["r"].to_numpy() * _SPAN
    starts, ends = base + sents["start"].to_numpy("int64"), base + sents["end"].to_numpy("int64")
    total = np.concatenate([[0.0], np.cumsum(sents["compound"].to_numpy("float64"))])
    part_base = attributions["doc_id"].map(rank).to_numpy("int64") * _SPAN
    lo = np.searchsorted(ends, part_base + attributions["content_start"].to_numpy("int64"), side="right")
    hi = np.searchsorted(starts, part_base + attributions["content_end"].to_numpy("int64"), side="left")
    hi = np.maximum(hi, lo)
    parts = attributions[keys].assign(sum=total[hi] - total[lo], n=hi - lo)
    per = parts.groupby(keys, sort=False).agg(sum=("sum", "sum"), n=("n", "sum")).reset_index()
    tone = (per["sum"] / per["n"].where(per["n"] > 0)).round(4)
    return per[keys].assign(tone=tone, tone_sentences=per["n"].astype("int64"))


def quote_topics(model, quotes: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The dominant topic of each quote's sentence: ``topic`` and its share ``topic_weight``.

    ``model`` is a fitted topic model (``store.topic_model()``); ``quotes`` has ``doc_id``,
    ``sent_id`` and ``content`` (its words stand in when the sentence is missing); ``sentences``
    the store's sentences table (``doc_id, sent_id, text``). A sentence with no term the model
    knows gets topic -1. Aligned with ``quotes``' index.
    """
    if quotes.empty:
        return pd.DataFrame({"topic": pd.Series(dtype="int64"), "topic_weight": pd.Series(dtype=float)})
    keyed = sentences.set_index(["doc_id", "sent_id"])["text"]
    keys = pd.MultiIndex.from_arrays([quotes["doc_id"], quotes["sent_id"].fillna(-1).astype("int64")])
    texts = pd.Series(keyed.reindex(keys).to_numpy(), index=quotes.index)
    texts = texts.where(texts.notna() & (texts.astype(str) != ""), quotes["content"]).fillna("").astype(str)
    shares, lengths = model.unit_shares(texts.tolist())
    shares = np.asarray(shares, dtype=float)
    best = shares.argmax(axis=1)
    weight = shares[np.arange(len(best)), best]
    known = (np.asarray(lengths) > 0) & (weight > 0)
    return pd.DataFrame(
        {
            "topic": np.where(known, best, -1).astype("int64"),
            "topic_weight": np.where(known, weight, 0.0).round(4),
        },
        index=quotes.index,
    )


def quotes_table(
    attributions: pd.DataFrame,
    tone_sentences: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    model=None,
) -> pd.DataFrame:
    """One row per attribution (:data:`QUOTE_COLUMNS`), in article order, with its tone and, when
    a topic model is given, its topic (else -1)."""
    quotes = per_attribution(attributions)
    tone = quote_tone(attributions, tone_sentences)
    quotes = quotes.merge(tone, on=["doc_id", "attr_id"], how="left")
    quotes["tone_sentences"] = quotes["tone_sentences"].fillna(0).astype("int64")
    if model is not None and sentences is not None:
        quotes = pd.concat([quotes, quote_topics(model, quotes, sentences)], axis=1)
    else:
        quotes["topic"], quotes["topic_weight"] = -1, 0.0
    return quotes[schema.QUOTES]
