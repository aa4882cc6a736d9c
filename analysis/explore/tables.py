"""The explorer's tables: the store's rows shaped for browsing one article, quote or person at a time.

Why denormalised: Datasette facets and full-text search work on one table at a time, so a quote
row carries its article's outlet, month, title and dominant topic, and its speaker's group. Every
function takes the store's tables for some articles only (``doc_ids``), so an incremental update
builds the rows of the changed articles and nothing else.
"""

from __future__ import annotations

import pandas as pd

from analysis.render.article import article_href

#: The per-article tables of the explorer database (rows deleted and inserted by ``doc_id``).
ARTICLE_TABLES = ("articles", "sentences", "quotes", "quote_actors", "targets")


def _month(dates: pd.Series) -> pd.Series:
    """``YYYY-MM`` of each date (missing stays missing): the facet for time."""
    return pd.to_datetime(dates, errors="coerce").dt.strftime("%Y-%m")


def _dominant_topics(store, doc_ids: list[str]) -> pd.DataFrame:
    """doc_id → topic number and label of the article's heaviest topic."""
    weights = store.table("doc_topics", doc_ids=doc_ids) if "doc_topics" in store.names() else None
    if weights is None or weights.empty:
        return pd.DataFrame({"doc_id": pd.Series(dtype=str), "topic": [], "topic_label": []})
    weights = weights[weights["doc_id"].isin(set(doc_ids))]
    top = weights.sort_values(["doc_id", "weight"], ascending=[True, False]).drop_duplicates("doc_id")
    labels = topic_labels(store)
    top = top.assign(topic_label=top["topic"].map(labels))
    return top[["doc_id", "topic", "topic_label"]]


def topic_labels(store) -> dict[int, str]:
    """topic number → label (the topic_quality table's label, else its top terms)."""
    try:
        quality = store.table("topic_quality")
        return {int(t): str(label) for t, label in zip(quality["topic"], quality["label"])}
    except FileNotFoundError:
        return {}


def articles(store, doc_ids: list[str]) -> pd.DataFrame:
    """One row per analysed article: title, date, month, outlet, url, words, topic, page."""
    docs = store.docs
    docs = docs[docs["analysed"] & docs["doc_id"].isin(set(doc_ids))]
    frame = docs[["doc_id", "title", "date", "outlet", "url", "n_words"]].copy()
    frame["date"] = pd.to_datetime(frame["date"], errors="coerce").dt.strftime("%Y-%m-%d")
    frame["month"] = _month(docs["date"])
    frame = frame.merge(_dominant_topics(store, doc_ids), on="doc_id", how="left")
    frame["page"] = frame["doc_id"].map(article_href)
    return frame


def sentences(store, doc_ids: list[str]) -> pd.DataFrame:
    """Every sentence with its tone, voice (journalist or quoted) and speaker."""
    cols = ["doc_id", "sent_id", "text", "compound", "voice", "speaker"]
    frame = store.table("sentiment_sentences", columns=cols, doc_ids=doc_ids)
    return frame.rename(columns={"compound": "tone"})


def quotes(store, doc_ids: list[str], arts: pd.DataFrame, groups: dict[str, str]) -> pd.DataFrame:
    """One row per attribution, with its article's title, outlet, month and topic, its speaker's
    group, and the link to the article page at the quote (``#a<attr_id>``, the page's anchor)."""
    cols = ["doc_id", "attr_id", "type", "content", "cue", "speaker", "speaker_kind", "role", "side"]
    frame = store.table("attributions", columns=cols, doc_ids=doc_ids)
    frame = frame.drop_duplicates(["doc_id", "attr_id"])
    frame["group"] = frame["speaker"].map(groups)
    meta = arts[["doc_id", "title", "outlet", "month", "topic", "topic_label", "page"]]
    frame = frame.merge(meta, on="doc_id", how="left")
    frame["page"] = frame["page"] + "#a" + frame["attr_id"].astype("Int64").astype(str)
    frame.insert(0, "quote_id", frame["doc_id"] + ":" + frame["attr_id"].astype(str))
    return frame


def targets(store, doc_ids: list[str], arts: pd.DataFrame) -> pd.DataFrame:
    """Every mention of an actor with the tone of its sentence, who voiced it, outlet and month."""
    cols = ["doc_id", "sent_id", "target", "actor", "side", "start", "end", "score", "label"]
    frame = store.table("sentiment_targets", columns=cols, doc_ids=doc_ids)
    return frame.merge(arts[["doc_id", "outlet", "month"]], on="doc_id", how="left")


def quote_actors(store, doc_ids: list[str], tgt: pd.DataFrame) -> pd.DataFrame:
    """Which actors each quote names (a target mention inside the quote's content span), with tone."""
    cols = ["doc_id", "attr_id", "content_start", "content_end"]
    spans = store.table("attributions", columns=cols, doc_ids=doc_ids).drop_duplicates(["doc_id", "attr_id"])
    both = spans.merge(tgt[["doc_id", "actor", "target", "start", "end", "score"]], on="doc_id")
    inside = both[(both["start"] >= both["content_start"]) & (both["end"] <= both["content_end"])]
    inside = inside.assign(actor=inside["actor"].fillna(inside["target"]))
    out = inside[["doc_id", "attr_id", "actor", "score"]].copy()
    out.insert(0, "quote_id", out["doc_id"] + ":" + out["attr_id"].astype(str))
    return out.drop_duplicates(["quote_id", "actor"])


def speaker_groups(store) -> dict[str, str]:
    """actor name → group, from the store's actors table (empty when it has none)."""
    try:
        actors = store.table("actors", columns=["actor", "group"])
    except FileNotFoundError:
        return {}
    actors = actors.dropna(subset=["group"])
    return dict(zip(actors["actor"], actors["group"]))


def article_rows(store, doc_ids: list[str], groups: dict[str, str]) -> dict[str, pd.DataFrame]:
    """Every per-article table of the explorer for ``doc_ids``."""
    arts = articles(store, doc_ids)
    tgt = targets(store, doc_ids, arts)
    return {
        "articles": arts,
        "sentences": sentences(store, doc_ids),
        "quotes": quotes(store, doc_ids, arts, groups),
        "quote_actors": quote_actors(store, doc_ids, tgt),
        "targets": tgt,
    }
