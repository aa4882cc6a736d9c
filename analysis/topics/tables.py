"""Tables for reading a fitted topic model: the doc-topic table, topic shares per outlet or period,
the sentences that express each topic best, the check of each topic's label, and an intertopic
distance map.

Why :func:`doc_topic_table` is the one builder of the doc-topic table: the batch model, the
streamed second pass and the engine's partitions must write the same schema
(``doc_id`` string, ``topic`` int64, ``weight`` float), or tables from different paths would not
concatenate or compare.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis import schema
from analysis.schema import UNKNOWN
from analysis.text import sentences
from analysis.topics.base import TopicModelBase
from analysis.topics.quality import LABEL_TERMS, top_ids
from analysis.topics.select import K_SCORE_COLUMNS
from analysis.topics.units import as_docs

#: Columns of the doc-topic table.
DOC_TOPIC_COLUMNS = schema.DOC_TOPICS


def doc_topic_table(doc_ids: Sequence, shares: np.ndarray, min_weight: float = 0.0) -> pd.DataFrame:
    """Articles x topics shares as a tidy table (doc_id, topic, weight), rows with weight >
    ``min_weight`` only (articles with no modelled term have no rows)."""
    ids = np.asarray(doc_ids, dtype=object)
    r, c = np.nonzero(shares > min_weight)
    return pd.DataFrame(
        {
            "doc_id": pd.array(ids[r], dtype="string"),
            "topic": c.astype("int64"),
            "weight": np.asarray(shares[r, c], dtype=float),
        }
    )


def with_labels(doc_topics: pd.DataFrame, labels: Sequence[str]) -> pd.DataFrame:
    """The doc-topic table with each topic's label, each article's largest shares first."""
    labelled = doc_topics.assign(label=doc_topics["topic"].map(dict(enumerate(labels))))
    return labelled.sort_values(["doc_id", "weight"], ascending=[True, False])


#: Articles of a topic its label is checked on: the ones with the largest share of it.
TOP_ARTICLES = 10
#: Columns :func:`label_check` adds to ``topic_quality``.
LABEL_CHECK_COLUMNS = schema.LABEL_CHECK


def top_articles(model: TopicModelBase, n: int = TOP_ARTICLES) -> list[np.ndarray]:
    """Per topic, the row positions (in ``model.doc_ids_``) of the ``n`` articles with the largest
    share of it, largest first (ties: corpus order); articles without it are left out."""
    shares = np.asarray(model.doc_topics_)
    order = []
    for t in range(model.k_):
        idx = np.lexsort((np.arange(len(shares)), -shares[:, t]))[:n]
        order.append(idx[shares[idx, t] > 0])
    return order


def label_articles(model: TopicModelBase, docs: pd.DataFrame, n: int = TOP_ARTICLES) -> list[list[str]]:
    """Per topic, the ``doc_id`` s of its :func:`top_articles` whose text holds every term of the
    label (the :data:`~analysis.topics.quality.LABEL_TERMS` top terms, as model terms).

    Why: a label is three words of the topic's term weights, which a grab-bag topic can take
    from three stories; whether its top articles are about what the label says is a count a
    reader can check."""
    docs = as_docs(docs)
    text = dict(zip(docs["doc_id"].astype(str), docs["text"].fillna("").astype(str)))
    titles = dict(zip(docs["doc_id"].astype(str), docs["title"].fillna(""))) if "title" in docs else {}
    ids = np.asarray(model.doc_ids_, dtype=object).astype(str)
    names = model.vectorizer_.get_feature_names_out()
    out = []
    for t, rows in enumerate(top_articles(model, n)):
        label = [str(names[j]) for j in top_ids(model.components_[t : t + 1], LABEL_TERMS)[0]]
        found = [d for d in ids[rows] if d in text]
        out.append([d for d in found if _holds(model, f"{titles.get(d, '')}\n{text[d]}", label)])
    return out


def _holds(model: TopicModelBase, text: str, label: list[str]) -> bool:
    """Whether ``text`` holds every label term (model term keys), alone or inside a learnt
    bigram: "Labour" inside "Labour Party" is still "Labour"."""
    keys = set(model.analyzer_.terms(text))
    words = {w for k in keys for w in k.split(" ")}
    return all(term in keys or term in words for term in label)


def label_check(model: TopicModelBase, docs: pd.DataFrame, n: int = TOP_ARTICLES) -> pd.DataFrame:
    """Per topic: ``top_articles`` (checked, at most ``n``), ``with_label`` (of those, the ones
    holding every label term, :func:`label_articles`) and ``best_sentence`` (the sentence most
    devoted to the topic among those articles, :func:`representative_sentences`): the columns
    the store's ``topic_quality`` carries besides the label."""
    docs = as_docs(docs)
    carry = label_articles(model, docs, n)
    held = {d for c in carry for d in c}
    best = representative_sentences(model, docs[docs["doc_id"].astype(str).isin(held)], n=1, among=carry)
    first = dict(zip(best["topic"], best["text"]))
    return pd.DataFrame(
        {
            "top_articles": [len(r) for r in top_articles(model, n)],
            "with_label": [len(c) for c in carry],
            "best_sentence": pd.array([first.get(t, pd.NA) for t in range(model.k_)], dtype="string"),
        }
    ).astype({"top_articles": "int64", "with_label": "int64"})


