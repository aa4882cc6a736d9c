"""Everything the sentiment report (``notebooks/02_sentiment.ipynb``) shows, computed from the store.

Why one ``load``: the notebook only shows and explains; every table and the sentence that reads
it (``*_note``, hedged by n) is computed here, testable without a kernel.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.render.people import people_links, with_person_links
from analysis.reports.sentiment import charts, views
from analysis.reports.stats import MIN_N
from analysis.reports.synthesis.prose import groups_sentence

#: Report headers of the sentiment tables (column → header; a table shows those it has).
HEADERS = {
    "article": "article",
    "outlet": "outlet",
    "date": "date",
    "actor": "actor",
    "group": "group",
    "voice": "voice",
    "n": "articles",
    "mentions": "mentions",
    "sentences": "sentences",
    "mean_compound": "mean tone",
    "mean": "mean",
    "low": "95% low",
    "high": "95% high",
    "enough": "compared",
    "negative": "negative",
    "positive": "positive",
}
#: Headers of the extreme sentences table.
EXTREME_HEADERS = {
    "extreme": "end",
    "compound": "tone",
    "text": "sentence",
    "voice": "voice",
    "who": "actors (label)",
    "words": "words behind the score",
    "article": "article",
    "outlet": "outlet",
}


@dataclass
class SentimentReport:
    """The tables of the sentiment report and the notes that read them, in the order shown."""

    min_n: int
    top_actors: int
    tone: pd.DataFrame
    distribution: pd.DataFrame
    distribution_note: str
    by_outlet: pd.DataFrame
    outlet_note: str
    trend: views.ToneTrend
    trend_note: str
    extremes: pd.DataFrame
    by_actor: pd.DataFrame
    actor_note: str
    by_voice: pd.DataFrame
    voice_note: str
    actor_voice: pd.DataFrame
    actor_voice_drawn: pd.DataFrame
    actor_voice_note: str


def load(
    store,
    *,
    min_n: int = MIN_N,
    top_actors: int = 15,
    extreme_n: int = 10,
    min_per_period: int = 3,
    min_periods: int = 3,
) -> SentimentReport:
    """The sentiment report of ``store``: groups under ``min_n`` articles greyed or pooled."""
    docs = store.table("docs", columns=["doc_id", "title", "outlet", "date", "analysed"]).query("analysed")
    columns = ["doc_id", "sent_id", "text", "compound", "voice", "speaker"]
    sentences = store.table("sentiment_sentences", columns=columns)
    actors = store.table("actors") if "actors" in store.names() else None
    targets = views.actor_groups(store.table("sentiment_targets"), actors)
    tone = views.article_tone_table(sentences, docs)
    by_outlet = views.outlet_tone(tone, docs, min_n=min_n)
    trend = views.tone_trend(tone, min_per_period=min_per_period, min_periods=min_periods)
    by_actor = views.target_tone(targets, min_n=min_n)
    by_voice = views.voice_summary(sentences, min_n=min_n)
    top = by_actor["actor"].head(top_actors)
    actor_voice = views.target_voice_tone(targets, sentences, actors=top, min_n=min_n)
    pages = people_links(store)  # an actor cell links to the actor's page
    by_actor = with_person_links(by_actor, "actor", "actor", pages)
    actor_voice = with_person_links(actor_voice, "actor", "actor", pages)
    return SentimentReport(
        min_n=min_n,
        top_actors=top_actors,
        tone=tone,
        distribution=views.tone_distribution(tone),
        distribution_note=charts.distribution_note(tone),
        by_outlet=by_outlet,
        outlet_note=charts.comparison_note(by_outlet, "outlet", min_n=min_n),
        trend=trend,
        trend_note=charts.trend_note(trend),
        extremes=views.extreme_sentences(sentences, targets, docs, n=extreme_n),
        by_actor=by_actor,
        actor_note=(charts.comparison_note(by_actor, "actor", min_n=min_n) + " " if len(by_actor) else "")
        + groups_sentence(store.table("groups")),
        by_voice=by_voice,
        voice_note=charts.comparison_note(by_voice, "voice", min_n=min_n),
        actor_voice=actor_voice,
        actor_voice_drawn=views.with_enough(actor_voice, "actor"),
        actor_voice_note=charts.voice_note(actor_voice, min_n=min_n),
    )


def tone_histogram(report: SentimentReport):
    """The histogram of article tone and its alt text."""
    alt = f"Bar chart of articles by the mean tone of their sentences, in bands of 0.1. {report.distribution_note}"
    return charts.tone_histogram(report.distribution), alt


def outlet_intervals(report: SentimentReport):
    """Mean tone of each outlet's articles with intervals, and its alt text."""
    fig = charts.intervals(
        report.by_outlet,
        "outlet",
        title="Mean tone of each outlet's articles",
        value_label="mean tone of its articles",
        min_n=report.min_n,
    )
    alt = (
        f"Dots with 95% intervals: mean tone of the articles of {len(report.by_outlet)} outlet groups. "
        f"{report.outlet_note}"
    )
    return fig, alt


def tone_over_time(report: SentimentReport):
    """The line of mean article tone per period and its alt text."""
    return charts.tone_over_time(
        report.trend
    ), f"Line of the mean article tone per {report.trend.unit}. {report.trend_note}"


def actor_intervals(report: SentimentReport):
    """Mean sentiment towards the most mentioned actors with intervals, and its alt text."""
    fig = charts.intervals(
        report.by_actor.head(report.top_actors),
        "actor",
        group="group",
        min_n=report.min_n,
        title="Mean sentiment towards each actor",
        value_label="mean score towards the actor",
    )
    alt = (
        f"Dots with 95% intervals: mean sentiment towards the {min(report.top_actors, len(report.by_actor))} "
        f"most mentioned actors. {report.actor_note}"
    )
    return fig, alt


def actor_voice_intervals(report: SentimentReport):
    """Sentiment towards each actor by voice with intervals, and its alt text."""
    drawn = report.actor_voice_drawn
    fig = charts.intervals(
        drawn,
        "actor",
        sub="voice",
        min_n=report.min_n,
        title="Sentiment towards each actor, by voice",
        value_label="mean score towards the actor",
    )
    alt = (
        f"Dots with 95% intervals: sentiment towards {drawn['actor'].nunique()} actors in the "
        f"journalist's sentences and in quoted speech. {report.actor_voice_note}"
    )
    return fig, alt
