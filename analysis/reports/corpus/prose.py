"""Sentences of the corpus report computed from the data and hedged by n.

Why computed: a fixed sentence under a chart ("outlets differ in...") claims a finding whatever the
corpus; these say what the numbers are and how far they carry ("with 1 article per outlet, no
comparison is possible"). They hold numbers and dates only, never corpus text, so they are safe
as Markdown.
"""

from __future__ import annotations

import pandas as pd

from analysis.corpus.dedup import THRESHOLD
from analysis.reports.labels import plural


def corpus_sentence(docs: pd.DataFrame, min_articles: int) -> str:
    """What the corpus holds and which comparisons between outlets it can support."""
    n, analysed = len(docs), int(docs["analysed"].sum())
    known = docs[docs["analysed"] & docs["outlet"].notna()]
    per_outlet = known["outlet"].value_counts()
    big = int((per_outlet >= min_articles).sum())
    text = f"The corpus holds {plural(n, 'article')}; the studies analyse {analysed:,} of them"
    text += "." if analysed == n else f" (the other {n - analysed:,} are copies, set aside)."
    if per_outlet.empty:
        return text + " No article states its outlet, so no report can compare outlets."
    text += f" {len(known):,} of the analysed articles state their outlet, across {plural(len(per_outlet), 'outlet')}"
    if big >= 2:
        return text + (
            f"; {big:,} outlets have at least {min_articles} articles and can be compared, "
            "the others are shown greyed or pooled."
        )
    if big == 1:
        return text + (
            f"; only {per_outlet.index[0]} has at least {min_articles} articles, so no report can compare "
            "outlets: the others are shown greyed or pooled."
        )
    most = int(per_outlet.max())
    return text + (
        f", with at most {plural(most, 'article')} each: with fewer than {min_articles} articles per "
        "outlet, no report can compare outlets; per-outlet figures describe single articles."
    )


def time_sentence(docs: pd.DataFrame, per_period: pd.DataFrame, min_points: int) -> str:
    """How many analysed articles are dated (the ones every report counts), over which span, and
    whether that is enough for a trend."""
    docs = docs[docs["analysed"]]
    dates = docs["date"].dropna().sort_values()
    if dates.empty:
        return "No article states its date, so nothing can be said about time."
    span = (
        f"from {dates.iloc[0]:%Y-%m-%d} to {dates.iloc[-1]:%Y-%m-%d}"
        if len(dates) > 1
        else f"on {dates.iloc[0]:%Y-%m-%d}"
    )
    text = f"{len(dates):,} of {len(docs):,} analysed articles state a date, {span}."
    if not enough_for_trend(docs, per_period, min_points):
        return text + (
            f" That is too few for a trend (the chart needs at least {min_points} dated articles "
            f"in at least 3 periods), so none is drawn."
        )
    busiest = per_period.loc[per_period["articles"].idxmax()]
    return text + (
        f" The busiest period starts {busiest['period']:%Y-%m-%d} with "
        f"{plural(int(busiest['articles']), 'article')}."
    )


def enough_for_trend(docs: pd.DataFrame, per_period: pd.DataFrame, min_points: int) -> bool:
    """At least ``min_points`` dated analysed articles spread over at least three periods."""
    return (
        int(docs.loc[docs["analysed"], "date"].notna().sum()) >= min_points
        and int((per_period["articles"] > 0).sum()) >= 3
    )


def duplicates_sentence(dups: pd.DataFrame, n: int) -> str:
    """How many articles are copies, of how many originals, and whether the studies set them aside
    (the default) or kept them (``keep_duplicates``): the reader must know which counts include them."""
    if dups.empty:
        return f"No article is a copy of another: all {n:,} are analysed."
    originals = dups["original_id"].nunique()
    copies = f"{'a copy' if len(dups) == 1 else 'copies'} of {plural(originals, 'other article')}"
    how = f"(the same text, or sets of five-word sequences at least {THRESHOLD:.0%} alike)"
    kept = int(dups["analysed"].sum()) if "analysed" in dups.columns else 0
    if kept == len(dups):
        return (
            f"{plural(len(dups), 'article')} {'is' if len(dups) == 1 else 'are'} {copies} {how}; they were "
            f"kept (keep_duplicates), so the studies analyse all {n:,} and every report's counts include "
            "the copies."
        )
    set_aside = len(dups) - kept
    return (
        f"{plural(set_aside, 'article')} {'was' if set_aside == 1 else 'were'} set aside as {copies} {how}; "
        f"the studies analyse the {n - set_aside:,} others, and every report's counts leave the copies out."
    )


def problems_sentence(grouped: pd.DataFrame) -> str:
    """How many input problems, of how many kinds."""
    if grouped.empty:
        return "Every input file was read without a problem."
    total = int(grouped["count"].sum())
    return (
        f"{plural(total, 'input problem')} of {plural(len(grouped), 'kind')}; files skipped are not in any "
        "report, files read with a caveat are."
    )


def lengths_sentence(summary: dict) -> str:
    """Median and spread of article lengths, and how many are very short."""
    if not summary.get("n"):
        return "No article was analysed."
    text = (
        f"The median analysed article has {summary['median']:,.0f} words (half lie between "
        f"{summary['q1']:,.0f} and {summary['q3']:,.0f}; shortest {summary['min']:,}, longest "
        f"{summary['max']:,})."
    )
    if summary["short"]:
        text += (
            f" {plural(summary['short'], 'article')} {'has' if summary['short'] == 1 else 'have'} fewer than "
            f"{summary['short_limit']} words: teasers, briefs or failed extractions."
        )
    return text


def terms_sentence(groups: pd.Series, min_articles: int, max_docs: int) -> str:
    """Which outlets the distinctive words compare, and how far to trust them."""
    if len(groups) < 2:
        return (
            f"Fewer than two outlets have {min_articles} or more analysed articles, so no outlet's words are "
            "contrasted: with fewer articles, an outlet's distinctive words are those of its few stories."
        )
    text = (
        f"{len(groups):,} outlets with at least {min_articles} analysed articles each "
        f"({int(groups.sum()):,} articles) are compared; outlets with fewer are left out."
    )
    if int(groups.max()) > max_docs:
        text += f" Outlets with more than {max_docs:,} articles are represented by a random {max_docs:,}."
    if int(groups.min()) < 30:
        text += (
            " With fewer than about 30 articles per outlet these words mostly reflect the particular "
            "stories covered, not the outlet's style."
        )
    return text


def boilerplate_sentence(removed: pd.DataFrame | None, n: int) -> str:
    """What cleaning removed, or that this store does not record it (``removed`` is None)."""
    if removed is None:
        return "This store does not record what cleaning removed (it was built before that table existed)."
    if removed.empty:
        return f"Cleaning removed no recurring line or page furniture from the {n:,} articles."
    top = removed.iloc[0]
    return (
        f"Cleaning removed {plural(len(removed), 'distinct text')}, {plural(int(removed['times'].sum()), 'removal')} "
        f"in all; the most widespread was removed from {plural(int(top['articles']), 'article')} of {n:,}."
    )
