"""Everything the synthesis report (``notebooks/04_synthesis.ipynb``) shows, computed from the store.

Why one ``load``: the notebook only shows and explains; the quotes join's summaries (the join itself is the store's ``quotes`` table) and the
sentences that read them are computed here, testable without a kernel.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.render.people import people_links, with_person_links
from analysis.reports.labels import topic_labels
from analysis.reports.stats import MIN_N
from analysis.reports.synthesis import charts, prose, views

#: Columns of the speakers table, in the order shown.
SPEAKER_COLUMNS = [
    "speaker",
    "side",
    "kind",
    "attributions",
    "articles",
    "direct",
    "indirect",
    "mixed",
    "tone",
    "topics",
]
#: Columns of the quote list, in the order shown.
QUOTE_LIST_COLUMNS = ["article", "outlet", "speaker", "side", "type", "cue", "content", "topic", "tone"]


@dataclass
class SynthesisReport:
    """The tables of the synthesis report and the sentences that read them, in the order shown."""

    overview: str
    voices: pd.DataFrame
    voices_sentence: str
    topic_sides: pd.DataFrame | None
    profiles: pd.DataFrame
    tone: pd.DataFrame
    speakers_sentence: str
    balance: pd.DataFrame
    balance_sentence: str
    outlet_sides: pd.DataFrame | None
    quotes: pd.DataFrame


def load(
    store,
    links: dict[str, str],
    *,
    min_n: int = MIN_N,
    top_speakers: int = 20,
) -> SynthesisReport:
    """The synthesis report of ``store`` (article pages at ``links``): outlets under ``min_n``
    analysed articles pooled, groups under ``min_n`` attributions (scored, for a tone) without intervals."""
    docs = store.table("docs", columns=["doc_id", "title", "outlet", "analysed"]).query("analysed")
    quotes = store.table("quotes")  # the join, computed once by the store
    labels = topic_labels(store.table("topic_quality"))
    voices = views.topic_voices(quotes, labels, min_n=min_n)
    profiles = views.speaker_profiles(quotes, labels, min_n=min_n)
    tone = views.speaker_tone(quotes, min_n=min_n, top=top_speakers)
    balance = views.outlet_balance(quotes, docs, min_articles=min_n, min_n=min_n)
    compared = int(balance["comparable"].sum()) >= 2
    pages = people_links(store)  # a speaker cell links to the speaker's page
    listed = views.quote_list(quotes, docs, labels, links) if len(quotes) else quotes
    return SynthesisReport(
        overview=prose.overview_sentence(quotes, len(docs)),
        voices=voices,
        voices_sentence=prose.topics_sentence(voices, min_n),
        topic_sides=views.topic_sides(quotes, labels) if len(voices) else None,
        profiles=with_person_links(profiles, "speaker", "speaker", pages),
        tone=tone,
        speakers_sentence=prose.speakers_sentence(profiles, tone, min_n),
        balance=balance,
        balance_sentence=prose.outlets_sentence(balance, min_n, min_n),
        outlet_sides=views.outlet_sides(quotes, docs, min_n, min_n) if compared else None,
        quotes=with_person_links(listed, "speaker", "speaker", pages),
    )


def topic_sides_chart(report: SynthesisReport):
    """Each topic's share of attributions per side, and the alt text."""
    fig = charts.side_shares_chart(report.topic_sides, "topic", "Share of each topic's attributions per side")
    alt = (
        f"Bars with 95% intervals: for each of {len(report.voices)} topics, the share of its attributions "
        "from each side; hover a bar for its count and n."
    )
    return fig, alt


def speaker_tone_chart(report: SynthesisReport):
    """Mean tone of the speakers' attributions, and the alt text."""
    alt = (
        f"Bars with 95% intervals: mean tone of the attributions of {len(report.tone)} speakers, "
        "coloured by side; hover a bar for its n."
    )
    return charts.speaker_tone_chart(report.tone), alt


def outlet_sides_chart(report: SynthesisReport):
    """Each compared outlet's share of attributions per side, and the alt text."""
    fig = charts.side_shares_chart(
        report.outlet_sides, "outlet", "Share of each outlet's attributions per side"
    )
    alt = (
        f"Bars with 95% intervals: for {int(report.balance['comparable'].sum())} outlets, the share of "
        "their attributions from each side, each outlet named with its n."
    )
    return fig, alt
