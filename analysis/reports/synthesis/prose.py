"""Sentences of the synthesis report computed from its tables and hedged by n.

They are shown as Markdown: the only corpus text in them, topic labels, is escaped
(:func:`markdown_text`), so a term such as ``*`` or ``$x$`` stays text.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.reports.labels import UNKNOWN, plural
from analysis.reports.stats import share_text, wilson

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!<>|$~-])")


def markdown_text(text: str) -> str:
    """``text`` with Markdown's special characters backslash-escaped."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def overview_sentence(quotes: pd.DataFrame, n_articles: int) -> str:
    """How many attributions in how many articles, and how many have a speaker, topic and tone."""
    if quotes.empty:
        return f"No quote or paraphrase was found in the {n_articles:,} analysed articles."
    named, on_topic = int(quotes["speaker"].notna().sum()), int((quotes["topic"] >= 0).sum())
    return (
        f"{plural(len(quotes), 'attribution')} in {quotes['doc_id'].nunique():,} of {n_articles:,} analysed "
        f"articles: {named:,} with a named speaker, {on_topic:,} on a topic of the topic model, "
        f"{int(quotes['tone'].notna().sum()):,} with a tone score."
    )


def topics_sentence(voices: pd.DataFrame, min_n: int) -> str:
    """Which topic is quoted most, and whether the topics have enough attributions to compare."""
    if voices.empty:
        return "No attribution was found, so no topic has voices."
    top = voices.iloc[0]
    enough = int((voices["attributions"] >= min_n).sum())
    count = plural(int(top["attributions"]), "attribution")
    text = f"The most quoted topic is {markdown_text(top['topic'])} with {count}."
    if enough < 2:
        return text + (
            f" Fewer than two topics have {min_n} or more attributions: the side shares below are "
            "counts of a few quotes, not a comparison between topics."
        )
    return text + (
        f" {enough} topics have at least {min_n} attributions; their shares carry 95% intervals. "
        "Shares whose intervals overlap do not differ beyond chance."
    )


def outlets_sentence(balance: pd.DataFrame, min_articles: int, min_n: int) -> str:
    """Whether any outlets can be compared, and why not when none can."""
    if balance.empty:
        return "No article was analysed."
    comparable = int(balance["comparable"].sum())
    if comparable >= 2:
        return (
            f"{comparable} outlets have at least {min_articles} analysed articles and {min_n} attributions "
            "and are compared in the chart, with 95% intervals; smaller outlets are pooled in the table."
        )
    if comparable == 1:
        return (
            f"Only one outlet has at least {min_articles} analysed articles and {min_n} attributions, so no "
            "outlet can be compared with another; the table gives the counts."
        )
    most = int(balance["articles"].max())
    return (
        f"No outlet has at least {min_articles} analysed articles and {min_n} attributions (the largest "
        f"group has {plural(most, 'article')}): no comparison between outlets is possible, and the table gives "
        "counts only."
    )


def speakers_sentence(profiles: pd.DataFrame, tone: pd.DataFrame, min_n: int) -> str:
    """How many speakers, how concentrated, and for how many a mean tone can be shown."""
    if profiles.empty:
        return "No attribution has a named speaker."
    once = int((profiles["attributions"] == 1).sum())
    text = (
        f"{plural(len(profiles), 'speaker')} are named; {once:,} of them once only. The most quoted has "
        f"{plural(int(profiles['attributions'].iat[0]), 'attribution')} in "
        f"{plural(int(profiles['articles'].iat[0]), 'article')}."
    )
    if tone.empty:
        return text + (
            f" No speaker has {min_n} or more scored attributions, so no speaker's mean tone is "
            "charted; the table shows each mean with its n."
        )
    return text + (
        f" {plural(len(tone), 'speaker')} with at least {min_n} scored attributions "
        "are charted with 95% intervals."
    )


