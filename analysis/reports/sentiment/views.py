"""Tables of the sentiment report read from the study store: every comparison with its n and an
interval, small groups pooled or greyed, so no chart compares one article with another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.reports.labels import NOT_STATED, UNKNOWN, is_outlet, outlet_groups, pooled, small_outlets
from analysis.reports.stats import mean_interval
from analysis.sentiment import vader
from analysis.sentiment.views import drivers, extremes

#: The report's names of the two voices (the sentences table says ``author`` and ``quote``).
VOICE_NAMES = {"author": "journalist", "quote": "quoted speakers"}


def compare_means(
    frame: pd.DataFrame,
    by: str | list[str],
    value: str,
    *,
    min_n: int = 5,
    pool: bool = False,
    keep_small: int = 12,
    missing: str = "(none)",
    bounds: tuple[float, float] = (-1.0, 1.0),
) -> pd.DataFrame:
    """Mean of ``value`` per group of ``by``, one row of ``frame`` being one unit (an article):
    ``*by, n, mean, low, high, enough, groups``, largest groups first.

    ``enough`` is False under ``min_n`` units: a report greys such rows and says that no
    comparison rests on them. With ``pool`` (one ``by`` column), the groups under ``min_n``
    become one row :func:`analysis.reports.labels.pooled` (``groups`` says how many; shown last, never ``enough``:
    it mixes groups) when some group has ``min_n`` units to compare them with, or when there are
    more than ``keep_small`` of them; else they keep their names, greyed. A missing key is the
    group ``missing``. Intervals are cut to ``bounds``, the range of the scores (a t interval of
    two articles runs far beyond it)."""
    keys = [by] if isinstance(by, str) else list(by)
    f = frame[[*keys, value]].copy()
    for k in keys:
        f[k] = f[k].astype(object).where(f[k].notna(), missing)
    pooled_row = pooled(min_n)
    sizes = f.groupby(keys[0])[value].size() if len(keys) == 1 else pd.Series(dtype=int)
    small = list(sizes.index[sizes < min_n])
    if pool and len(keys) == 1 and len(small) >= 2 and (len(small) < len(sizes) or len(small) > keep_small):
        f[keys[0]] = f[keys[0]].where(~f[keys[0]].isin(small), pooled_row)
    else:
        small = []
    rows = []
    for name, vals in f.groupby(keys, sort=True)[value]:
        name = name if isinstance(name, tuple) else (name,)
        rows.append((*name, len(vals), float(vals.mean()), *mean_interval(vals)[1:]))
    out = pd.DataFrame(rows, columns=[*keys, "n", "mean", "low", "high"])
    out[["low", "high"]] = out[["low", "high"]].clip(*bounds)
    is_pooled = out[keys[0]] == pooled_row
    out["groups"] = np.where(is_pooled, len(small), 1)
    out["enough"] = (out["n"] >= min_n) & ~is_pooled
    order = out.assign(last_=is_pooled).sort_values(
        ["last_", "n", *keys], ascending=[True, False, *[True] * len(keys)]
    )
    return order.drop(columns="last_").reset_index(drop=True)


def article_meta(docs: pd.DataFrame, columns: Iterable[str] = ("title", "outlet", "date")) -> pd.DataFrame:
    """``doc_id, article`` and those of the docs' ``columns`` that hold a value for some article:
    ``article`` is the title, or the ``doc_id`` where there is none, so every row has a name and
    no table shows an empty column."""
    titles = docs["title"] if "title" in docs.columns else pd.Series(pd.NA, index=docs.index)
    titles = titles.astype(object).where(titles.notna() & (titles.astype(str).str.strip() != ""), None)
    out = docs[["doc_id"]].assign(article=titles.fillna(docs["doc_id"].astype(str)))
    for c in columns:
        if c in docs.columns and c != "title" and docs[c].notna().any():
            out[c] = docs[c]
    return out


def article_tone_table(sentences: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """One row per article with scored sentences, most negative first: :func:`article_meta`,
    ``sentences, mean_compound, negative, positive`` (sentences at or beyond VADER's ±0.05:
    counts, since a share of 3 sentences says little)."""
    c = sentences["compound"]
    per = (
        sentences.assign(negative=c <= -vader.THRESHOLD, positive=c >= vader.THRESHOLD)
        .groupby("doc_id", sort=False)
        .agg(
            sentences=("compound", "size"),
            mean_compound=("compound", "mean"),
            negative=("negative", "sum"),
            positive=("positive", "sum"),
        )
        .reset_index()
    )
    out = article_meta(docs).merge(per, on="doc_id")
    return out.sort_values(["mean_compound", "doc_id"]).reset_index(drop=True)


def outlet_tone(tone: pd.DataFrame, docs: pd.DataFrame, *, min_n: int = 5) -> pd.DataFrame:
    """:func:`compare_means` of the articles' tone (:func:`article_tone_table`) per outlet row of
    :func:`analysis.reports.labels.outlet_groups` over the analysed ``docs`` (the rows every report
    counts): outlets under ``min_n`` articles pooled, ``(not stated)`` one row; neither is ever
    ``enough`` (``groups``: the outlets a row holds, 0 for ``(not stated)``), outlets first."""
    groups = outlet_groups(docs, min_n)
    t = tone.assign(outlet=tone["doc_id"].map(groups).fillna(NOT_STATED))
    out = compare_means(t, "outlet", "mean_compound", min_n=min_n, missing=NOT_STATED)
    sizes = docs["outlet"].value_counts()
    is_pooled = out["outlet"] == small_outlets(min_n)
    named = out["outlet"].map(is_outlet).astype(bool)
    out["groups"] = np.where(is_pooled, int((sizes < min_n).sum()), np.where(named, 1, 0))
    out["enough"] = out["enough"] & named
    order = out.assign(unnamed_=~named, pooled_=is_pooled).sort_values(
        ["unnamed_", "pooled_", "n", "outlet"], ascending=[True, True, False, True], kind="stable"
    )
    return order.drop(columns=["unnamed_", "pooled_"]).reset_index(drop=True)


def tone_distribution(tone: pd.DataFrame, width: float = 0.1) -> pd.DataFrame:
    """Articles per band of mean compound (:func:`article_tone_table`): ``band, low, articles``,
    every band from the lowest to the highest one used (an empty band between is a finding)."""
    values = tone["mean_compound"].dropna().to_numpy(dtype=float)
    if not len(values):
        return pd.DataFrame(columns=["band", "low", "articles"])
    edges = np.round(np.arange(-1.0, 1.0 + width / 2, width), 6) + 0.0  # + 0.0: no "-0.0"
    idx = np.clip(np.floor((values + 1.0) / width + 1e-9).astype(int), 0, len(edges) - 2)
    counts = np.bincount(idx, minlength=len(edges) - 1)
    used = range(int(idx.min()), int(idx.max()) + 1)
    return pd.DataFrame(
        {
            "band": [f"{edges[i]:+.1f} to {edges[i + 1]:+.1f}" for i in used],
            "low": [float(edges[i]) for i in used],
            "articles": [int(counts[i]) for i in used],
        }
    )


@dataclass
class ToneTrend:
    """Article tone per period (:func:`tone_trend`): ``periods`` (``period, articles, mean, low,
    high``) holds only periods with enough articles; ``unit`` is ``day``, ``week`` or ``month``."""

    periods: pd.DataFrame
    unit: str
    dated: int
    dropped: int
    min_per_period: int
    min_periods: int

    @property
    def enough(self) -> bool:
        """True when at least ``min_periods`` periods have ``min_per_period`` articles each."""
        return len(self.periods) >= self.min_periods


_UNITS = {"month": "M", "week": "W-SUN", "day": "D"}


def tone_trend(tone: pd.DataFrame, *, min_per_period: int = 3, min_periods: int = 3) -> ToneTrend:
    """Mean article tone per period of the dated articles, keeping periods of ``min_per_period``
    articles or more. The unit is the coarsest of month, week and day that gives ``min_periods``
    such periods (steadier means first), else the one that keeps most."""
    if "date" not in tone.columns:
        empty = pd.DataFrame(columns=["period", "articles", "mean", "low", "high"])
        return ToneTrend(empty, "month", 0, 0, min_per_period, min_periods)
    dated = tone[tone["date"].notna()]
    best = None
    for unit, freq in _UNITS.items():
        period = pd.to_datetime(dated["date"]).dt.to_period(freq).dt.start_time
        means = compare_means(dated.assign(period=period), "period", "mean_compound", min_n=min_per_period)
        kept = means[means["enough"]].sort_values("period")
        trend = ToneTrend(
            kept.drop(columns=["enough", "groups"]).rename(columns={"n": "articles"}).reset_index(drop=True),
            unit,
            len(dated),
            len(means) - len(kept),
            min_per_period,
            min_periods,
        )
        if trend.enough:
            return trend
        best = trend if best is None or len(trend.periods) > len(best.periods) else best
    return best


def actor_groups(targets: pd.DataFrame, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """``targets`` with a ``group`` column, and ``actor`` and ``group`` from the corpus's actors
    table (``actor, aliases, group``; aliases joined by ``"; "``) where a target's actor or
    mention is one of its names; else the gazetteer's actor and its ``side`` as the group."""
    out = targets.assign(group=targets["side"].astype(object).where(targets["side"].notna(), UNKNOWN))
    if actors is None or actors.empty:
        return out
    lookup: dict[str, tuple[str, object]] = {}
    for r in actors.itertuples(index=False):
        aliases = str(r.aliases).split("; ") if isinstance(getattr(r, "aliases", None), str) else []
        for name in (r.actor, *aliases):
            lookup.setdefault(str(name).casefold(), (r.actor, getattr(r, "group", None)))
    found = [
        lookup.get(str(a).casefold()) or lookup.get(str(t).casefold())
        for a, t in zip(out["actor"], out["target"])
    ]
    hit = np.array([f is not None for f in found], dtype=bool)
    out.loc[hit, "actor"] = [f[0] for f in found if f is not None]
    groups = pd.Series([f[1] for f in found if f is not None], index=out.index[hit], dtype=object)
    out.loc[hit, "group"] = groups.where(groups.notna(), out.loc[hit, "group"])
    return out


