"""Everything the topics report (``notebooks/01_topics.ipynb``) shows, computed from the store.

Why one ``load``: the notebook only shows and explains; what it shows is computed here once, so
it can be tested without a kernel and the notebook stays as thin as the corpus report's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import topics
from analysis.reports.labels import outlet_groups, topic_labels
from analysis.reports.stats import MIN_N
from analysis.reports.topics import termmap, views


@dataclass
class Shares:
    """Mean topic shares per group (outlet or month): the long table, the wide table, the
    sentence that reads them and the rows compared in a chart."""

    long: pd.DataFrame
    table: pd.DataFrame
    sentence: str
    shown: pd.DataFrame


@dataclass
class TopicsReport:
    """The tables of the topics report, in the order it shows them."""

    summary: pd.DataFrame
    quality_words: str
    k: int
    k_scores: pd.DataFrame
    topics: pd.DataFrame
    names: dict[int, str]
    term_bars: pd.DataFrame
    n_terms: int
    sentences: pd.DataFrame
    by_article: pd.DataFrame
    min_share: float
    by_outlet: Shares
    by_month: Shares
    coords: pd.DataFrame
    term_map: termmap.TermMap


def group_view(docs, doc_topics, names, by: str, what: str, min_n: int) -> Shares:
    """:func:`views.group_shares` per ``by`` with its table (``group`` named ``what``); outlets in
    the rows every report counts them in (:func:`analysis.reports.labels.outlet_groups`)."""
    if by == "outlet":
        docs = docs.assign(outlet=docs["doc_id"].map(outlet_groups(docs, min_n)).to_numpy())
    long = views.group_shares(docs, doc_topics, names, by, min_n)
    table = views.group_table(long).rename(columns={"group": what})
    shown = long[long["compared"]]
    if by == "date":
        shown = shown.sort_values("group", kind="stable")
    return Shares(long, table, views.shares_sentence(long, what, min_n), shown)


def intertopic(coords: pd.DataFrame, topic_terms: pd.DataFrame, names: dict[int, str]) -> pd.DataFrame:
    """The intertopic map (:func:`analysis.topics.intertopic_map`) with each topic's ten top words
    and its share written out, topics by name."""
    words = topic_terms[topic_terms["rank"] < 10].groupby("topic")["term"].agg(", ".join)
    coords = coords.assign(words=coords["topic"].map(words), text_share=[f"{s:.0%}" for s in coords["share"]])
    coords["topic"] = coords["topic"].map(names)
    return coords


def load(
    store,
    links: dict[str, str],
    *,
    n_terms: int = 8,
    min_n: int = MIN_N,
    min_share: float = 0.05,
    sentences_per_topic: int = 2,
) -> TopicsReport:
    """The topics report of ``store`` (article pages at ``links``)."""
    docs = store.table("docs", columns=["doc_id", "title", "outlet", "date", "text", "analysed"]).query(
        "analysed"
    )
    doc_topics = store.table("doc_topics")
    topic_terms = store.table("topic_terms")
    quality = store.table("topic_quality")
    model = store.topic_model()
    names = topic_labels(quality)
    carry = topics.tables.label_articles(model, docs) if hasattr(model, "vectorizer_") else None
    reps = topics.representative_sentences(model, docs, n=sentences_per_topic, among=carry)
    coords = topics.intertopic_map(model)
    return TopicsReport(
        summary=store.table("topic_summary"),
        quality_words=topics.quality_in_words(model),
        k=model.k_,
        k_scores=topics.k_scores(model),
        topics=views.topic_table(quality, topic_terms, doc_topics),
        names=names,
        term_bars=views.term_weights(topic_terms, names, n=n_terms),
        n_terms=n_terms,
        sentences=views.sentence_table(reps, docs, names, links, carry) if len(reps) else reps,
        by_article=views.article_topics(docs, doc_topics, names, links, min_share=min_share),
        min_share=min_share,
        by_outlet=group_view(docs, doc_topics, names, "outlet", "outlet", min_n),
        by_month=group_view(docs, doc_topics, names, "date", "month", min_n),
        coords=intertopic(coords, topic_terms, names),
        term_map=termmap.from_model(model, coords.assign(label=coords["topic"].map(names)), topic_terms),
    )
