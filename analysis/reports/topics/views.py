"""Tables of the topics report (``notebooks/01_topics.ipynb``) from the study store's topic tables.

Why a module of its own: the report reads the store (``doc_topics``, ``topic_terms``,
``topic_quality``) and shows articles by title and outlet, groups with their n, and periods only
when there are enough of them; :mod:`.views` builds the tables the store holds. Every function
takes plain DataFrames and returns a tidy one, so the notebook computes nothing itself.
"""

from __future__ import annotations

import pandas as pd

from analysis.reports.labels import NOT_STATED, UNKNOWN, is_outlet, plural
from analysis.topics.tables import topic_shares


def term_weights(topic_terms: pd.DataFrame, names: dict[int, str], n: int = 8) -> pd.DataFrame:
    """The top ``n`` terms of each topic: ``topic, term, weight, bar`` (``bar``: the term prefixed
    by its topic's number, a unique name for a bar), topics in order, heaviest term first."""
    top = topic_terms[topic_terms["rank"] < n].sort_values(["topic", "rank"], kind="stable")
    return pd.DataFrame(
        {
            "topic": top["topic"].map(names).to_numpy(),
            "term": top["term"].to_numpy(),
            "weight": top["weight"].to_numpy(),
            "bar": [f"{int(t)}: {term}" for t, term in zip(top["topic"], top["term"])],
        }
    )


def topic_table(
    topic_quality: pd.DataFrame, topic_terms: pd.DataFrame, doc_topics: pd.DataFrame
) -> pd.DataFrame:
    """One row per topic: ``topic, terms`` (top ten), ``label check`` (where the store has it),
    ``articles`` (whose largest share it is), ``npmi``, ``umass``, most coherent first."""
    terms = (
        topic_terms[topic_terms["rank"] < 10]
        .sort_values(["topic", "rank"])
        .groupby("topic")["term"]
        .agg(", ".join)
    )
    main = main_topics(doc_topics)["topic"].value_counts()
    out = pd.DataFrame(
        {
            "topic": topic_quality["topic"]
            .astype(int)
            .map(lambda t: f"{t}: {topic_quality.set_index('topic').at[t, 'label']}"),
            "terms": topic_quality["topic"].map(terms).fillna(""),
            "articles": topic_quality["topic"].map(main).fillna(0).astype("int64"),
            "npmi": topic_quality["npmi"].astype(float),
            "umass": topic_quality["umass"].astype(float),
        }
    )
    if "with_label" in topic_quality:  # the label check (analysis.topics.label_check)
        out.insert(2, "label check", label_check_text(topic_quality))
    return out.sort_values("npmi", ascending=False, kind="stable").reset_index(drop=True)


def label_check_text(topic_quality: pd.DataFrame) -> list[str]:
    """Per topic, how many of its top articles hold every word of its label: "4 of 10 top
    articles", the check that a label names what the topic's articles are about."""
    return [
        f"{int(w)} of {plural(int(n), 'top article')}"
        for w, n in zip(topic_quality["with_label"], topic_quality["top_articles"])
    ]


def main_topics(doc_topics: pd.DataFrame) -> pd.DataFrame:
    """Each article's largest topic share: ``doc_id, topic, weight`` (ties: the lower topic)."""
    if doc_topics.empty:
        return pd.DataFrame(columns=["doc_id", "topic", "weight"])
    ordered = doc_topics.sort_values(
        ["doc_id", "weight", "topic"], ascending=[True, False, True], kind="stable"
    )
    return ordered.drop_duplicates("doc_id").reset_index(drop=True)


def article_topics(
    docs: pd.DataFrame,
    doc_topics: pd.DataFrame,
    names: dict[int, str],
    links: dict[str, str] | None = None,
    min_share: float = 0.05,
) -> pd.DataFrame:
    """Every article's topics with at least ``min_share``: ``article, outlet, topic, share,
    href, doc_id``, in corpus order, each article's largest share first."""
    meta = docs.assign(doc_id=docs["doc_id"].astype(str)).set_index("doc_id")
    order = {d: i for i, d in enumerate(meta.index)}
    rows = doc_topics.assign(doc_id=doc_topics["doc_id"].astype(str))
    rows = rows[(rows["weight"] >= min_share) & rows["doc_id"].isin(order)]
    rows = rows.assign(position=rows["doc_id"].map(order)).sort_values(
        ["position", "weight"], ascending=[True, False], kind="stable"
    )
    return pd.DataFrame(
        {
            "article": rows["doc_id"].map(meta["title"]).fillna("(untitled)").to_numpy(),
            "outlet": rows["doc_id"].map(meta["outlet"]).astype(object).fillna(NOT_STATED).to_numpy(),
            "topic": rows["topic"].map(names).to_numpy(),
            "share": rows["weight"].to_numpy(),
            "href": rows["doc_id"].map(links or {}).to_numpy(),
            "doc_id": rows["doc_id"].to_numpy(),
        }
    )


