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

import hashlib
from collections.abc import Iterable, Sequence

import pandas as pd

__all__ = ["PALETTE", "SIDE_COLOURS", "bar", "group_colours", "heatmap", "line", "scatter"]

#: Colours of the sides, used by every report so a reader learns them once.
SIDE_COLOURS = {"RU": "#c0392b", "US": "#2e6da4", "other": "#7f8c8d", "unknown": "#bdc3c7"}

#: Colours for groups that are not sides (outlets, topics, speakers): colour-blind-friendly
#: (Okabe–Ito and Tableau's set), none of them close to a side colour.
PALETTE = (
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#0072b2",
    "#f0e442",
    "#8c564b",
    "#9467bd",
    "#17becf",
    "#bcbd22",
    "#ff9da7",
    "#76b7b2",
    "#b07aa1",
    "#59a14f",
    "#edc948",
    "#9c755f",
    "#4e79a7",
    "#f28e2b",
    "#e15759",
)
#: Tools on every chart: pan and zoom, box zoom, reset, save as PNG (nothing leaves the page).
TOOLS = "pan,wheel_zoom,box_zoom,reset,save"
#: Number formats (numeral.js, as BokehJS uses) for tooltips and axes.
NUMBER = "0,0.[00]"
SHARE = "0.[0]%"
INTEGER = "0,0"


def group_colours(groups: Iterable[str]) -> dict[str, str]:
    """A colour for each group name, the same for that name in every report.

    The sides (RU, US, other, unknown) keep :data:`SIDE_COLOURS`. Any other name
    gets a colour of :data:`PALETTE` chosen by a hash of the name, so "TASS" is the same orange in
    every chart of every report without a shared registry. When two names of one chart hash to
    the same colour, the name later in alphabetical order takes the next free colour (two groups
    must never look alike in one chart); with more than 20 groups colours repeat.
    """
    names = sorted({str(g) for g in groups})
    colours: dict[str, str] = {n: SIDE_COLOURS[n] for n in names if n in SIDE_COLOURS}
    taken: set[str] = set()
    for name in (n for n in names if n not in SIDE_COLOURS):
        start = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big") % len(PALETTE)
        for step in range(len(PALETTE)):
            colour = PALETTE[(start + step) % len(PALETTE)]
            if colour not in taken or len(taken) >= len(PALETTE):
                break
        colours[name] = colour
        taken.add(colour)
    return colours


# --- shared pieces -----------------------------------------------------------------------------


def new_figure(title: str, *, height: int = 320, **kwargs):
    """A Bokeh figure that stretches to its container (800 px pages) with our tools and no logo."""
    from bokeh.plotting import figure

    fig = figure(
        title=title or None,
        height=height,
        sizing_mode="stretch_width",
        tools=TOOLS,
        toolbar_location="above",
        **kwargs,
    )
    fig.toolbar.logo = None
    if fig.title is not None:
        fig.title.text_font_size = "13px"
    return fig


def empty_chart(title: str, message: str = "No data to show."):
    """A small figure that says why there is nothing to plot (instead of empty axes)."""
    from bokeh.models import Label

    fig = new_figure(title, height=120, x_range=(0, 1), y_range=(0, 1))
    fig.add_layout(
        Label(x=0.5, y=0.5, text=message, text_align="center", text_baseline="middle", text_color="#555555")
    )
    fig.axis.visible = False
    fig.grid.visible = False
    return fig


def _source(frame: pd.DataFrame):
    """A ColumnDataSource of the frame's columns (from a dict: Bokeh's DataFrame path warns on pandas 3)."""
    from bokeh.models import ColumnDataSource

    return ColumnDataSource(
        data={
            str(c): frame[c].tolist() if frame[c].dtype == object else frame[c].to_numpy()
            for c in frame.columns
        }
    )


def _hover(fig, tooltips: list[tuple[str, str]], renderers=None, mode: str = "mouse") -> None:
    from bokeh.models import HoverTool

    fig.add_tools(HoverTool(tooltips=tooltips, renderers=renderers or "auto", mode=mode))


def _number_format(value_format: str) -> str:
    return {"share": SHARE, "int": INTEGER, "number": NUMBER}.get(value_format, value_format)