def target_tone(targets: pd.DataFrame, *, min_n: int = 5) -> pd.DataFrame:
    """Sentiment towards each actor, most mentioned first: ``actor, group, n (articles), mentions,
    negative, positive, mean, low, high, enough`` (``group`` from :func:`actor_groups`).

    ``mean`` averages the articles' mean scores towards the actor and the interval is over
    articles: mentions in one article share its author and angle, so they are not independent
    and each article counts once. ``negative``/``positive`` count mentions by label."""
    t = targets if "group" in targets.columns else actor_groups(targets)
    per_doc = t.groupby(["actor", "doc_id"], sort=False)["score"].mean().reset_index()
    means = compare_means(per_doc, "actor", "score", min_n=min_n)
    counts = (
        t.assign(neg_=t["label"] == "neg", pos_=t["label"] == "pos")
        .groupby("actor")
        .agg(
            group=("group", lambda s: s.mode().iloc[0]),
            mentions=("score", "size"),
            negative=("neg_", "sum"),
            positive=("pos_", "sum"),
        )
        .reset_index()
    )
    cols = ["actor", "group", "n", "mentions", "negative", "positive", "mean", "low", "high", "enough"]
    out = counts.merge(means, on="actor")[cols]
    return out.sort_values(["mentions", "actor"], ascending=[False, True]).reset_index(drop=True)