def sentence_table(
    reps: pd.DataFrame,
    docs: pd.DataFrame,
    names: dict[int, str],
    links: dict[str, str] | None = None,
    carry: list[list[str]] | None = None,
) -> pd.DataFrame:
    """The representative sentences (:func:`analysis.topics.representative_sentences`) with the
    article's title and outlet: ``topic, sentence, share, article, outlet, href, from``: ``from``
    says whether the sentence's article is one of ``carry`` (per topic, its top articles that hold
    its label: the label check's, :func:`analysis.topics.tables.label_articles`; None: no check),
    so a reader sees that the sentences under a label come from the articles its check counted."""
    meta = docs.assign(doc_id=docs["doc_id"].astype(str)).set_index("doc_id")
    doc = reps["doc_id"].astype(str)
    out = pd.DataFrame(
        {
            "topic": reps["topic"].map(names).to_numpy(),
            "sentence": reps["text"].to_numpy(),
            "share": reps["weight"].to_numpy(),
            "article": doc.map(meta["title"]).fillna("(untitled)").to_numpy(),
            "outlet": doc.map(meta["outlet"]).astype(object).fillna(NOT_STATED).to_numpy(),
            "href": doc.map(links or {}).to_numpy(),
        }
    )
    held = carry or [[] for _ in range(int(reps["topic"].max()) + 1 if len(reps) else 0)]
    out["from"] = [FROM_LABELLED if d in set(held[int(t)]) else FROM_ANY for t, d in zip(reps["topic"], doc)]
    return out


#: Where a topic's sentence comes from: one of its top articles that hold its label, or (when
#: none of them does) any article.
FROM_LABELLED = "a top article holding the label"
FROM_ANY = "any article (no top article holds the label)"


def group_shares(
    docs: pd.DataFrame,
    doc_topics: pd.DataFrame,
    names: dict[int, str],
    by: str,
    min_articles: int,
    freq: str = "M",
) -> pd.DataFrame:
    """Mean topic share per outlet or period (:func:`analysis.topics.tables.topic_shares`) with
    ``group, label, topic, share, n, compared``: ``label`` names the group with its n (articles),
    ``compared`` is True for a group with at least ``min_articles`` articles and a known name
    (never ``(not stated)`` nor a pooled row: :func:`analysis.reports.labels.is_outlet`)."""
    long = topic_shares(docs, doc_topics, by=by, freq=freq)
    if long.empty:
        return pd.DataFrame(columns=["group", "label", "topic", "share", "n", "compared"])
    group = long["group"].astype(str).replace(UNKNOWN, NOT_STATED)
    n = long["n_docs"].astype("int64")
    return pd.DataFrame(
        {
            "group": group.to_numpy(),
            "label": [f"{g} (n = {plural(k, 'article')})" for g, k in zip(group, n)],
            "topic": long["topic"].map(names).to_numpy(),
            "share": long["share"].to_numpy(),
            "n": n.to_numpy(),
            "compared": ((n >= min_articles) & group.map(is_outlet).astype(bool)).to_numpy(),
        }
    )


def group_table(shares: pd.DataFrame) -> pd.DataFrame:
    """:func:`group_shares` wide: one row per group with its articles and each topic's mean
    share, groups that can be compared first, then the largest."""
    if shares.empty:
        return pd.DataFrame(columns=["group", "articles"])
    wide = shares.pivot_table(index=["group", "n", "compared"], columns="topic", values="share", sort=False)
    wide.columns.name = None
    wide = wide.reset_index().rename(columns={"n": "articles"})
    wide = wide.sort_values(["compared", "articles", "group"], ascending=[False, False, True], kind="stable")
    return wide.drop(columns="compared").reset_index(drop=True)


def shares_sentence(shares: pd.DataFrame, what: str, min_articles: int, min_groups: int = 2) -> str:
    """Whether the groups (outlets, months) can be compared, with their n, as a sentence."""
    groups = shares.drop_duplicates("group")
    stated = groups[groups["group"] != NOT_STATED]
    if stated.empty:
        return f"No article states its {what}: the table gives the whole corpus as one group, and no chart is drawn."
    ok = groups[groups["compared"]]
    if len(ok) < min_groups:
        named = stated[stated["group"].map(is_outlet).astype(bool)]
        top = (named if len(named) else stated).sort_values(["n", "group"], ascending=[False, True]).iloc[0]
        return (
            f"Fewer than {min_groups} {what}s have {min_articles} or more articles (the largest, {top['group']}, "
            f"has {plural(int(top['n']), 'article')}): the table gives each {what}'s mean topic shares, but "
            "no two can be compared, and no chart is drawn."
        )
    return (
        f"{len(ok)} {what}s have at least {min_articles} articles and are charted, each named with its n; "
        f"{len(groups) - len(ok)} smaller, pooled or unnamed groups are in the table only. A mean share of a "
        "few articles moves with each article: compare bars of large groups."
    )
