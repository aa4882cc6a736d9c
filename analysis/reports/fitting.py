"""What keeps a chart readable at any corpus: labels that fit their axis, legends that fit the
page, tick formats that fit the values.

Why a module of its own: the charts of a 40-article corpus and of one with 14 outlets named "The
Northern Valley Evening Chronicle and Gazette" come from the same builders
(:mod:`analysis.reports.charts`). An analyst found outlet names turned on their side and over one
another, a legend whose first entry was cut off, term weights ticked "0, 0, 0, 0.01" and article
titles at 45°; each rule here answers one of these, and ``tests/test_chart_shots.py`` checks them
in Chromium at 1,300 px.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

import numpy as np

__all__ = [
    "CHAR_PX",
    "FIT_WIDTH",
    "LONG_LABEL",
    "SHORT_LABEL",
    "category_labels",
    "fitting_format",
    "legend_below",
    "shown_names",
    "upright_px",
]

#: Width (px) a legend's rows and a category axis's labels are fitted into: an 800 px page less
#: the axis and margins, so nothing is cut at the chart's edge on a report page or a narrower one.
FIT_WIDTH = 560
#: Pixels per character of a 12–13 px label (an average; a name too long is shortened).
CHAR_PX = 7.2
#: Longest category name drawn on a vertical axis, and upright under a horizontal one.
LONG_LABEL, SHORT_LABEL = 44, 18
#: Height (px) of one row of a legend below a chart.
LEGEND_ROW_PX = 24


def fitting_format(values: Iterable[float], extra: int = 0) -> str:
    """A numeral.js format with as many decimals as ticks over ``values`` need to differ: term
    weights of 0.002–0.012 read "0.002, 0.004", not "0, 0, 0, 0.01"; counts stay whole.
    ``extra`` decimals more for a tooltip (a value, not a tick)."""
    vals = np.asarray([v for v in values if v is not None], dtype=float)
    vals = vals[np.isfinite(vals)]
    if not vals.size:
        return "0,0.[00]"
    span = float(vals.max() - min(0.0, vals.min())) or float(np.abs(vals).max())
    digits = (max(0, min(8, math.ceil(-math.log10(span / 8)))) if span > 0 else 2) + extra
    return "0,0" if digits == 0 else f"0,0.[{'0' * digits}]"


def shown_names(names: Sequence[str], limit: int) -> dict[str, str]:
    """Each name → the text an axis shows: the name, or its start and end around an ellipsis when
    longer than ``limit`` characters ("A fairly long…story number 17": titles that share a start
    stay apart; a closing "(n = 12 articles)" is kept whole); two that still read alike get their
    rank added. The whole name is in the tooltip."""
    shown: dict[str, str] = {}
    seen: dict[str, int] = {}
    for name in dict.fromkeys(map(str, names)):
        text = name
        if len(name) > limit:
            note = re.search(r"\s\([^()]*\)$", name)
            tail = len(note.group()) if note and len(note.group()) <= limit // 2 else max(4, limit // 3)
            text = name[: limit - tail - 1].rstrip() + "…" + name[-tail:]
        seen[text] = seen.get(text, 0) + 1
        shown[name] = text if seen[text] == 1 else f"{text} ({seen[text]})"
    return shown


def category_labels(names: Sequence[str], across: bool) -> tuple[dict[str, str], bool]:
    """(name → shown text, upright) for a categorical axis. A vertical axis (``across`` False)
    reads its names across, shortened to :data:`LONG_LABEL`. A horizontal one keeps them whole and
    flat when they fit side by side in :data:`FIT_WIDTH`; else shortened to :data:`SHORT_LABEL`
    and upright (90°: a slant of 45° is what readers could not read)."""
    names = list(dict.fromkeys(map(str, names)))
    if not across:
        return shown_names(names, LONG_LABEL), False
    widest = max(map(len, names), default=0) * CHAR_PX + 10
    if widest * len(names) <= FIT_WIDTH:
        return {n: n for n in names}, False
    return shown_names(names, SHORT_LABEL), True


def upright_px(shown: Iterable[str]) -> int:
    """Height (px) the upright labels of a horizontal axis take."""
    return int(max((len(s) for s in shown), default=0) * CHAR_PX + 12)


def legend_below(fig, has_legend: bool = True) -> None:
    """Put the legend under the plot, in as many columns as fit :data:`FIT_WIDTH`, and make the
    figure taller by its rows: it hides no data, no entry runs off the chart's edge (one row of six
    long topic labels did: BokehJS centres it and cuts both ends) and the plot keeps its height.
    Nothing when there are no groups."""
    if not has_legend or not fig.legend:
        return
    legend = fig.legend[0]
    labels = [text for item in legend.items for text in item_labels(item)]
    widest = max(map(len, labels), default=1)
    cols = max(1, min(len(labels) or 1, int(FIT_WIDTH // (widest * CHAR_PX + 40))))
    legend.orientation = "horizontal"
    legend.ncols = cols
    legend.click_policy = "hide"
    fig.add_layout(legend, "below")
    if fig.height:
        fig.height += LEGEND_ROW_PX * math.ceil(max(1, len(labels)) / cols) + 16


def item_labels(item) -> list[str]:
    """The texts one legend item stands for: its label, or the values of its ``legend_field``
    column (one entry each in the drawn legend)."""
    label = item.label
    field = getattr(label, "field", None)
    if field is None:
        value = getattr(label, "value", label)
        return [str(value)] if value is not None else []
    source = item.renderers[0].data_source if item.renderers else None
    return sorted({str(v) for v in source.data.get(field, [])}) if source is not None else []