def target_voice_tone(
    targets: pd.DataFrame, sentences: pd.DataFrame, *, actors: Iterable[str] | None = None, min_n: int = 5
) -> pd.DataFrame:
    """Sentiment towards each actor in the journalist's own sentences and in quoted speech:
    ``actor, voice, n (articles), mentions, mean, low, high, enough`` (``voice`` named by
    :data:`VOICE_NAMES`; a mention whose sentence has no voice is ``unknown``). ``actors`` keeps
    those actors, in that order; means and intervals are over articles, as in :func:`target_tone`."""
    t = targets.merge(sentences[["doc_id", "sent_id", "voice"]], on=["doc_id", "sent_id"], how="left")
    t["voice"] = t["voice"].map(VOICE_NAMES).fillna(UNKNOWN)
    if actors is not None:
        order = {a: i for i, a in enumerate(actors)}
        t = t[t["actor"].isin(order)]
    per_doc = t.groupby(["actor", "voice", "doc_id"]).agg(score=("score", "mean"), mentions=("score", "size"))
    per_doc = per_doc.reset_index()
    out = compare_means(per_doc, ["actor", "voice"], "score", min_n=min_n).drop(columns="groups")
    mentions = per_doc.groupby(["actor", "voice"])["mentions"].sum().rename("mentions").reset_index()
    out = out.merge(mentions, on=["actor", "voice"])
    if actors is not None:
        out = out.sort_values(["actor", "voice"], key=lambda s: s.map(order) if s.name == "actor" else s)
    return out[["actor", "voice", "n", "mentions", "mean", "low", "high", "enough"]].reset_index(drop=True)


