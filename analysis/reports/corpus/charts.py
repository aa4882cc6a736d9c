"""Interactive charts of the corpus report (Bokeh, through :mod:`analysis.reports.charts`).

Each function takes a table of :mod:`analysis.reports.corpus.views` and returns a Bokeh figure; the
notebook shows it with :func:`analysis.reports.widgets.chart` and alt text from
:func:`alt_outlets` / :func:`alt_time`.
"""

from __future__ import annotations

import pandas as pd

from analysis.reports import charts


def whole_ticks(axis) -> None:
    """Ticks at whole numbers only on a count axis (no "0.5 articles", no repeated "1 1")."""
    axis.ticker.min_interval = 1


def outlets(counts: pd.DataFrame):
    """Articles per outlet (horizontal bars, largest on top); hover gives the outlet and n."""
    fig = charts.bar(
        counts,
        "outlet",
        "articles",
        n="copies",
        n_label="copies set aside",
        title="Analysed articles per outlet",
        value_label="analysed articles",
        value_format="int",
    )
    whole_ticks(fig.xaxis)
    return fig


def lengths(bins: pd.DataFrame):
    """Histogram of the analysed articles' lengths (:func:`analysis.reports.corpus.views.length_bins`):
    one bar per band of words, whole articles on the count axis; hover gives the band and n."""
    fig = charts.bar(
        bins,
        "band",
        "articles",
        n="articles",
        n_label="articles",
        title="Article lengths",
        value_label="articles",
        value_format="int",
        horizontal=False,
    )
    if len(bins):
        whole_ticks(fig.yaxis[0])
        fig.xaxis.axis_label = "words per article"
    return fig


def period_name(per_period: pd.DataFrame) -> str:
    """``day``, ``week`` or ``month``: the unit of :func:`analysis.reports.corpus.articles_per_period`."""
    steps = per_period["period"].sort_values().diff().dropna()
    days = steps.median().days if len(steps) else 1
    return "day" if days <= 1 else "week" if days <= 7 else "month"


def over_time(per_period: pd.DataFrame):
    """Dated articles per period as a line with a marker per period; hover gives the date and n."""
    freq_name = period_name(per_period)
    fig = charts.line(
        per_period.assign(n=per_period["articles"]),
        "period",
        "articles",
        n="n",
        n_label="articles",
        title=f"Dated articles per {freq_name}",
        y_label="articles",
        value_format="int",
    )
    whole_ticks(fig.yaxis)
    return fig


def alt_outlets(counts: pd.DataFrame) -> str:
    """Alt text of :func:`outlets`: how many bars and which is largest."""
    if counts.empty:
        return "No article was read, so there are no outlets to chart."
    top = counts.iloc[0]
    return (
        f"Bar chart of analysed articles per outlet, {len(counts)} bars; the largest, {top['outlet']}, "
        f"has {int(top['articles']):,} articles."
    )


def alt_time(per_period: pd.DataFrame) -> str:
    """Alt text of :func:`over_time`: periods, span and the busiest period."""
    freq_name = period_name(per_period)
    busiest = per_period.loc[per_period["articles"].idxmax()]
    return (
        f"Line chart of dated articles per {freq_name}, {len(per_period)} {freq_name}s from "
        f"{per_period['period'].min():%Y-%m-%d} to {per_period['period'].max():%Y-%m-%d}; the busiest "
        f"starts {busiest['period']:%Y-%m-%d} with {int(busiest['articles']):,} articles."
    )
