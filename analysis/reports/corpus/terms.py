"""Distinctive terms: the words each outlet uses more than the others, only where that means something.

Why log-odds: raw frequency ranks "the" and "said" first for every outlet, and a plain ratio lets a
word used once by one outlet win. The log-odds ratio with an informative Dirichlet prior (Monroe,
Colaresi & Quinn 2008, the statistic behind scattertext) shrinks rare words towards the corpus
rate and gives each word a z-score of how much more one group uses it.

Why only groups with enough articles: with one or two articles per outlet, an outlet's
"distinctive" words are the words of its one story (names, places), which says nothing about the
outlet. :func:`comparable_groups` keeps outlets with at least ``min_articles`` analysed articles,
and a comparison needs two of them.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from analysis.text import term_tokens

TERM_COLUMNS = ["group", "rank", "term", "z", "count"]
#: A term must hold a letter to be shown (numbers and punctuation describe no outlet).
LETTER = re.compile(r"[^\W\d_]")
#: Pseudo-words of the prior, spread by the corpus rate of each word.
PRIOR_WORDS = 500.0


def comparable_groups(docs: pd.DataFrame, by: str = "outlet", min_articles: int = 5) -> pd.Series:
    """Analysed articles per known value of ``by`` for the values with at least ``min_articles``."""
    known = docs[docs["analysed"] & docs[by].notna()]
    counts = known[by].value_counts()
    return counts[counts >= min_articles].sort_index()


def sample_per_group(
    docs: pd.DataFrame, by: str, groups: pd.Index, max_docs: int, seed: int = 0
) -> pd.DataFrame:
    """The analysed articles of ``groups``, at most ``max_docs`` per group (a seeded random sample),
    so a 100,000-article corpus costs what ``max_docs`` articles per outlet cost."""
    chosen = docs[docs["analysed"] & docs[by].isin(groups)]
    shuffled = chosen.sample(frac=1.0, random_state=seed)
    keep = shuffled.groupby(by, sort=False).head(max_docs).index
    return chosen[chosen.index.isin(keep)]


def distinctive_terms(
    docs: pd.DataFrame, by: str = "outlet", *, n: int = 10, min_df: int = 1, max_features: int = 50_000
) -> pd.DataFrame:
    """The words each group uses most distinctively: ``group, rank, term, z, count``.

    Log-odds ratio with an informative Dirichlet prior, each group against all the others. Groups
    are the values of ``by`` (rows without one are left out). Stop words are left out, since they
    only ever describe style. Fewer than two groups give an empty table.
    """
    docs = docs[docs[by].notna()]
    if docs[by].nunique() < 2:
        return pd.DataFrame(columns=TERM_COLUMNS)
    vec = CountVectorizer(
        tokenizer=term_tokens,  # links are no words: "com", "http", "www" describe no outlet
        lowercase=False,
        token_pattern=None,
        stop_words=sorted(ENGLISH_STOP_WORDS),
        min_df=min_df,
        max_features=max_features,
    )
    counts = vec.fit_transform(docs["text"].astype(str))
    terms = np.asarray(vec.get_feature_names_out())
    wordlike = np.array([bool(LETTER.search(t)) for t in terms])  # "2" or "%" describe no outlet
    labels = docs[by].astype(str).to_numpy()
    total = np.asarray(counts.sum(axis=0)).ravel().astype(float)
    prior = total / total.sum() * PRIOR_WORDS
    a0 = prior.sum()
    rows = []
    for group in sorted(pd.unique(labels)):
        y_i = np.asarray(counts[labels == group].sum(axis=0)).ravel().astype(float)
        y_j = total - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        delta = np.log((y_i + prior) / (n_i + a0 - y_i - prior)) - np.log(
            (y_j + prior) / (n_j + a0 - y_j - prior)
        )
        z = np.where(wordlike, delta / np.sqrt(1.0 / (y_i + prior) + 1.0 / (y_j + prior)), -np.inf)
        for rank, j in enumerate(np.lexsort((terms, -z))[:n], start=1):
            rows.append(
                {
                    "group": group,
                    "rank": rank,
                    "term": terms[j],
                    "z": round(float(z[j]), 2),
                    "count": int(y_i[j]),
                }
            )
    return pd.DataFrame(rows, columns=TERM_COLUMNS)


def outlet_terms(
    docs: pd.DataFrame, groups: pd.Series, *, n: int = 10, max_docs: int = 2000, seed: int = 0
) -> pd.DataFrame:
    """The distinctive words of the outlets in ``groups`` (from :func:`comparable_groups`), one row
    per outlet (:func:`terms_by_group`); ``docs`` needs ``outlet``, ``analysed`` and ``text``."""
    sample = sample_per_group(docs, "outlet", groups.index, max_docs, seed)
    return terms_by_group(distinctive_terms(sample, "outlet", n=n), groups)


def terms_by_group(terms: pd.DataFrame, articles: pd.Series, min_z: float = 2.0) -> pd.DataFrame:
    """One row per group: ``outlet, articles, distinctive words (z)``: ``word (z)`` in order of z,
    only words with z of at least ``min_z`` (about 2 is unlikely to be chance)."""
    rows = []
    for group, part in terms.groupby("group", sort=True):
        strong = part[part["z"] >= min_z]
        rows.append(
            {
                "outlet": group,
                "articles": int(articles.get(group, 0)),
                "distinctive words (z)": ", ".join(
                    f"{t} ({z:.1f})" for t, z in zip(strong["term"], strong["z"])
                )
                or f"none with z ≥ {min_z:g}",
            }
        )
    return pd.DataFrame(rows, columns=["outlet", "articles", "distinctive words (z)"])
