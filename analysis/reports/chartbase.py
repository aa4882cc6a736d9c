"""What every chart of the reports shares: colours, number formats, a figure with our tools, and
the small pieces the builders of :mod:`analysis.reports.charts` use (a data source, a tooltip).

Why apart from the builders: one place for the colours and formats a reader learns once (a side
is the same red in every report), and the builders' module stays short enough to read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pandas as pd

from analysis.reports.fitting import fitting_format

__all__ = [
    "INTEGER",
    "NOT_COMPARED",
    "NUMBER",
    "PALETTE",
    "SHARE",
    "SIDE_COLOURS",
    "TOOLS",
    "TRUSTED_SCRIPTS",
    "add_hover",
    "empty_chart",
    "group_colours",
    "n_tip",
    "new_figure",
    "number_format",
    "source_of",
    "trusted_script",
]

#: Colours of the sides, used by every report so a reader learns them once.
SIDE_COLOURS = {"RU": "#c0392b", "US": "#2e6da4", "other": "#7f8c8d", "unknown": "#bdc3c7"}

#: Fill of a mark that is shown but not compared (too few articles): hollow, with the dark outline
#: every dot has, so it never looks like the grey of ``unknown`` (a group that was compared).
NOT_COMPARED = "#ffffff"

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


#: The code of every ``CustomJS`` a report may carry: literals of this package registered by
#: :func:`trusted_script`. :func:`analysis.reports.widgets.check_chart` refuses any other, so no
#: script built from corpus text can reach a page; corpus text stays in data sources, drawn as text.
TRUSTED_SCRIPTS: set[str] = set()


def trusted_script(code: str) -> str:
    """Register ``code`` (a literal of this package, never built from data) as a script a chart
    may run, and return it."""
    TRUSTED_SCRIPTS.add(code)
    return code


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


def source_of(frame: pd.DataFrame):
    """A ColumnDataSource of the frame's columns (from a dict: Bokeh's DataFrame path warns on pandas 3)."""
    from bokeh.models import ColumnDataSource

    return ColumnDataSource(
        data={
            str(c): frame[c].tolist() if frame[c].dtype == object else frame[c].to_numpy()
            for c in frame.columns
        }
    )


def add_hover(fig, tooltips: list[tuple[str, str]], renderers=None, mode: str = "mouse") -> None:
    """A hover tool with ``(label, "@field")`` tooltips (escaped by BokehJS) on ``renderers``."""
    from bokeh.models import HoverTool

    fig.add_tools(HoverTool(tooltips=tooltips, renderers=renderers or "auto", mode=mode))


def number_format(value_format: str, values: Iterable[float] = (), extra: int = 0) -> str:
    """The numeral.js format of ``"share"``, ``"int"`` or ``"number"`` (decimals fitted to
    ``values``, :func:`~analysis.reports.fitting.fitting_format`), or a format given as is."""
    values = list(values)
    if value_format == "number":
        return fitting_format(values, extra) if values else NUMBER
    return {"share": SHARE, "int": INTEGER}.get(value_format, value_format)


def n_tip(n: str | None, n_label: str) -> list[tuple[str, str]]:
    """The tooltip line of ``n`` (articles, quotes...), when the chart has one."""
    return [(n_label, "@n{0,0}")] if n else []
