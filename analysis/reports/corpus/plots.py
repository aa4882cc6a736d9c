"""Static figures of the corpus report (matplotlib, returned as Figures: ``analysis.reports.figures.show``)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analysis.reports.figures import empty_note, figure


def lengths(docs: pd.DataFrame) -> Figure:
    """Histogram of the analysed articles' lengths in words (whole articles on the count axis)."""
    fig, ax = figure(7, 3)
    words = docs.loc[docs["analysed"], "n_words"].dropna()
    if words.empty:
        empty_note(ax, "no article was analysed")
        return fig
    bins = min(30, max(5, len(words) // 3))
    ax.hist(words, bins=bins, color="#7f8c8d", edgecolor="white")
    ax.set_xlabel("words per article")
    ax.set_ylabel("articles")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.spines[["top", "right"]].set_visible(False)
    return fig