def representative_sentences(
    model: TopicModelBase,
    docs: pd.DataFrame,
    n: int = 3,
    min_terms: int = 5,
    among: Sequence[Sequence[str]] | None | str = "label",
) -> pd.DataFrame:
    """The ``n`` sentences most devoted to each topic (doc_id, sent_id, start, end, text,
    topic, rank, weight), among sentences with at least ``min_terms`` model terms so a
    two-word fragment does not win by being pure. Offsets index ``docs.text``.

    ``among``: per topic, the articles its sentences are taken from; ``"label"`` (default) takes
    them from the topic's top articles that hold its label terms (:func:`label_articles`), so the
    sentences shown under a label are about what it says; a topic none of whose top articles
    holds them, and ``None``, takes them from every article."""
    docs = as_docs(docs)
    docs = docs.assign(text=docs["text"].where(docs["text"].map(lambda t: isinstance(t, str)), ""))
    if isinstance(among, str):
        among = label_articles(model, docs) if hasattr(model, "vectorizer_") else None
    sents = sentences(docs)
    cols = ["topic", "rank", "doc_id", "sent_id", "start", "end", "text", "weight"]
    if sents.empty:
        return pd.DataFrame(columns=cols)
    shares, lengths = model.unit_shares(list(sents["text"]))
    ok = lengths >= min_terms
    doc_of = sents["doc_id"].astype(str).to_numpy()
    rows = []
    for t in range(model.k_):
        allowed = ok & np.isin(doc_of, list(among[t])) if among is not None and len(among[t]) else ok
        score = np.where(allowed, shares[:, t], -1.0)
        order = np.lexsort((np.arange(len(score)), -score))[:n]
        for r, i in enumerate(o for o in order if score[o] > 0):
            s = sents.iloc[i]
            rows.append(
                (
                    t,
                    r,
                    s["doc_id"],
                    int(s["sent_id"]),
                    int(s["start"]),
                    int(s["end"]),
                    s["text"],
                    float(shares[i, t]),
                )
            )
    return pd.DataFrame(rows, columns=cols)


