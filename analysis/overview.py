"""Corpus overview: what is in the corpus before any study reads it.

Why log-odds for distinctive terms: raw frequency ranks "the" and "said" first for every outlet,
and a plain ratio lets a word used once by one outlet win. The log-odds ratio with an informative
Dirichlet prior (Monroe, Colaresi & Quinn 2008, the statistic behind scattertext) shrinks rare
words towards the corpus rate and gives each word a z-score of how much more one group uses it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from analysis.text import tokenize

UNKNOWN = "(unknown)"


def summary(docs: pd.DataFrame) -> pd.DataFrame:
    """One row of corpus facts: articles, outlets, dates, words, duplicates, skipped inputs."""
    dates = docs["date"].dropna()
    return pd.DataFrame([{
        "articles": len(docs),
        "outlets known": int(docs["outlet"].notna().sum()),
        "distinct outlets": int(docs["outlet"].nunique()),
        "dated articles": int(len(dates)),
        "first date": dates.min().date() if len(dates) else None,
        "last date": dates.max().date() if len(dates) else None,
        "words": int(docs["n_words"].sum()),
        "median words per article": float(docs["n_words"].median()) if len(docs) else 0.0,
        "duplicates": int(docs["duplicate_of"].notna().sum()),
        "inputs skipped or flagged": len(docs.attrs.get("problems", [])),
    }])


def counts_by(docs: pd.DataFrame, column: str, *, top: int = 20) -> pd.DataFrame:
    """Articles per value of ``column`` (missing shown as "(unknown)"), largest first."""
    values = docs[column].astype("object").where(docs[column].notna(), UNKNOWN)
    counts = values.value_counts().rename_axis(column).reset_index(name="articles")
    return counts.head(top)


def articles_per_period(docs: pd.DataFrame, freq: str = "auto") -> pd.DataFrame:
    """Dated articles per period (day, week or month, chosen from the span when ``auto``)."""
    dated = docs.dropna(subset=["date"])
    if dated.empty:
        return pd.DataFrame(columns=["period", "articles"])
    if freq == "auto":
        span = (dated["date"].max() - dated["date"].min()).days
        freq = "D" if span <= 62 else "W" if span <= 730 else "MS"
    counts = dated.set_index("date").resample(freq).size()
    return counts.rename_axis("period").reset_index(name="articles")


def distinctive_terms(
    docs: pd.DataFrame, by: str = "outlet", *, n: int = 10, min_df: int = 1, max_features: int = 50_000
) -> pd.DataFrame:
    """The words each group uses most distinctively: ``group, rank, term, z, count``.

    Log-odds ratio with an informative Dirichlet prior, each group against all the others. Groups
    are the values of ``by``; articles with no value form the group "(unknown)". Stop words are
    left out, since they only ever describe style.
    """
    groups = docs[by].astype("object").where(docs[by].notna(), UNKNOWN)
    if groups.nunique() < 2 or docs.empty:
        return pd.DataFrame(columns=["group", "rank", "term", "z", "count"])
    vec = CountVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None,
                          stop_words=sorted(ENGLISH_STOP_WORDS), min_df=min_df, max_features=max_features)
    counts = vec.fit_transform(docs["text"].astype(str))
    terms = np.asarray(vec.get_feature_names_out())
    labels = groups.to_numpy()
    total = np.asarray(counts.sum(axis=0)).ravel().astype(float)
    prior = total / total.sum() * 500.0  # prior strength: 500 pseudo-words spread by corpus rate
    a0 = prior.sum()
    rows = []
    for group in sorted(pd.unique(labels)):
        mask = labels == group
        y_i = np.asarray(counts[mask].sum(axis=0)).ravel().astype(float)
        y_j = total - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        delta = (np.log((y_i + prior) / (n_i + a0 - y_i - prior))
                 - np.log((y_j + prior) / (n_j + a0 - y_j - prior)))
        var = 1.0 / (y_i + prior) + 1.0 / (y_j + prior)
        z = delta / np.sqrt(var)
        order = np.lexsort((terms, -z))[:n]
        for rank, j in enumerate(order, start=1):
            rows.append({"group": group, "rank": rank, "term": terms[j], "z": round(float(z[j]), 3),
                         "count": int(y_i[j])})
    return pd.DataFrame(rows)


def duplicates(docs: pd.DataFrame) -> pd.DataFrame:
    """Pairs of (copy, original) with titles, for articles flagged as duplicates."""
    flagged = docs[docs["duplicate_of"].notna()]
    titles = docs.set_index("doc_id")["title"]
    return pd.DataFrame({
        "doc_id": flagged["doc_id"].to_numpy(),
        "title": flagged["title"].to_numpy(),
        "duplicate_of": flagged["duplicate_of"].to_numpy(),
        "original title": titles.reindex(flagged["duplicate_of"]).to_numpy(),
    })


def problems(docs: pd.DataFrame) -> pd.DataFrame:
    """Files and rows skipped or read with a caveat while loading, with the reason."""
    return pd.DataFrame(docs.attrs.get("problems", []), columns=["path", "problem"])


def plot_counts(ax, table: pd.DataFrame, label: str, value: str = "articles") -> None:
    """Horizontal bars of ``table[value]`` by ``table[label]``, largest on top."""
    from analysis.plots import empty_note

    if table.empty:
        empty_note(ax, "nothing to show")
        return
    ordered = table.iloc[::-1]
    ax.barh(ordered[label].astype(str), ordered[value], color="#2e6da4")
    ax.set_xlabel(value)
    ax.spines[["top", "right"]].set_visible(False)


def plot_lengths(ax, docs: pd.DataFrame) -> None:
    """Histogram of article lengths in words."""
    from analysis.plots import empty_note

    if docs.empty:
        empty_note(ax, "no articles")
        return
    bins = min(30, max(5, len(docs) // 3))
    ax.hist(docs["n_words"], bins=bins, color="#7f8c8d", edgecolor="white")
    ax.set_xlabel("words per article")
    ax.set_ylabel("articles")
    ax.spines[["top", "right"]].set_visible(False)