def loaded_sentence(loaded: pd.DataFrame, min_n: int) -> str:
    """What the loaded-verb counts per side allow: each side's count ("7 of 24"), with intervals
    from ``min_n`` cues on, and whether the two largest sides differ beyond chance.

    ``loaded``: :func:`analysis.reports.sources.views.loaded_share` (``side, with_cue, loaded``).
    Why computed: "7 of 24 against 2 of 23" reads as a framing signal and is within chance.
    """
    rows = loaded[loaded["with_cue"] > 0].sort_values("with_cue", ascending=False, kind="stable")
    if rows.empty:
        return "No attribution has a cue word, so no verb can be compared."
    parts = [
        f"{markdown_text(r.side)}: {share_text(int(r.loaded), int(r.with_cue), min_n)}"
        for r in rows.itertuples(index=False)
    ]
    text = "Loaded verbs among each side's cues — " + "; ".join(parts) + "."
    big = rows[rows["with_cue"] >= min_n]
    if len(big) < 2:
        return text + (
            f" Fewer than two sides have {min_n} or more cues: these are counts of a few verbs, "
            "not a difference between sides."
        )
    (a, b) = [wilson(int(r.loaded), int(r.with_cue)) for r in big.head(2).itertuples(index=False)]
    if a[0] <= b[1] and b[0] <= a[1]:
        return text + (
            f" The 95% intervals of {markdown_text(big['side'].iat[0])} and "
            f"{markdown_text(big['side'].iat[1])} overlap: no difference beyond chance; read the verbs "
            "in the articles before calling it framing."
        )
    return text + (
        f" The 95% intervals of {markdown_text(big['side'].iat[0])} and {markdown_text(big['side'].iat[1])} "
        "do not overlap: the difference is larger than chance on this corpus (not yet a cause)."
    )


def sources_sentence(attributions: pd.DataFrame, n_articles: int) -> str:
    """How many attributions in how many articles, by type, and how many name their speaker.

    ``attributions``: one row per attribution (:func:`analysis.synthesis.join.attribution_rows`),
    the count every report gives.
    """
    if attributions.empty:
        return f"No quote or paraphrase was found in the {n_articles:,} analysed articles."
    types = attributions["type"].value_counts()
    named = int(attributions["speaker"].fillna("").astype(str).str.len().gt(0).sum())
    kinds = ", ".join(f"{int(types.get(t, 0)):,} {t}" for t in ("direct", "mixed", "indirect"))
    return (
        f"{plural(len(attributions), 'attribution')} in {attributions['doc_id'].nunique():,} of "
        f"{n_articles:,} analysed articles ({kinds}); {named:,} name their speaker."
    )


#: How a report names each group scheme (:data:`analysis.schema.GROUPS`).
SCHEME_WORDS = {"party": "parties", "country": "countries", "story": "the story file's groups"}


def groups_sentence(groups: pd.DataFrame, sides: pd.Series | None = None) -> str:
    """Which group scheme the ``side``/group columns use and what share is ``unknown``.

    ``groups``: the store's ``groups`` table; ``sides``: the group of each attribution shown (the
    share of quotes whose speaker has no group), or None. Why: a column of Republicans and
    Democrats and one of RU and US read alike; the reader is told which one this corpus got and
    how much of it the text did not place."""
    if groups.empty:
        return "No actor was found, so no group is shown."
    scheme = str(groups["scheme"].iloc[0])
    unknown = groups[groups["group"] == UNKNOWN]
    n_unknown = int(unknown["n_actors"].sum())
    n_actors = int(groups["n_actors"].sum())
    named = ", ".join(str(g) for g in groups.loc[groups["group"] != UNKNOWN, "group"].head(6))
    how = (
        "as the story file given with `actors.story` says"
        if scheme == "story"
        else "the scheme this corpus's actors carry evidence for (`actors.story` sets your own)"
    )
    text = (
        f"Groups are {SCHEME_WORDS.get(scheme, scheme)}, {how}: {named or 'none'}. "
        f"{_count_share(n_unknown, n_actors, 'people and organisations')} have no group the text states ({UNKNOWN})"
    )
    if sides is not None and len(sides):
        n = int(sides.fillna(UNKNOWN).astype(str).isin([UNKNOWN, ""]).sum())
        text += f", nor do the speakers of {_count_share(n, len(sides), 'attributions')}"
    return text + "."


def _count_share(k: int, n: int, noun: str) -> str:
    """``"12 of 40 actors (30%)"``: a count of the whole corpus, not a sample, so no interval."""
    return f"{k:,} of {n:,} {noun} ({k / n:.0%})" if n else f"none of 0 {noun}"
