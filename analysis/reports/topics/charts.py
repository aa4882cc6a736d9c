"""Charts of the topics report (Bokeh, through :mod:`analysis.reports.charts`), each with its alt
text: a function returns ``(figure, alt)`` for :func:`analysis.reports.widgets.chart`."""

from __future__ import annotations

import numpy as np

from analysis.reports import charts
from analysis.reports.chartbase import add_hover, trusted_script
from analysis.reports.topics import termmap
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
    """One bar per compared outlet (named with its n), made of its topics' mean shares."""
    shown = shares.shown
    fig = charts.stacked_bar(
        shown,
        "label",
        "share",
        "topic",
        n="n",
        n_label="articles",
        value_label="mean topic share (each bar adds up to 100%)",
        title="Mean topic share per outlet",
    )
    alt = (
        f"Stacked bars: for each of {shown['group'].nunique()} outlets, named with its n, the mean share "
        "of each topic in its articles."
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


#: Redraws the term bars of the chosen topic at the slider's λ (the same relevance and order as
#: :func:`analysis.reports.topics.termmap.top_terms`). Corpus text (terms, labels) only moves
#: between data sources and the title's text, which BokehJS draws as text.
REORDER = trusted_script("""
const sel = circles.selected.indices;
const topic = sel.length ? circles.data.topic[sel[0]] : bars.data.topic[0];
const at = circles.data.topic.indexOf(topic);
const lam = slider.value, d = terms.data, rows = [];
for (let i = 0; i < d.topic.length; i++) { if (d.topic[i] === topic) rows.push(i); }
const score = (i) => lam * d.log_topic[i] + (1 - lam) * d.log_lift[i];
rows.sort((a, b) => (score(b) - score(a)) || (d.term[a] < d.term[b] ? -1 : d.term[a] > d.term[b] ? 1 : 0));
const top = rows.slice(0, n);
const out = {term: [], topic: [], corpus: [], in_topic: [], relevance: []};
for (const i of top) {
  out.term.push(d.term[i]); out.topic.push(topic); out.corpus.push(d.corpus[i]);
  out.in_topic.push(d.in_topic[i]); out.relevance.push(score(i));
}
y_range.factors = out.term.slice().reverse();
bars.data = out;
heading.text = "Top terms of " + circles.data.label[at] + " at λ = " + lam.toFixed(1);
""")


def intertopic_map(report: TopicsReport):
    """pyLDAvis's view: circles placed by topic distance, area proportional to the topic's share,
    each labelled with its number; a click on a circle shows that topic's term bars (the term's
    whole frequency grey, the part from the topic in colour) and the slider's λ reorders them by
    relevance (:mod:`analysis.reports.topics.termmap`)."""
    from bokeh.layouts import column
    from bokeh.models import ColumnDataSource, CustomJS, Slider

    tm = report.term_map
    if tm.topics.empty:
        return charts.empty_chart("Intertopic distance map"), "No topics to map."
    circles = topic_circles(tm)
    first = int(tm.topics.sort_values("share", ascending=False)["topic"].iat[0])
    bars = term_bars(tm, first)
    slider = Slider(start=0, end=1, step=0.1, value=tm.lam, title=LAMBDA_TITLE, sizing_mode="stretch_width")
    code = CustomJS(
        args={
            "circles": circles.renderers[0].data_source,
            "terms": ColumnDataSource(data={c: tm.terms[c].tolist() for c in tm.terms.columns}),
            "bars": bars.renderers[-1].data_source,
            "slider": slider,
            "y_range": bars.y_range,
            "heading": bars.title,
            "n": tm.n_bars,
        },
        code=REORDER,
    )
    slider.js_on_change("value", code)
    circles.renderers[0].data_source.selected.js_on_change("indices", code)
    circles.renderers[0].data_source.selected.indices = [int(tm.topics.index[tm.topics["topic"] == first][0])]
    alt = (
        "Intertopic distance map: one circle per topic, its area proportional to the topic's share, "
        + "; ".join(f"{label} ({s:.0%})" for label, s in zip(tm.topics["label"], tm.topics["share"]))
        + f". Click a circle for its {tm.n_bars} most relevant terms; the slider sets λ."
    )
    return column(circles, slider, bars, sizing_mode="stretch_width"), alt


#: The slider's title: what λ does, in words.
LAMBDA_TITLE = "λ (1: the topic's most frequent terms; 0: the terms most particular to it)"
#: Diameter (px) of the largest topic's circle; the others' areas are in proportion to their share.
MAX_CIRCLE = 90


def topic_circles(tm):
    """The map: a circle per topic, area proportional to share, its number in the middle."""
    from bokeh.models import ColumnDataSource, LabelSet, TapTool

    t = tm.topics
    data = {
        "topic": t["topic"].astype(int).tolist(),
        "label": t["label"].astype(str).tolist(),
        "number": t["topic"].astype(int).astype(str).tolist(),
        "x": t["x"].astype(float).tolist(),
        "y": t["y"].astype(float).tolist(),
        "share": t["share"].astype(float).tolist(),
        "size": (MAX_CIRCLE * np.sqrt(t["share"] / t["share"].max())).tolist(),
    }
    source = ColumnDataSource(data=data)
    fig = charts.new_figure("Intertopic distance map (click a circle)", height=420)
    fig.scatter(
        "x",
        "y",
        size="size",
        source=source,
        fill_color=charts.PALETTE[5],
        fill_alpha=0.35,
        line_color="#333333",
        selection_fill_color=charts.PALETTE[4],
        selection_fill_alpha=0.5,
        nonselection_fill_alpha=0.25,
    )
    fig.add_layout(
        LabelSet(
            x="x",
            y="y",
            text="number",
            source=source,
            text_align="center",
            text_baseline="middle",
            text_font_size="13px",
            text_font_style="bold",
        )
    )
    fig.add_tools(TapTool(renderers=fig.renderers[:1]))
    add_hover(fig, [("topic", "@label"), ("share of the text", "@share{0.[0]%}")], fig.renderers[:1])
    fig.x_range.range_padding = fig.y_range.range_padding = 0.35  # big circles at the edge stay whole
    fig.xaxis.axis_label, fig.yaxis.axis_label = "dimension 1", "dimension 2"
    return fig


def term_bars(tm, topic: int):
    """The chosen topic's term bars at the map's λ (the page redraws them)."""
    from bokeh.models import ColumnDataSource, FactorRange, NumeralTickFormatter

    words = termmap.top_terms(tm.terms, topic, tm.lam, tm.n_bars)
    rows = tm.terms[tm.terms["topic"] == topic].set_index("term").loc[words]
    data = {
        "term": words,
        "topic": [topic] * len(words),
        "corpus": rows["corpus"].tolist(),
        "in_topic": rows["in_topic"].tolist(),
        "relevance": termmap.relevance(rows["log_topic"], rows["log_lift"], tm.lam).tolist(),
    }
    label = tm.topics.loc[tm.topics["topic"] == topic, "label"].iat[0]
    fig = charts.new_figure(
        f"Top terms of {label} at λ = {tm.lam:.1f}",
        height=22 * tm.n_bars + 110,
        y_range=FactorRange(*reversed(words)),
    )
    source = ColumnDataSource(data=data)
    fig.hbar(
        y="term",
        right="corpus",
        height=0.8,
        source=source,
        fill_color="#d0d0d0",
        line_color=None,
        legend_label="in the whole corpus",
    )
    fig.hbar(
        y="term",
        right="in_topic",
        height=0.8,
        source=source,
        fill_color=charts.PALETTE[4],
        line_color=None,
        legend_label="from this topic",
    )
    fmt = charts.fitting_format(tm.terms["corpus"])
    fig.xaxis.axis_label = f"occurrences per {termmap.PER_WORDS:,} modelled words"
    fig.xaxis.formatter = NumeralTickFormatter(format=fmt)
    fig.x_range.start = 0
    fig.ygrid.grid_line_color = None
    tips = [
        ("term", "@term"),
        ("whole corpus", f"@corpus{{{charts.fitting_format(tm.terms['corpus'], 1)}}}"),
        ("from this topic", f"@in_topic{{{charts.fitting_format(tm.terms['corpus'], 1)}}}"),
        ("relevance", "@relevance{0.00}"),
    ]
    add_hover(fig, tips, fig.renderers[-1:])
    charts.legend_below(fig)
    return fig
