"""Everything the corpus report (``notebooks/00_corpus.ipynb``) shows, computed from the store.

Why one ``load``: the notebook only shows and explains; the tables and the sentences that read
them are computed here, testable without a kernel.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.reports.corpus import prose, terms, views
from analysis.reports.stats import MIN_N


@dataclass
class CorpusReport:
    """The tables of the corpus report and the sentences that read them, in the order shown."""

    sentence: str
    facts: pd.DataFrame
    articles: pd.DataFrame
    outlets: pd.DataFrame
    per_period: pd.DataFrame
    time_sentence: str
    trend: bool
    copies: pd.DataFrame
    copies_sentence: str
    problems: pd.DataFrame
    problems_sentence: str
    removed: pd.DataFrame | None
    removed_sentence: str
    length_bins: pd.DataFrame
    lengths_sentence: str
    terms_sentence: str
    terms: pd.DataFrame | None


def outlet_words(store, docs: pd.DataFrame, min_n: int, top_terms: int, max_term_docs: int):
    """(sentence, table) of the words each comparable outlet uses more than the others; the table
    is None with fewer than two outlets of ``min_n`` articles."""
    groups = terms.comparable_groups(docs, "outlet", min_n)
    sentence = prose.terms_sentence(groups, min_n, max_term_docs)
    if len(groups) < 2:
        return sentence, None
    texts = store.table("docs", columns=["doc_id", "outlet", "analysed", "text"])
    return sentence, terms.outlet_terms(texts, groups, n=top_terms, max_docs=max_term_docs)


def load(
    store,
    links: dict[str, str],
    *,
    min_n: int = MIN_N,
    top_outlets: int = 30,
    top_terms: int = 10,
    max_term_docs: int = 2000,
) -> CorpusReport:
    """The corpus report of ``store`` (article pages at ``links``)."""
    docs = store.table("docs", columns=views.DOC_COLUMNS)
    problems = views.problems_by_kind(store.table("problems"))
    per_period = views.articles_per_period(docs)
    copies = views.duplicates(docs, links)
    removed = (
        views.boilerplate_summary(store.table("boilerplate"), docs, links)
        if "boilerplate" in store.names()
        else None
    )
    lengths = views.length_summary(docs)
    terms_sentence, words = outlet_words(store, docs, min_n, top_terms, max_term_docs)
    return CorpusReport(
        sentence=prose.corpus_sentence(docs, min_n),
        facts=views.facts(docs, problems, store.manifest.n_files),
        articles=views.article_list(docs, links),
        outlets=views.outlet_counts(docs, top=top_outlets),
        per_period=per_period,
        time_sentence=prose.time_sentence(docs, per_period, min_n),
        trend=prose.enough_for_trend(docs, per_period, min_n),
        copies=copies,
        copies_sentence=prose.duplicates_sentence(copies, len(docs)),
        problems=problems,
        problems_sentence=prose.problems_sentence(problems),
        removed=removed,
        removed_sentence=prose.boilerplate_sentence(removed, len(docs)),
        length_bins=views.length_bins(docs),
        lengths_sentence=prose.lengths_sentence(lengths),
        terms_sentence=terms_sentence,
        terms=words,
    )