def topic_shares(
    docs: pd.DataFrame, doc_topics: pd.DataFrame, by: str = "outlet", freq: str = "M"
) -> pd.DataFrame:
    """Mean topic share of the articles in each group (``by="outlet"`` or ``"date"``, the latter
    by period ``freq``): columns group, topic, share, n_docs. Articles with no outlet or date
    fall in group "unknown" so nothing silently disappears."""
    docs = as_docs(docs)
    if by == "date":
        dates = (
            pd.to_datetime(docs["date"], errors="coerce")
            if "date" in docs
            else pd.Series(pd.NaT, index=docs.index)
        )
        group = dates.dt.to_period(freq).astype("string").fillna(UNKNOWN)
    elif by in docs.columns:
        group = docs[by].astype("string").fillna(UNKNOWN)
    else:
        group = pd.Series(UNKNOWN, index=docs.index, dtype="string")
    groups = pd.DataFrame({"doc_id": docs["doc_id"].astype("string"), "group": group.values})
    wide = doc_topics.assign(doc_id=doc_topics["doc_id"].astype("string")).pivot_table(
        index="doc_id", columns="topic", values="weight", aggfunc="sum", fill_value=0.0
    )
    wide = wide.reindex(groups["doc_id"]).fillna(0.0)
    wide.index = groups["group"].values
    n_docs = groups.groupby("group").size()
    long = wide.groupby(level=0).mean().stack().rename("share").reset_index()
    long.columns = ["group", "topic", "share"]
    long["n_docs"] = long["group"].map(n_docs).astype("int64")
    return long.sort_values(["group", "topic"], ignore_index=True)


def intertopic_map(model: TopicModelBase) -> pd.DataFrame:
    """2-D positions of the topics (topic, label, x, y, share): classical multidimensional
    scaling of the Jensen-Shannon distances between topic-term distributions, as pyLDAvis does,
    but with numpy only. ``share`` is each topic's share of all modelled text."""
    P = np.asarray(model.components_, dtype=float)
    k = P.shape[0]
    D = np.zeros((k, k))
    for i in range(k):
        for j in range(i + 1, k):
            D[i, j] = D[j, i] = js_distance(P[i], P[j])
    J = np.eye(k) - 1.0 / k
    B = -0.5 * J @ (D**2) @ J
    vals, vecs = np.linalg.eigh(B)
    order = np.argsort(vals)[::-1][:2]
    coords = vecs[:, order] * np.sqrt(np.clip(vals[order], 0, None))
    if coords.shape[1] < 2:
        coords = np.hstack([coords, np.zeros((k, 2 - coords.shape[1]))])
    for c in range(2):  # fix the sign so the same model always gives the same picture
        col = coords[:, c]
        if col[np.argmax(np.abs(col))] < 0:
            coords[:, c] = -col
    return pd.DataFrame(
        {
            "topic": np.arange(k),
            "label": model.labels_,
            "x": coords[:, 0],
            "y": coords[:, 1],
            "share": prevalence(model),
        }
    )


def prevalence(model: TopicModelBase) -> np.ndarray:
    """Each topic's share of all modelled text (term-weighted over the fitted units); equal
    shares when the model kept no units (a streamed model)."""
    if hasattr(model, "unit_topics_"):
        lengths = model.units_["n_terms"].to_numpy(dtype=float)
        total = (model.unit_topics_ * lengths[:, None]).sum(axis=0)
        return total / total.sum() if total.sum() > 0 else total
    return np.full(model.k_, 1.0 / model.k_)


def js_distance(p: np.ndarray, q: np.ndarray) -> float:
    """Jensen-Shannon distance (base 2, in [0, 1]) between two distributions."""
    m = 0.5 * (p + q)

    def kl(a, b):
        mask = a > 0
        return float(np.sum(a[mask] * np.log2(a[mask] / b[mask])))

    return math.sqrt(max(0.5 * kl(p, m) + 0.5 * kl(q, m), 0.0))


def k_scores(model: TopicModelBase) -> pd.DataFrame:
    """The values of k tried by ``n_topics="auto"`` and their scores (``model.k_scores_``);
    an empty table with the same columns when k was fixed."""
    if model.k_scores_ is not None:
        return model.k_scores_
    return pd.DataFrame(columns=K_SCORE_COLUMNS)
