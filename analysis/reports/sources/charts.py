"""Charts of the sources report (Bokeh), each returned with its alt text as ``(figure, alt)``
for :func:`analysis.reports.widgets.chart`."""

from __future__ import annotations

from analysis.reports import charts
from analysis.reports.sources.load import SourcesReport
from analysis.reports.synthesis.charts import side_shares_chart


def speakers(report: SourcesReport):
    """Bars of the most cited speakers' attributions, coloured by side."""
    top = report.top_speakers
    fig = charts.bar(
        top,
        "speaker",
        "attributions",
        n="articles",
        n_label="articles",
        group="side",
        value_label="attributions",
        value_format="int",
        title="Attributions of the most cited speakers",
    )
    alt = (
        f"Bars: attributions of the {len(top)} most cited speakers, coloured by side; the most "
        f"cited is {top['speaker'].iat[0]} with {int(top['attributions'].iat[0])}."
    )
    return fig, alt


def outlet_sides(report: SourcesReport):
    """Bars with intervals: each compared outlet's share of attributions per side."""
    fig = side_shares_chart(report.outlet_sides, "outlet", "Share of each outlet's attributions per side")
    alt = (
        f"Bars with 95% intervals: for {int(report.balance['comparable'].sum())} outlets, the share of "
        "their attributions from each side, each outlet named with its n."
    )
    return fig, alt


def speaker_articles(report: SourcesReport):
    """Heat map of attributions per speaker and article."""
    grid = report.grid
    fig = charts.heatmap(
        grid,
        "article",
        "speaker",
        "attributions",
        value_format="int",
        title="Attributions per speaker and article",
    )
    alt = f"Heat map: attributions of {grid['speaker'].nunique()} speakers in {grid['article'].nunique()} articles."
    return fig, alt
