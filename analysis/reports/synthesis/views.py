"""Tables of the synthesis report (``notebooks/04_synthesis.ipynb``) from the quotes table of
:func:`analysis.synthesis.quotes_table` (one row per attribution).

Counts are of attributions, as in the sources report: one row of the quotes table each. Every
comparison carries its n; shares are "k of n" with a Wilson interval from ``min_n`` on, mean tones
a t interval (:mod:`analysis.reports.stats`); outlets with fewer than ``min_articles``
analysed articles are pooled into one row, said so in its name.
"""

from __future__ import annotations

import pandas as pd

from analysis.lexicons import groups_in
from analysis.reports.labels import NOT_STATED, UNKNOWN, is_outlet, outlet_groups, plural
from analysis.reports.stats import mean_interval, mean_text, share_text, wilson

NO_TOPIC = "(no topic term)"


def sides_of(quotes: pd.DataFrame) -> list[str]:
    """The sides (groups) present, most quotes first, ``unknown`` last (:func:`analysis.lexicons.groups_in`)."""
    return groups_in(quotes["side"])


def _label(topic: int, labels: dict[int, str]) -> str:
    return NO_TOPIC if topic < 0 else labels.get(int(topic), str(topic))


def side_shares(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Attributions per value of ``by`` and side (long): ``<by>, label, side, attributions, n,
    share, low, high`` (``n``: the group's attributions; ``label``: the group with its n, as a
    chart names it; ``low``–``high``: Wilson 95% interval of the share), the largest group first,
    sides in :func:`sides_of` order."""
    cols = [by, "label", "side", "attributions", "n", "share", "low", "high"]
    if table.empty:
        return pd.DataFrame(columns=cols)
    table = table.assign(side=pooled_sides(table["side"].fillna(UNKNOWN)))
    counts = table.groupby([by, "side"]).size().rename("attributions").reset_index()
    counts["n"] = counts.groupby(by)["attributions"].transform("sum")
    counts["label"] = [f"{name} (n = {n:,})" for name, n in zip(counts[by], counts["n"])]
    counts["share"] = counts["attributions"] / counts["n"]
    bounds = [wilson(k, n) for k, n in zip(counts["attributions"], counts["n"])]
    counts["low"], counts["high"] = [b[0] for b in bounds], [b[1] for b in bounds]
    counts["order"] = counts["side"].map({s: i for i, s in enumerate(sides_of(table))})
    counts = counts.sort_values(["n", by, "order"], ascending=[False, True, True], kind="stable")
    return counts[cols].reset_index(drop=True)


def topic_sides(quotes: pd.DataFrame, labels: dict[int, str]) -> pd.DataFrame:
    """:func:`side_shares` by topic (its label), the most quoted topic first."""
    return side_shares(quotes.assign(topic=quotes["topic"].map(lambda t: _label(int(t), labels))), "topic")


def topic_voices(quotes: pd.DataFrame, labels: dict[int, str], min_n: int = 10, top: int = 3) -> pd.DataFrame:
    """One row per topic: ``topic, attributions``, each side's share as text ("k of n", with an
    interval from ``min_n`` attributions on), ``tone`` (mean with interval and n) and the most
    quoted speakers with their counts. Quotes whose sentence has no topic term form one row.
    Past :data:`MAX_SIDES` sides, the smaller ones are one column (:func:`pooled_sides`)."""
    quotes = quotes.assign(side=pooled_sides(quotes["side"].fillna(UNKNOWN)))
    sides = sides_of(quotes)
    rows = []
    for topic, group in quotes.groupby("topic", sort=True):
        side = group["side"].fillna(UNKNOWN)
        speakers = group["speaker"].dropna().value_counts().head(top)
        row = {"topic": _label(int(topic), labels), "attributions": len(group)}
        row.update({s: share_text(int((side == s).sum()), len(group), min_n) for s in sides})
        row["tone"] = mean_text(group["tone"], min_n)
        row["most quoted"] = ", ".join(f"{name} ({n})" for name, n in speakers.items())
        rows.append(row)
    out = pd.DataFrame(rows, columns=["topic", "attributions", *sides, "tone", "most quoted"])
    return out.sort_values("attributions", ascending=False, kind="stable").reset_index(drop=True)


def speaker_profiles(quotes: pd.DataFrame, labels: dict[int, str], min_n: int = 5) -> pd.DataFrame:
    """Per speaker, most quoted first: ``speaker, side, kind, attributions, articles, direct,
    indirect, mixed, tone, tone_mean, topics``. ``attributions`` counts as the sources report's
    speaker table does (:func:`analysis.reports.sources.views.speaker_counts`); ``tone`` is the mean
    tone with its interval from ``min_n`` scored attributions on; ``topics`` the three topics they
    speak on most, with counts."""
    cols = [
        "speaker",
        "side",
        "kind",
        "attributions",
        "articles",
        "direct",
        "indirect",
        "mixed",
        "tone",
        "tone_mean",
        "topics",
    ]
    named = quotes.dropna(subset=["speaker"])
    if named.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for speaker, group in named.groupby("speaker", sort=False):
        types = group["type"].value_counts()
        topics = group.loc[group["topic"] >= 0, "topic"].value_counts().head(3)
        rows.append(
            {
                "speaker": speaker,
                "side": group["side"].mode().iat[0] if group["side"].notna().any() else UNKNOWN,
                "kind": group["speaker_kind"].mode().iat[0] if group["speaker_kind"].notna().any() else "",
                "attributions": len(group),
                "articles": int(group["doc_id"].nunique()),
                "direct": int(types.get("direct", 0)),
                "indirect": int(types.get("indirect", 0)),
                "mixed": int(types.get("mixed", 0)),
                "tone": mean_text(group["tone"], min_n),
                "tone_mean": group["tone"].mean(),
                "topics": "; ".join(f"{_label(int(t), labels)} ({n})" for t, n in topics.items()),
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["attributions", "speaker"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def speaker_tone(quotes: pd.DataFrame, min_n: int = 5, top: int = 20) -> pd.DataFrame:
    """Mean tone per speaker with a t interval, for the ``top`` most quoted speakers with at least
    ``min_n`` scored attributions: ``speaker, side, tone, low, high, n`` (most quoted first)."""
    cols = ["speaker", "side", "tone", "low", "high", "n"]
    rows = []
    for speaker, group in quotes.dropna(subset=["speaker"]).groupby("speaker", sort=False):
        scored = group["tone"].dropna()
        if len(scored) >= min_n:
            mean, lo, hi = mean_interval(scored)
            side = group["side"].mode().iat[0] if group["side"].notna().any() else UNKNOWN
            rows.append(
                {"speaker": speaker, "side": side, "tone": mean, "low": lo, "high": hi, "n": len(scored)}
            )
    out = pd.DataFrame(rows, columns=cols)
    return (
        out.sort_values(["n", "speaker"], ascending=[False, True], kind="stable")
        .head(top)
        .reset_index(drop=True)
    )


#: Side columns a table shows at most; past it, the smaller sides are one column.
MAX_SIDES = 6
OTHER_SIDES = "other sides"


def pooled_sides(side: pd.Series, max_sides: int = MAX_SIDES) -> pd.Series:
    """``side`` with all but the ``max_sides - 1`` most frequent values pooled as
    :data:`OTHER_SIDES` when there are more than ``max_sides`` (a gazetteer of countries gives
    dozens of sides; a table of 60 columns is read by nobody)."""
    counts = side.value_counts()
    if len(counts) <= max_sides:
        return side
    keep = set(counts.index[: max_sides - 1])
    return side.where(side.isin(keep), OTHER_SIDES)


def outlet_balance(
    quotes: pd.DataFrame, docs: pd.DataFrame, min_articles: int = 5, min_n: int = 10
) -> pd.DataFrame:
    """Per outlet group (:func:`outlet_groups`): ``outlet, articles, attributions``, each side's
    share as text and ``tone``; then ``comparable`` (the group is one outlet with enough
    articles). Totals equal the sources report's per-outlet totals, only small outlets pooled."""
    groups = outlet_groups(docs, min_articles)
    table = quotes.assign(
        outlet=quotes["doc_id"].map(groups).fillna(NOT_STATED), side=quotes["side"].fillna(UNKNOWN)
    )
    table["side"] = pooled_sides(table["side"])
    sides = sides_of(table)
    articles = groups.value_counts()
    rows = []
    for name in articles.index:
        part = table[table["outlet"] == name]
        row = {"outlet": name, "articles": int(articles[name]), "attributions": len(part)}
        row.update({s: share_text(int((part["side"] == s).sum()), len(part), min_n) for s in sides})
        row["tone"] = mean_text(part["tone"], min_n)
        row["comparable"] = is_outlet(name) and len(part) >= min_n
        rows.append(row)
    out = pd.DataFrame(rows, columns=["outlet", "articles", "attributions", *sides, "tone", "comparable"])
    return out.sort_values(
        ["comparable", "attributions", "outlet"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def outlet_sides(
    quotes: pd.DataFrame, docs: pd.DataFrame, min_articles: int = 5, min_n: int = 10
) -> pd.DataFrame:
    """:func:`side_shares` of the comparable outlets of :func:`outlet_balance` (their ``label``
    gives both n: attributions and articles)."""
    balance = outlet_balance(quotes, docs, min_articles, min_n)
    keep = balance[balance["comparable"]]
    groups = quotes["doc_id"].map(outlet_groups(docs, min_articles))
    long = side_shares(quotes[groups.isin(keep["outlet"])].assign(outlet=groups), "outlet")
    articles = dict(zip(keep["outlet"], keep["articles"]))
    long["label"] = [
        f"{o} (n = {n:,} attributions, {plural(articles[o], 'article')})"
        for o, n in zip(long["outlet"], long["n"])
    ]
    return long


def quote_list(
    quotes: pd.DataFrame, docs: pd.DataFrame, labels: dict[int, str], links: dict[str, str] | None = None
) -> pd.DataFrame:
    """Every attribution for the report's table, in article order: ``article, outlet, speaker,
    side, type, cue, content, topic, tone`` with ``href`` (the article page, when written) and
    ``doc_id``."""
    meta = docs.set_index("doc_id")
    return pd.DataFrame(
        {
            "article": quotes["doc_id"].map(meta["title"]).fillna("(untitled)").to_numpy(),
            "outlet": quotes["doc_id"].map(meta["outlet"]).fillna("").to_numpy(),
            "speaker": quotes["speaker"].fillna("").to_numpy(),
            "side": quotes["side"].fillna(UNKNOWN).to_numpy(),
            "type": quotes["type"].to_numpy(),
            "cue": quotes["cue"].fillna("").to_numpy(),
            "content": quotes["content"].to_numpy(),
            "topic": quotes["topic"].map(lambda t: _label(int(t), labels)).to_numpy(),
            "tone": quotes["tone"].to_numpy(),
            "href": quotes["doc_id"].map(links or {}).to_numpy(),
            "doc_id": quotes["doc_id"].to_numpy(),
        }
    )
