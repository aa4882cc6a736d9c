"""Figures of a topic model: top terms per topic, the intertopic distance map, topic shares.

Each function takes tables (from the model's attributes or :mod:`analysis.topics.tables`) and
returns a matplotlib Figure made with :func:`analysis.reports.figures.figure`; notebooks show it with
:func:`analysis.reports.figures.show` and alt text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.reports.figures import figure

BAR_COLOUR = "#2e6da4"


def top_terms(topic_terms: pd.DataFrame, labels: Sequence[str] | None = None, n: int = 8) -> Figure:
    """Horizontal bars of each topic's top ``n`` terms and weights, one panel per topic."""
    topics = sorted(topic_terms["topic"].unique())
    cols = min(3, max(1, len(topics)))
    rows = max(1, math.ceil(len(topics) / cols))
    fig, axes = figure(4.0 * cols, 2.4 * rows, nrows=rows, ncols=cols, squeeze=False)
    for ax in axes.ravel()[len(topics) :]:
        ax.set_axis_off()
    for ax, t in zip(axes.ravel(), topics):
        sub = topic_terms[(topic_terms["topic"] == t) & (topic_terms["rank"] < n)]
        sub = sub.sort_values("rank", ascending=False)
        ax.barh(sub["term"].astype(str), sub["weight"], color=BAR_COLOUR)
        title = f"topic {t}" + (f": {labels[t]}" if labels is not None else "")
        ax.set_title(title, fontsize=9)
        ax.tick_params(labelsize=8)
        ax.set_xlabel("weight in topic", fontsize=8)
    fig.tight_layout()
    return fig


def intertopic_map(coords: pd.DataFrame) -> Figure:
    """Topics as circles at their 2-D positions (:func:`analysis.topics.intertopic_map`), area
    proportional to their share."""
    fig, ax = figure(6.5, 5.0)
    sizes = 3000 * coords["share"].to_numpy() + 30
    ax.scatter(coords["x"], coords["y"], s=sizes, alpha=0.35, color=BAR_COLOUR, edgecolor="#1b3f63")
    for _, r in coords.iterrows():
        ax.annotate(
            f"{int(r['topic'])}: {r['label']}", (r["x"], r["y"]), fontsize=8, ha="center", va="center"
        )
    ax.set_xlabel("dimension 1 (Jensen-Shannon MDS)")
    ax.set_ylabel("dimension 2")
    ax.margins(0.25)
    ax.set_title("Intertopic distance map: near circles share vocabulary")
    fig.tight_layout()
    return fig


def shares(shares: pd.DataFrame, labels: Sequence[str] | None = None, max_groups: int = 30) -> Figure:
    """Stacked bars of the mean topic shares per group (outlet or period, from
    :func:`analysis.topics.topic_shares`); at most ``max_groups`` groups (the largest) so a big
    corpus still gives a readable figure."""
    wide = shares.pivot_table(index="group", columns="topic", values="share", fill_value=0.0)
    sizes = shares.drop_duplicates("group").set_index("group")["n_docs"]
    if len(wide) > max_groups:
        wide = wide.loc[sizes.sort_values(ascending=False).index[:max_groups]].sort_index()
    fig, ax = figure(7.5, 0.35 * len(wide) + 1.6)
    left = np.zeros(len(wide))
    cmap = plt.get_cmap("tab20")
    for i, t in enumerate(wide.columns):
        name = f"{t}: {labels[t]}" if labels is not None else f"topic {t}"
        ax.barh(wide.index.astype(str), wide[t], left=left, color=cmap(i % 20), label=name)
        left += wide[t].to_numpy()
    ax.set_xlabel("mean topic share of the articles")
    ax.set_xlim(0, 1)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    fig.tight_layout()
    return fig
