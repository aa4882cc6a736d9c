"""Chart builders for the reports (Bokeh): bars, time series, scatter maps and heat maps with hover.

Why Bokeh: its JavaScript (``bokeh.min.js``, about 1.3 MB) ships in the wheel and is embedded once
per report that has a chart, so charts work offline and stay inside the 5 MB report budget
(Plotly's bundle alone is 4.8 MB). Each builder takes a DataFrame and column names and returns a
Bokeh figure; a notebook shows it with :func:`analysis.reports.widgets.chart` and alt text.

Every builder:

- fits an 800 px page (``stretch_width``; labels on the long axis of bar charts are categories,
  so long outlet or speaker names stay readable),
- gives tooltips as ``(label, "@field")`` pairs, which BokehJS escapes: corpus text in a label
  never becomes HTML,
- colours groups with :func:`group_colours`, the same colour for a name in every report,
- shows ``n`` (articles, quotes...) in the tooltip when given, since a share of 2 means little.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.reports.chartbase import (
    INTEGER,
    NOT_COMPARED,
    NUMBER,
    PALETTE,
    SHARE,
    SIDE_COLOURS,
    TOOLS,
    add_hover,
    empty_chart,
    group_colours,
    n_tip,
    new_figure,
    number_format,
    source_of,
)
from analysis.reports.fitting import category_labels, fitting_format, legend_below, upright_px

__all__ = [
    "INTEGER",
    "NOT_COMPARED",
    "NUMBER",
    "PALETTE",
    "SHARE",
    "SIDE_COLOURS",
    "TOOLS",
    "bar",
    "empty_chart",
    "fitting_format",
    "group_colours",
    "heatmap",
    "legend_below",
    "line",
    "new_figure",
    "scatter",
    "stacked_bar",
]


# --- builders --------------------------------------------------------------------------------


def bar(
    data: pd.DataFrame,
    category: str,
    value: str,
    *,
    n: str | None = None,
    group: str | None = None,
    title: str = "",
    value_label: str | None = None,
    n_label: str = "n",
    value_format: str = "number",
    horizontal: bool = True,
):
    """Bars of ``value`` per ``category``; hover gives category, value and ``n``.

    ``group`` colours the bars (one colour per group, with a legend); when a category has several
    groups, they stand side by side. ``value_format`` is ``"number"``, ``"int"``, ``"share"``
    (values 0–1 shown as %) or a numeral.js format. Horizontal by default: category names (outlets,
    speakers) are long and stay readable on the vertical axis.
    """
    from bokeh.models import FactorRange, NumeralTickFormatter

    if data.empty:
        return empty_chart(title)
    frame = pd.DataFrame({"cat": data[category].astype(str), "val": data[value].astype(float)})
    frame["n"] = data[n].to_numpy() if n else 0
    frame["grp"] = data[group].astype(str).to_numpy() if group else ""
    nested = bool(group) and frame["cat"].duplicated().any()
    shown, upright = category_labels(frame["cat"], across=not horizontal)
    frame["factor"] = (
        list(zip(frame["cat"].map(shown), frame["grp"])) if nested else frame["cat"].map(shown).tolist()
    )
    colours = group_colours(frame["grp"]) if group else {}
    frame["colour"] = frame["grp"].map(colours) if group else PALETTE[5]
    factors = list(dict.fromkeys(frame["factor"]))
    source = source_of(frame)
    fmt = number_format(value_format, frame["val"])
    tip_fmt = number_format(value_format, frame["val"], extra=1)
    label = value_label or value
    rng = FactorRange(*(reversed(factors) if horizontal else factors))
    extra = {"legend_field": "grp"} if group else {}
    if horizontal:
        fig = new_figure(title, height=max(180, 26 * len(factors) + 90), y_range=rng)
        fig.hbar(
            y="factor", right="val", height=0.8, source=source, fill_color="colour", line_color=None, **extra
        )
        fig.xaxis.axis_label, fig.xaxis.formatter = label, NumeralTickFormatter(format=fmt)
        fig.ygrid.grid_line_color = None
        if nested:  # group names (outlets, topics) read across, not turned along the axis
            fig.yaxis.group_label_orientation = "horizontal"
    else:
        fig = new_figure(title, height=320 + (upright_px(shown.values()) if upright else 0), x_range=rng)
        fig.vbar(
            x="factor", top="val", width=0.8, source=source, fill_color="colour", line_color=None, **extra
        )
        fig.yaxis.axis_label, fig.yaxis.formatter = label, NumeralTickFormatter(format=fmt)
        if upright:
            fig.xaxis.major_label_orientation = "vertical"
        fig.xgrid.grid_line_color = None
    tips = [(category, "@cat")] + ([(group, "@grp")] if group else []) + [(label, f"@val{{{tip_fmt}}}")]
    add_hover(fig, tips + n_tip(n, n_label))
    legend_below(fig, bool(group))
    return fig


def stacked_bar(
    data: pd.DataFrame,
    category: str,
    value: str,
    stack: str,
    *,
    n: str | None = None,
    title: str = "",
    value_label: str | None = None,
    n_label: str = "n",
    value_format: str = "share",
):
    """One horizontal bar per ``category`` made of its ``stack`` parts (topics of an outlet), each
    part as long as its ``value``; hover gives category, part, value and ``n``.

    Why stacked and not side by side: 14 outlets of 6 topics are 14 readable rows, not 84 bars under
    group names turned on their side; a part keeps its colour in every row and the legend.
    """
    from bokeh.models import FactorRange, NumeralTickFormatter

    if data.empty:
        return empty_chart(title)
    frame = pd.DataFrame(
        {
            "cat": data[category].astype(str).to_numpy(),
            "grp": data[stack].astype(str).to_numpy(),
            "val": data[value].astype(float).to_numpy(),
            "n": data[n].to_numpy() if n else 0,
        }
    )
    frame["right"] = frame.groupby("cat", sort=False)["val"].cumsum()
    frame["left"] = frame["right"] - frame["val"]
    frame["colour"] = frame["grp"].map(group_colours(frame["grp"]))
    shown, _ = category_labels(frame["cat"], across=False)
    frame["factor"] = frame["cat"].map(shown)
    factors = list(dict.fromkeys(frame["factor"]))
    fig = new_figure(title, height=max(180, 28 * len(factors) + 90), y_range=FactorRange(*reversed(factors)))
    fig.hbar(
        y="factor",
        left="left",
        right="right",
        height=0.8,
        source=source_of(frame),
        fill_color="colour",
        line_color="white",
        legend_field="grp",
    )
    fmt = number_format(value_format, frame["right"])
    label = value_label or value
    fig.xaxis.axis_label, fig.xaxis.formatter = label, NumeralTickFormatter(format=fmt)
    fig.x_range.start = 0
    fig.ygrid.grid_line_color = None
    tip_fmt = number_format(value_format, frame["val"], extra=1)
    add_hover(fig, [(category, "@cat"), (stack, "@grp"), (label, f"@val{{{tip_fmt}}}")] + n_tip(n, n_label))
    legend_below(fig)
    return fig


def line(
    data: pd.DataFrame,
    x: str,
    y: str,
    *,
    group: str | None = None,
    n: str | None = None,
    title: str = "",
    y_label: str | None = None,
    n_label: str = "n",
    value_format: str = "number",
):
    """A time series (or any ordered x) of ``y``, one line per ``group``; hover and zoom on x.

    Points are marked so a reader sees where the data are (two points make no trend); dates on
    the x axis are formatted by their span (day, month, year) and few enough not to overlap.
    """
    from bokeh.models import DatetimeTickFormatter, NumeralTickFormatter

    if data.empty:
        return empty_chart(title)
    is_time = (
        pd.api.types.is_datetime64_any_dtype(data[x])
        or data[x].map(lambda v: isinstance(v, pd.Timestamp)).all()
    )
    fig = new_figure(title, x_axis_type="datetime" if is_time else "linear", active_scroll="wheel_zoom")
    fmt = number_format(value_format, data[y].astype(float))
    groups = data[group].astype(str) if group else pd.Series("", index=data.index)
    colours = group_colours(groups) if group else {"": PALETTE[5]}
    markers = []
    for name in sorted(groups.unique()):
        part = data[groups == name].sort_values(x)
        frame = pd.DataFrame(
            {
                "x": pd.to_datetime(part[x]) if is_time else part[x],
                "y": part[y].astype(float),
                "n": part[n].to_numpy() if n else 0,
                "grp": name,
            }
        )
        if is_time:
            frame["when"] = frame["x"].dt.strftime("%Y-%m-%d")
        source = source_of(frame)
        legend = {"legend_label": name} if group else {}
        fig.line("x", "y", source=source, line_color=colours[name], line_width=2, **legend)
        markers.append(fig.scatter("x", "y", source=source, size=7, color=colours[name], **legend))
    if is_time:
        fig.xaxis.formatter = DatetimeTickFormatter(
            days="%d %b %Y", months="%b %Y", years="%Y", hours="%d %b %H:%M"
        )
        fig.xaxis.ticker.desired_num_ticks = 6
    fig.yaxis.axis_label, fig.yaxis.formatter = y_label or y, NumeralTickFormatter(format=fmt)
    fig.xaxis.axis_label = x
    tips = ([(group, "@grp")] if group else []) + [
        (x, "@when" if is_time else "@x"),
        (y_label or y, f"@y{{{fmt}}}"),
    ]
    add_hover(fig, tips + n_tip(n, n_label), renderers=markers)
    legend_below(fig, bool(group))
    return fig


def scatter(
    data: pd.DataFrame,
    x: str,
    y: str,
    *,
    label: str,
    group: str | None = None,
    size: str | None = None,
    hover: Sequence[str] = (),
    title: str = "",
    x_label: str | None = None,
    y_label: str | None = None,
):
    """Points at (``x``, ``y``) whose tooltip shows ``label`` and the ``hover`` columns.

    ``size`` (a weight such as a share) sets each marker's *area*: the largest is 40 px across
    and a weight a quarter of it half as wide (a share of 16% is not drawn a fifth of one of 44%);
    ``group`` a colour with a legend.
    """

    if data.empty:
        return empty_chart(title)
    frame = pd.DataFrame(
        {"x": data[x].astype(float), "y": data[y].astype(float), "label": data[label].astype(str)}
    )
    frame["grp"] = data[group].astype(str).to_numpy() if group else ""
    colours = group_colours(frame["grp"]) if group else {"": PALETTE[5]}
    frame["colour"] = frame["grp"].map(colours)
    weights = data[size].astype(float).clip(lower=0) if size else pd.Series(1.0, index=data.index)
    top = float(weights.max())
    frame["size"] = (40 * (weights / top) ** 0.5 if top > 0 else pd.Series(14.0, index=data.index)).to_numpy()
    for j, col in enumerate(hover):
        frame[f"h{j}"] = data[col].to_numpy()
    fig = new_figure(title, height=420, active_scroll="wheel_zoom")
    extra = {"legend_field": "grp"} if group else {}
    fig.scatter(
        "x",
        "y",
        size="size",
        source=source_of(frame),
        fill_color="colour",
        fill_alpha=0.6,
        line_color="#333333",
        **extra,
    )
    fig.xaxis.axis_label, fig.yaxis.axis_label = x_label or x, y_label or y
    fig.x_range.range_padding = fig.y_range.range_padding = 0.2  # big markers at the edge stay whole
    tips = [(label, "@label")] + ([(group, "@grp")] if group else [])
    tips += [(col, f"@h{j}") for j, col in enumerate(hover)]
    add_hover(fig, tips)
    legend_below(fig, bool(group))
    return fig


def heatmap(
    data: pd.DataFrame,
    x: str,
    y: str,
    value: str,
    *,
    n: str | None = None,
    title: str = "",
    value_label: str | None = None,
    n_label: str = "n",
    value_format: str = "number",
    diverging: bool = False,
):
    """Cells of ``value`` for each (``x``, ``y``) pair with a colour bar; hover gives both keys, value, n.

    ``diverging`` centres a red–blue scale on 0 (tone); else a light-to-dark blue scale from 0.
    The keys with the longer names (article titles) go on the vertical axis, where they read
    across; names too long for their axis are shortened (:func:`~analysis.reports.fitting.category_labels`,
    whole in the tooltip), never slanted.
    """
    from bokeh.models import BasicTicker, ColorBar, FactorRange, NumeralTickFormatter
    from bokeh.palettes import Blues256, RdBu11
    from bokeh.transform import linear_cmap

    if data.empty:
        return empty_chart(title)
    frame = pd.DataFrame({"x_name": data[x].astype(str), "y_name": data[y].astype(str)})
    if frame["x_name"].str.len().max() > frame["y_name"].str.len().max():
        frame.columns, (x, y) = ["y_name", "x_name"], (y, x)
    frame["val"], frame["n"] = data[value].astype(float).to_numpy(), data[n].to_numpy() if n else 0
    x_shown, upright = category_labels(frame["x_name"], across=True)
    y_shown, _ = category_labels(frame["y_name"], across=False)
    frame["x"], frame["y"] = frame["x_name"].map(x_shown), frame["y_name"].map(y_shown)
    xs, ys = list(dict.fromkeys(frame["x"])), list(dict.fromkeys(frame["y"]))
    fig = new_figure(
        title,
        height=max(200, 28 * len(ys) + 120) + (upright_px(xs) - 20 if upright else 0),
        x_range=FactorRange(*xs),
        y_range=FactorRange(*reversed(ys)),
    )
    top = float(frame["val"].abs().max()) or 1.0
    if diverging:
        palette, low, high = list(reversed(RdBu11)), -top, top  # negative red, positive blue
    else:
        palette, low, high = list(reversed(Blues256))[20:], min(0.0, float(frame["val"].min())), top
    mapper = linear_cmap("val", palette, low, high)
    fig.rect("x", "y", width=1, height=1, source=source_of(frame), fill_color=mapper, line_color="white")
    ticker = BasicTicker(desired_num_ticks=5, min_interval=1 if value_format == "int" else 0.0)
    fmt = number_format(value_format, frame["val"])
    fig.add_layout(
        ColorBar(
            color_mapper=mapper.transform, ticker=ticker, formatter=NumeralTickFormatter(format=fmt), width=10
        ),
        "right",
    )
    fig.xaxis.axis_label, fig.yaxis.axis_label = x, y
    if upright:
        fig.xaxis.major_label_orientation = "vertical"
    fig.grid.grid_line_color = None
    tip_fmt = number_format(value_format, frame["val"], extra=1)
    tips = [(x, "@x_name"), (y, "@y_name"), (value_label or value, f"@val{{{tip_fmt}}}")]
    add_hover(fig, tips + n_tip(n, n_label))
    return fig
