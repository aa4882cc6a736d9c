"""Figures of the outlets report. Each takes a view (:mod:`analysis.outlets.views`) and returns a
matplotlib Figure made with :func:`analysis.plots.figure`; the notebook shows it with
:func:`analysis.plots.show`. An empty view gives a figure that says why it is empty.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.outlets.classifier import UNKNOWN
from analysis.plots import SIDE_COLOURS, empty_note, figure

_BLUE = "#2e6da4"
_GREY = SIDE_COLOURS["unknown"]


def predictions(counts: pd.Series, accuracy: pd.Series, n_unlabelled: int) -> Figure:
    """Left: answers given to the articles without a stated outlet (``"unknown"`` in grey), from
    :func:`~analysis.outlets.views.predicted_counts`. Right: out-of-fold share right per known
    outlet, from :func:`~analysis.outlets.views.out_of_fold_accuracy`."""
    fig, (left, right) = figure(10, 3.8, ncols=2)
    if len(counts) and not (counts.index == UNKNOWN).all():
        names = list(counts.index[::-1])
        left.barh(names, counts.values[::-1], color=[_GREY if o == UNKNOWN else _BLUE for o in names])
        left.set_xlabel("articles without a stated outlet")
        left.set_title("Predicted outlet")
    else:
        empty_note(left, f"{n_unlabelled} article(s) without an outlet;\nall answers 'unknown'")
    if len(accuracy):
        right.barh(accuracy.index[::-1], accuracy.values[::-1], color=_BLUE)
        right.set_xlim(0, 1)
        right.set_xlabel("share predicted right (out-of-fold)")
        right.set_title("Check on known outlets")
    else:
        empty_note(right, "too few known articles per outlet\nto check the model")
    fig.tight_layout()
    return fig


def reuse_matrix(matrix: pd.DataFrame) -> Figure:
    """Heat map of a :func:`~analysis.outlets.reuse_matrix` table: row = source, column = target,
    darker = larger share of the target reused."""
    fig, ax = figure(6.5, 5.5)
    if not matrix.size:
        empty_note(ax, "no shared passages")
        return fig
    values = matrix.to_numpy()
    image = ax.imshow(values, cmap="Blues", vmin=0, vmax=max(0.05, values.max()))
    ax.set_xticks(range(len(matrix.columns)), [str(c)[:12] for c in matrix.columns], rotation=60, ha="right")
    ax.set_yticks(range(len(matrix.index)), [str(c)[:12] for c in matrix.index])
    ax.set_xlabel("target (reuses)")
    ax.set_ylabel("source")
    fig.colorbar(image, ax=ax, label="share of target reused")
    return fig


def cited(counts: pd.DataFrame) -> Figure:
    """Articles citing each outlet, coloured by the outlet's side, from
    :func:`~analysis.outlets.views.citing_articles`."""
    fig, ax = figure(7, 3.5)
    if len(counts):
        ax.barh(
            counts["cited"], counts["articles"], color=[SIDE_COLOURS.get(s, _GREY) for s in counts["side"]]
        )
        ax.set_xlabel("articles citing the outlet")
    else:
        empty_note(ax, "no article cites a listed outlet")
    return fig
