"""Charts of the outlets report. Each takes a view (:mod:`analysis.reports.outlets.views`).

They return Bokeh figures built on :mod:`analysis.reports.charts` (shown with
:func:`analysis.reports.widgets.chart`) and come with the sentences that read them (``*_note``),
computed from the same tables and hedged by n.
"""

from __future__ import annotations

import pandas as pd

from analysis.outlets.classifier import UNKNOWN
from analysis.outlets.reuse import EARLIER_LATER
from analysis.reports import charts
from analysis.reports.labels import plural
from analysis.reports.outlets.views import NOT_IN_CORPUS, NOT_THIS_PIECE, THIS_PIECE, checked
from analysis.reports.stats import LEVEL, wilson


def answers(counts: pd.DataFrame):
    """Articles without a stated outlet per answer (:func:`~analysis.reports.outlets.views.answer_counts`),
    coloured by outlet as in every report (``unknown`` grey); hover gives the count."""
    fig = charts.bar(
        counts,
        "answer",
        "articles",
        n="articles",
        n_label="articles",
        group="outlet",
        title="Answers for the articles without a stated outlet",
        value_label="articles",
        value_format="int",
    )
    if len(counts):
        fig.xaxis[0].ticker.min_interval = 1
    return fig


def cited_bars(counts: pd.DataFrame, top: int):
    """The ``top`` most cited outlets and agencies (:func:`~analysis.reports.outlets.views.cited_counts`):
    citing articles, coloured by side; hover gives mentions as n."""
    shown = counts.head(top).rename(columns={"mentions": "n"})
    fig = charts.bar(
        shown,
        "cited",
        "articles",
        n="n",
        n_label="mentions",
        group="side",
        title="Outlets and agencies cited",
        value_label="citing articles",
        value_format="int",
    )
    if len(shown):
        fig.xaxis[0].ticker.min_interval = 1
    return fig


def reuse_heatmap(cells: pd.DataFrame):
    """Heat map of :func:`~analysis.reports.outlets.views.matrix_cells`: row = source, column = target,
    darker = a larger share of the target reused."""
    return charts.heatmap(
        cells,
        "target",
        "source",
        "share",
        title="Share of each target article reused",
        value_label="share of target reused",
        value_format="share",
    )


def predictions_note(predictions: pd.DataFrame) -> str:
    """How many articles state no outlet and what the model answered, with the reasons for
    ``unknown``, as counts."""
    missing = predictions[predictions["outlet"].isna()]
    if missing.empty:
        return f"All {plural(len(predictions), 'article')} state their outlet: nothing to predict."
    named = missing[missing["predicted_outlet"] != UNKNOWN]
    reasons = missing.loc[missing["predicted_outlet"] == UNKNOWN].get("unknown_reason")
    why = ""
    if reasons is not None and reasons.notna().any():
        why = " (" + "; ".join(f"{r}: {k:,}" for r, k in reasons.value_counts().items()) + ")"
    return (
        f"{plural(len(missing), 'article')} of {len(predictions):,} state no outlet: the model named an "
        f"outlet for {len(named):,} of them and answered `unknown` for {len(missing) - len(named):,}"
        f"{why}."
    )


def accuracy_note(predictions: pd.DataFrame, *, min_n: int = 5) -> str:
    """The out-of-fold check in a sentence: how many known articles were checked, how many were
    named right, named wrong or left unknown, with the interval, hedged by n."""
    known = predictions[predictions["outlet"].notna()]
    done = checked(predictions)
    if known.empty:
        return "No article states its outlet, so the model has nothing to learn from or to be checked on."
    if done.empty:
        return (
            f"No article with a stated outlet could be checked ({len(known):,} have one): the model "
            "needs two outlets with enough known articles to learn from, so its answers can be "
            "neither trusted nor checked here."
        )
    right = int((done["predicted_outlet"] == done["outlet"]).sum())
    unknown = int((done["predicted_outlet"] == UNKNOWN).sum())
    low, high = wilson(right, len(done))
    named = len(done) - unknown
    sure = f"; when it named an outlet, it was right {right:,} times of {named:,}" if named else ""
    small = f" With fewer than {min_n} checked articles the rate says little." if len(done) < min_n else ""
    return (
        f"Of {plural(len(done), 'article')} with a stated outlet, each predicted by a model that never "
        f"saw it, {right:,} got their own outlet ({right / len(done):.0%}; {LEVEL:.0%} interval "
        f"{low:.0%} to {high:.0%}), {named - right:,} another outlet and {unknown:,} `unknown`{sure}."
        f"{small}"
    )


def pieces_note(pieces: pd.DataFrame) -> str:
    """How many citations lead to the cited piece, to other pieces of the same outlet, or to
    nothing in the corpus."""
    if pieces.empty:
        return "With no citation, there is no chain to follow."
    k = pieces["piece"].value_counts()
    return (
        f"{plural(len(pieces), 'citation')} (article and cited outlet): {k.get(THIS_PIECE, 0):,} name "
        f"a piece found in the corpus by its title or date; {k.get(NOT_THIS_PIECE, 0):,} cite an outlet "
        "whose articles are in the corpus but name none of them (same outlet, not this piece); "
        f"{k.get(NOT_IN_CORPUS, 0):,} cite an outlet with no article here."
    )


def reuse_note(reuse: pd.DataFrame, n_articles: int, min_words: int, top: int | None = None) -> str:
    """How many pairs share passages, and the largest reuse, as counts; with ``top`` (the store's
    ``outlets.reuse_top``) whether that cap may have left pairs out."""
    if reuse.empty:
        return (
            f"No two of the {plural(n_articles, 'article')} share a passage of {min_words} words or "
            "more: no text reuse was found."
        )
    largest = reuse.loc[reuse["share_of_target"].idxmax()]
    dated = int((reuse["direction"] == EARLIER_LATER).sum())
    return (
        f"{plural(len(reuse), 'pair')} of articles share passages of {min_words} words or more "
        f"({dated:,} with a direction from the earlier to the later article); the largest reuse covers "
        f"{largest['share_of_target']:.0%} of its target ({int(largest['shared_words']):,} words)."
        + capped_note(reuse, top)
    )


def capped_note(reuse: pd.DataFrame, top: int | None) -> str:
    """Said when some article holds ``top`` pairs or more: pairs outside each article's ``top``
    largest were not kept (:func:`analysis.outlets.reuse.top_pairs`)."""
    if top is None or reuse.empty:
        return ""
    most = int(pd.concat([reuse["source_doc"], reuse["target_doc"]]).value_counts().max())
    if most < top:
        return ""
    return (
        f" Some articles share passages with {top} or more others: only the pairs among each article's "
        f"{top} largest are listed (`-s outlets.reuse_top N` keeps more)."
    )
