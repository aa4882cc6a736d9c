"""Figures of the sources report: each takes the attributions table (or a view of it) and
returns a matplotlib Figure made with :func:`analysis.reports.figures.figure`; the notebook shows it."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.reports.sources.views import cue_verbs_by_side, side_balance, speaker_counts
from analysis.reports.figures import SIDE_COLOURS, empty_note, figure


def plot_speakers(table: pd.DataFrame, top: int = 15) -> Figure:
    """Horizontal bars: attributions per speaker, stacked by type, coloured edge by side."""
    c = speaker_counts(table, top=top).iloc[::-1]
    fig, ax = figure(7, max(2.5, 0.35 * len(c) + 1))
    if c.empty:
        empty_note(ax, "no attributions found")
        return fig
    left = pd.Series(0, index=c.index)
    for typ, colour in (("direct", "#34495e"), ("mixed", "#7f8c8d"), ("indirect", "#bdc3c7")):
        ax.barh(
            c["speaker"],
            c[typ],
            left=left,
            color=colour,
            label=typ,
            edgecolor=[SIDE_COLOURS.get(s, "#999") for s in c["side"]],
            linewidth=1.5,
        )
        left = left + c[typ]
    ax.set_xlabel("attributions")
    ax.legend(loc="lower right", frameon=False)
    for tick, side in zip(ax.get_yticklabels(), c["side"]):
        tick.set_color(SIDE_COLOURS.get(side, "#333"))
    ax.set_title("Who is quoted (label colour = side)")
    return fig


def plot_side_balance(table: pd.DataFrame, docs: pd.DataFrame | None = None) -> Figure:
    """Stacked bars: share of attributions per side, per outlet."""
    b = side_balance(table, docs)
    fig, ax = figure(7, max(2.5, 0.45 * len(b) + 1))
    if b.empty:
        empty_note(ax, "no attributions found")
        return fig
    left = pd.Series(0.0, index=b.index)
    sides = [c[: -len("_share")] for c in b.columns if c.endswith("_share")]
    for k, s in enumerate(sides):
        ax.barh(b["outlet"], b[f"{s}_share"], left=left, color=colour_of(s, k), label=s)
        left = left + b[f"{s}_share"]
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of attributions")
    ax.legend(ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.25), frameon=False)
    ax.set_title("Voice balance by outlet")
    return fig


def colour_of(group: str, k: int) -> str:
    """The house colour of a group when it has one, else the k-th of a qualitative palette."""
    palette = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c")
    return SIDE_COLOURS.get(group) or palette[k % len(palette)]


def plot_cues(table: pd.DataFrame, top: int = 8) -> Figure:
    """Per side, the most frequent cue words; loaded verbs hatched."""
    c = cue_verbs_by_side(table, top=top)
    known = [g for g in c["side"].value_counts().index if g != "unknown"][:2]
    c = c[c["side"].isin(known)]
    fig, ax = figure(7, max(2.5, 0.3 * len(c) + 1))
    if c.empty:
        empty_note(ax, "no attributions with a cue from a known group")
        return fig
    labels = c["side"] + ": " + c["cue"]
    order = {g: k for k, g in enumerate(known)}
    bars = ax.barh(labels[::-1], c["share"][::-1], color=[colour_of(s, order[s]) for s in c["side"][::-1]])
    for bar, loaded in zip(bars, c["loaded"][::-1]):
        if loaded:
            bar.set_hatch("//")
            bar.set_edgecolor("white")
    ax.set_xlabel("share of the side's attributions with a cue (hatched = loaded verb)")
    ax.set_title("Cue verbs per side")
    return fig


def plot_matrix(matrix: pd.DataFrame) -> Figure:
    """Heat map of a speaker × article (or outlet) matrix with counts in the cells."""
    fig, ax = figure(max(5, 0.9 * max(1, matrix.shape[1]) + 3), max(2.5, 0.35 * max(1, matrix.shape[0]) + 1))
    if matrix.empty:
        empty_note(ax, "no attributions found")
        return fig
    vals = matrix.fillna(0).to_numpy()
    ax.imshow(vals, cmap="Blues", aspect="auto")
    ax.set_yticks(range(matrix.shape[0]), matrix.index)
    ax.set_xticks(range(matrix.shape[1]), [str(c)[:18] for c in matrix.columns], rotation=45, ha="right")
    for i in range(vals.shape[0]):
        for j in range(vals.shape[1]):
            if vals[i, j]:
                ax.text(
                    j,
                    i,
                    int(vals[i, j]),
                    ha="center",
                    va="center",
                    color="white" if vals[i, j] > vals.max() / 2 else "black",
                    fontsize=8,
                )
    ax.set_title("Attributions per speaker and article")
    return fig
