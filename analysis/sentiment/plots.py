"""The sentiment study's figures: each function takes tables of :mod:`analysis.sentiment.views`
and returns a matplotlib Figure (made with :func:`analysis.plots.figure`); notebooks show it
with :func:`analysis.plots.show`. Scores run from -1 (negative) to +1 (positive), so every
chart draws the zero line: which side of it a bar falls on is the finding.
"""

from __future__ import annotations

import pandas as pd
from matplotlib import dates as mdates
from matplotlib.figure import Figure

from analysis.plots import SIDE_COLOURS, empty_note, figure

_NEUTRAL = "#555"
_OTHER = "#999"


def _side_colour(side) -> str:
    return SIDE_COLOURS.get(side, _OTHER)


def outlet_tone(by_outlet: pd.DataFrame, max_rows: int = 10) -> Figure:
    """Bars of the mean compound of each outlet's articles (:func:`~analysis.sentiment.group_tone`),
    the ``max_rows`` outlets with most articles, the largest at the top."""
    shown = by_outlet.sort_values("n_articles", ascending=False).head(max_rows).iloc[::-1]
    fig, ax = figure(7, 0.5 + 0.4 * max(len(shown), 1))
    if shown.empty:
        empty_note(ax, "no articles")
        return fig
    ax.barh(shown["outlet"].astype(str), shown["mean_compound"], color=_NEUTRAL)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("mean compound of its articles (-1 negative, +1 positive)")
    ax.set_title("Tone per outlet")
    return fig


def tone_arc(along: pd.DataFrame, profile: pd.DataFrame, max_articles: int = 12) -> Figure:
    """Sentence compound along the articles: one thin line per article (the first
    ``max_articles`` of :func:`~analysis.sentiment.arc`) and the thick mean of
    :func:`~analysis.sentiment.arc_profile`."""
    fig, ax = figure()
    if profile.empty:
        empty_note(ax, "no sentences")
        return fig
    for doc_id in list(dict.fromkeys(along["doc_id"]))[:max_articles]:
        one = along[along["doc_id"] == doc_id]
        ax.plot(one["position"], one["compound"], color="#bbb", linewidth=0.8)
    ax.plot(
        profile["position"],
        profile["mean_compound"],
        color="black",
        linewidth=2.5,
        marker="o",
        label="mean over all articles",
    )
    ax.axhline(0, color="black", linewidth=0.5)
    ax.set_xlabel("position in the article (0 = lead, 1 = end)")
    ax.set_ylabel("compound")
    ax.legend(loc="lower left")
    return fig


def actor_tone(actors: pd.DataFrame, model: str = "news") -> Figure:
    """Bars of the mean score towards each actor (:func:`~analysis.sentiment.actor_tone` with
    ``by=None``), coloured by side, in the table's order from the top."""
    shown = actors.iloc[::-1]
    fig, ax = figure(7, 0.5 + 0.4 * max(len(shown), 1))
    if shown.empty:
        empty_note(ax, "no actor is mentioned")
        return fig
    ax.barh(shown["actor"], shown["mean_score"], color=[_side_colour(s) for s in shown["side"]])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(f"mean score towards the actor ({model} model)")
    ax.set_title("Sentiment towards each actor (red: Russian side, blue: US side)")
    return fig


def actor_trend(over_time: pd.DataFrame) -> Figure:
    """Lines of the mean score towards each actor per period (:func:`~analysis.sentiment.actor_tone`
    with ``by="date"``); with fewer than two periods the figure says there is no trend to draw."""
    fig, ax = figure()
    if over_time.empty or over_time["date"].nunique() < 2:
        empty_note(ax, "fewer than two dated months: no trend to draw")
        return fig
    for (actor, _side), g in over_time.groupby(["actor", "side"]):
        ax.plot(g["date"], g["mean_score"], marker="o", label=actor)
    ax.axhline(0, color="black", linewidth=0.5)
    locator = mdates.AutoDateLocator(minticks=2, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylabel("mean score towards the actor")
    ax.legend()
    return fig


def voice_tone(voices: pd.DataFrame) -> Figure:
    """Bars of the mean compound of the journalist's sentences and of quoted sentences per
    speaker's side (:func:`~analysis.sentiment.voice_tone` with ``by=("voice", "side")``)."""
    fig, ax = figure()
    if voices.empty:
        empty_note(ax, "no sentences")
        return fig
    sides = voices["side"].astype(object).where(voices["side"].notna(), "unknown")
    labels = [v if v == "author" else f"quote ({s})" for v, s in zip(voices["voice"], sides)]
    colours = [_NEUTRAL if v == "author" else _side_colour(s) for v, s in zip(voices["voice"], sides)]
    ax.bar(labels, voices["mean_compound"], color=colours)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylabel("mean compound")
    ax.tick_params(axis="x", rotation=30)
    return fig
