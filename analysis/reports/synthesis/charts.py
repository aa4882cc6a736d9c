"""Interactive charts of the synthesis report: bars with their 95% intervals and n on hover (Bokeh).

Why bars with whiskers of our own: the shared builders of :mod:`analysis.reports.charts` draw a
value and its n, but a share of voice or a mean tone compared between groups needs its interval
drawn, so that "RU 40% vs US 30%" on 12 quotes looks as uncertain as it is. Built on
:func:`analysis.reports.charts.new_figure` and :func:`~analysis.reports.charts.group_colours`, so
these charts look, zoom and colour groups like every other report's; tooltips are
``(label, "@field")`` pairs (escaped by BokehJS).
"""

from __future__ import annotations

import pandas as pd

from analysis.reports import charts


def interval_bars(
    data: pd.DataFrame,
    category: str,
    value: str,
    low: str,
    high: str,
    *,
    n: str,
    group: str | None = None,
    title: str = "",
    value_label: str = "",
    share: bool = True,
    n_label: str = "attributions",
    category_label: str | None = None,
):
    """Horizontal bars of ``value`` per ``category`` (side by side per ``group`` when a category
    has several) with whiskers from ``low`` to ``high``; hover gives the value, its interval and
    ``n``. ``share``: values are proportions, shown as % on a 0–100% axis; else a diverging
    value such as tone, with a line at 0."""
    from bokeh.models import ColumnDataSource, FactorRange, HoverTool, NumeralTickFormatter, Span, Whisker

    if data.empty:
        return charts.empty_chart(title)
    frame = pd.DataFrame(
        {
            "cat": data[category].astype(str).to_numpy(),
            "grp": data[group].astype(str).to_numpy() if group else "",
            "val": data[value].astype(float).to_numpy(),
            "n": data[n].to_numpy(),
        }
    )
    frame["low"] = data[low].astype(float).fillna(data[value].astype(float)).to_numpy()
    frame["high"] = data[high].astype(float).fillna(data[value].astype(float)).to_numpy()
    fmt = "0%" if share else "+0.00"
    frame["shown"] = [_number(v, share) for v in frame["val"]]
    frame["interval"] = [
        f"{_number(lo, share)} to {_number(hi, share)}" if lo != hi else "not enough data"
        for lo, hi in zip(frame["low"], frame["high"])
    ]
    nested = bool(group) and frame["cat"].duplicated().any()
    factors = list(zip(frame["cat"], frame["grp"])) if nested else frame["cat"].tolist()
    frame["colour"] = frame["grp"].map(charts.group_colours(frame["grp"])) if group else charts.PALETTE[5]
    source = ColumnDataSource(data={**{c: frame[c].tolist() for c in frame.columns}, "factor": factors})
    fig = charts.new_figure(
        title,
        height=max(180, 24 * len(factors) + 110),
        y_range=FactorRange(*reversed(list(dict.fromkeys(factors)))),
    )
    extra = {"legend_field": "grp"} if group else {}
    bars = fig.hbar(
        y="factor", right="val", height=0.8, source=source, fill_color="colour", line_color=None, **extra
    )
    fig.add_layout(
        Whisker(
            base="factor", lower="low", upper="high", dimension="width", source=source, line_color="#333333"
        )
    )
    if share:
        fig.x_range.start, fig.x_range.end = 0, 1
    else:  # the range must hold the whiskers, which Bokeh's automatic range ignores
        lo, hi = min(0.0, float(frame["low"].min())), max(0.0, float(frame["high"].max()))
        pad = 0.05 * ((hi - lo) or 1.0)
        fig.x_range.start, fig.x_range.end = lo - pad, hi + pad
        fig.add_layout(Span(location=0, dimension="height", line_color="#333333", line_width=1))
    if nested:  # group names (topics, outlets) read across, not rotated along the axis
        fig.yaxis.group_label_orientation = "horizontal"
        fig.yaxis.group_text_font_size = "12px"
    fig.xaxis.axis_label, fig.xaxis.formatter = value_label or value, NumeralTickFormatter(format=fmt)
    fig.ygrid.grid_line_color = None
    tips = [(category_label or category, "@cat")] + ([(group, "@grp")] if group else [])
    tips += [(value_label or value, "@shown"), ("95% interval", "@interval"), (n_label, "@n{0,0}")]
    fig.add_tools(HoverTool(tooltips=tips, renderers=[bars]))
    charts.legend_below(fig, bool(group))
    return fig


def _number(value: float, share: bool) -> str:
    return f"{value:.0%}" if share else f"{value:+.2f}"


def side_shares_chart(long: pd.DataFrame, by: str, title: str):
    """Share of each group's attributions per side, each group (a ``by``: topic, outlet) named with
    its n (the ``label`` of :func:`analysis.reports.synthesis.views.side_shares`)."""
    return interval_bars(
        long,
        "label",
        "share",
        "low",
        "high",
        n="n",
        group="side",
        title=title,
        value_label="share of attributions",
        category_label=by,
    )


def speaker_tone_chart(tone: pd.DataFrame):
    """Mean tone per speaker with its interval, coloured by side (from ``views.speaker_tone``)."""
    return interval_bars(
        tone,
        "speaker",
        "tone",
        "low",
        "high",
        n="n",
        group="side",
        share=False,
        title="Mean tone of each speaker's attributions",
        value_label="mean tone",
        n_label="scored attributions",
    )
