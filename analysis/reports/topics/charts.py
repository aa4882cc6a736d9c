"""Charts of the topics report (Bokeh, through :mod:`analysis.reports.charts`), each with its alt
text: a function returns ``(figure, alt)`` for :func:`analysis.reports.widgets.chart`."""

from __future__ import annotations

from analysis.reports import charts
from analysis.reports.topics.load import Shares, TopicsReport


def top_terms(report: TopicsReport):
    """Bars of each topic's top words with their weights."""
    fig = charts.bar(
        report.term_bars,
        "bar",
        "weight",
        group="topic",
        value_label="weight in the topic",
        title="Top words of each topic",
    )
    alt = (
        f"Bars: the {report.n_terms} top words of each of {len(report.names)} topics with their weights; "
        + "; ".join(report.names.values())
        + "."
    )
    return fig, alt


def outlet_shares(shares: Shares):
    """Bars of the mean share of each topic per compared outlet, each named with its n."""
    shown = shares.shown
    fig = charts.bar(
        shown,
        "label",
        "share",
        n="n",
        n_label="articles",
        group="topic",
        value_format="share",
        value_label="mean topic share",
        title="Mean topic share per outlet",
    )
    alt = (
        f"Bars: mean share of each topic in the articles of {shown['group'].nunique()} outlets, "
        "each named with its n."
    )
    return fig, alt


def month_shares(shares: Shares):
    """Lines of the mean share of each topic per compared month."""
    months = shares.shown
    fig = charts.line(
        months.assign(month=months["group"].astype("datetime64[ns]")),
        "month",
        "share",
        group="topic",
        n="n",
        value_format="share",
        title="Mean topic share per month",
    )
    return fig, f"Lines: mean share of each topic per month over {months['group'].nunique()} months."


def intertopic_map(report: TopicsReport):
    """One circle per topic, sized by its share of the text, placed by topic distance."""
    coords = report.coords
    fig = charts.scatter(
        coords.rename(columns={"text_share": "share of the text"}),
        "x",
        "y",
        label="topic",
        size="share",
        hover=["words", "share of the text"],
        title="Intertopic distance map",
        x_label="dimension 1",
        y_label="dimension 2",
    )
    alt = (
        "Intertopic distance map: one circle per topic, sized by its share of the text; "
        + "; ".join(f"{t} ({s:.0%})" for t, s in zip(coords["topic"], coords["share"]))
        + "."
    )
    return fig, alt