def _n_tip(n: str | None, n_label: str) -> list[tuple[str, str]]:
    return [(n_label, "@n{0,0}")] if n else []


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
    frame["factor"] = list(zip(frame["cat"], frame["grp"])) if nested else frame["cat"]
    colours = group_colours(frame["grp"]) if group else {}
    frame["colour"] = frame["grp"].map(colours) if group else PALETTE[5]
    factors = list(dict.fromkeys(frame["factor"]))
    source = _source(frame)
    fmt = _number_format(value_format)
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
    else:
        fig = new_figure(title, x_range=rng)
        fig.vbar(
            x="factor", top="val", width=0.8, source=source, fill_color="colour", line_color=None, **extra
        )
        fig.yaxis.axis_label, fig.yaxis.formatter = label, NumeralTickFormatter(format=fmt)
        if len(factors) > 6 or max(len(str(f)) for f in factors) > 12:
            fig.xaxis.major_label_orientation = 0.8
        fig.xgrid.grid_line_color = None
    tips = [(category, "@cat")] + ([(group, "@grp")] if group else []) + [(label, f"@val{{{fmt}}}")]
    _hover(fig, tips + _n_tip(n, n_label))
    _legend_below(fig, bool(group))
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
    fmt = _number_format(value_format)
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
        source = _source(frame)
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
    _hover(fig, tips + _n_tip(n, n_label), renderers=markers)
    _legend_below(fig, bool(group))
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

    For maps such as the intertopic distance map: ``label`` holds the topic's top terms, ``size``
    its weight (scaled to 8–40 px), ``group`` a colour with a legend.
    """

    if data.empty:
        return empty_chart(title)
    frame = pd.DataFrame(
        {"x": data[x].astype(float), "y": data[y].astype(float), "label": data[label].astype(str)}
    )
    frame["grp"] = data[group].astype(str).to_numpy() if group else ""
    colours = group_colours(frame["grp"]) if group else {"": PALETTE[5]}
    frame["colour"] = frame["grp"].map(colours)
    weights = data[size].astype(float) if size else pd.Series(1.0, index=data.index)
    span = float(weights.max() - weights.min())
    frame["size"] = (
        8 + 32 * (weights - weights.min()) / span if span > 0 else pd.Series(14.0, index=data.index)
    ).to_numpy()
    for j, col in enumerate(hover):
        frame[f"h{j}"] = data[col].to_numpy()
    fig = new_figure(title, height=420, active_scroll="wheel_zoom")
    extra = {"legend_field": "grp"} if group else {}
    fig.scatter(
        "x",
        "y",
        size="size",
        source=_source(frame),
        fill_color="colour",
        fill_alpha=0.6,
        line_color="#333333",
        **extra,
    )
    fig.xaxis.axis_label, fig.yaxis.axis_label = x_label or x, y_label or y
    fig.x_range.range_padding = fig.y_range.range_padding = 0.2  # big markers at the edge stay whole
    tips = [(label, "@label")] + ([(group, "@grp")] if group else [])
    tips += [(col, f"@h{j}") for j, col in enumerate(hover)]
    _hover(fig, tips)
    _legend_below(fig, bool(group))
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
    """
    from bokeh.models import BasicTicker, ColorBar, FactorRange, NumeralTickFormatter
    from bokeh.palettes import Blues256, RdBu11
    from bokeh.transform import linear_cmap

    if data.empty:
        return empty_chart(title)
    frame = pd.DataFrame(
        {"x": data[x].astype(str), "y": data[y].astype(str), "val": data[value].astype(float)}
    )
    frame["n"] = data[n].to_numpy() if n else 0
    xs, ys = list(dict.fromkeys(frame["x"])), list(dict.fromkeys(frame["y"]))
    fig = new_figure(
        title,
        height=max(200, 28 * len(ys) + 120),
        x_range=FactorRange(*xs),
        y_range=FactorRange(*reversed(ys)),
    )
    top = float(frame["val"].abs().max()) or 1.0
    if diverging:
        palette, low, high = list(reversed(RdBu11)), -top, top  # negative red, positive blue
    else:
        palette, low, high = list(reversed(Blues256))[20:], min(0.0, float(frame["val"].min())), top
    mapper = linear_cmap("val", palette, low, high)
    fig.rect("x", "y", width=1, height=1, source=_source(frame), fill_color=mapper, line_color="white")
    fmt = _number_format(value_format)
    bar_ = ColorBar(
        color_mapper=mapper.transform,
        ticker=BasicTicker(desired_num_ticks=5),
        formatter=NumeralTickFormatter(format=fmt),
        width=10,
    )
    fig.add_layout(bar_, "right")
    fig.xaxis.axis_label, fig.yaxis.axis_label = x, y
    if len(xs) > 6 or max(map(len, xs)) > 12:
        fig.xaxis.major_label_orientation = 0.8
    fig.grid.grid_line_color = None
    tips = [(x, "@x"), (y, "@y"), (value_label or value, f"@val{{{fmt}}}")] + _n_tip(n, n_label)
    _hover(fig, tips)
    return fig


def _legend_below(fig, has_legend: bool) -> None:
    """Put the legend under the plot, horizontal, so it hides no data (or none when no groups)."""
    if not has_legend or not fig.legend:
        return
    legend = fig.legend[0]
    fig.legend.orientation = "horizontal"
    fig.legend.click_policy = "hide"
    fig.add_layout(legend, "below")