def with_enough(table: pd.DataFrame, key: str) -> pd.DataFrame:
    """The rows of the ``key`` groups (actors) that have at least one ``enough`` row: what a chart
    draws when the grey rest would only hide it."""
    return table[table.groupby(key)["enough"].transform("any").astype(bool)]


def voice_summary(sentences: pd.DataFrame, *, min_n: int = 5) -> pd.DataFrame:
    """Mean sentence tone in each voice, over articles: ``voice, n (articles), sentences, mean,
    low, high, enough``; each article's sentences in a voice are averaged first."""
    s = sentences.assign(voice=sentences["voice"].map(VOICE_NAMES).fillna(UNKNOWN))
    per_doc = s.groupby(["voice", "doc_id"]).agg(tone=("compound", "mean"), sentences=("compound", "size"))
    per_doc = per_doc.reset_index()
    out = compare_means(per_doc, "voice", "tone", min_n=min_n).drop(columns="groups")
    counts = per_doc.groupby("voice")["sentences"].sum().reset_index()
    return out.merge(counts, on="voice")[["voice", "n", "sentences", "mean", "low", "high", "enough"]]


def extreme_sentences(
    sentences: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    docs: pd.DataFrame | None = None,
    n: int = 5,
    lexicon: vader.Lexicon = "news",
) -> pd.DataFrame:
    """:func:`extremes` for a reader: ``extreme, compound, text, voice, speaker, who, words,
    doc_id, sent_id`` and, with ``docs``, :func:`article_meta` (``article``, ``outlet``).
    ``words`` lists the words behind the score with their valence ("attack -2.1; hope +1.9");
    ``voice`` is ``journalist`` or ``quoted: <speaker>`` (one column, for a narrow table)."""
    out = extremes(sentences, targets, n=n)
    quoted = out["voice"] == "quote"
    speaker = out["speaker"].astype(object).where(out["speaker"].notna(), "speaker unknown")
    out["voice"] = out["voice"].map(VOICE_NAMES).fillna(out["voice"]).where(~quoted, "quoted: " + speaker)
    out["words"] = [
        "; ".join(
            f"{w} {v:+.1f}" for w, v in sorted(drivers([t], lexicon).items(), key=lambda x: -abs(x[1])) if v
        )
        for t in out["text"]
    ]
    cols = ["extreme", "compound", "text", "voice", "speaker", "who", "words", "doc_id", "sent_id"]
    out = out[cols]
    if docs is not None:
        out = out.merge(article_meta(docs, ("outlet",)), on="doc_id", how="left")
    return out
