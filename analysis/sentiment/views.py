"""Tables the notebook reads: tone per article, outlet, voice and actor; extremes; the arc.

Each function takes the sentences or targets table of :func:`analysis.sentiment.extract` (and the
docs table where a grouping column such as ``outlet`` or ``date`` lives there) and returns a
small tidy table; none of them changes a score.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.sentiment import vader


def drivers(texts: Iterable[str], lexicon: vader.Lexicon = "news") -> Counter:
    """Summed VADER valence per (lower-cased) word over ``texts``: the words behind the scores."""
    total: Counter = Counter()
    sia = vader.analyzer(lexicon)
    for t in texts:
        for word, valence in sia.analyze(t)[1]:
            total[word.lower()] += valence
    return total


def _top(counter: Counter, n: int, sign: int) -> str:
    items = sorted(((w, v) for w, v in counter.items() if v * sign > 0), key=lambda x: (-abs(x[1]), x[0]))
    return ", ".join(w for w, _ in items[:n])


def document_tone(sentences: pd.DataFrame, *, top: int = 5, lexicon: vader.Lexicon = "news") -> pd.DataFrame:
    """One row per article: ``doc_id, n_sentences, mean_compound, share_neg, share_pos,
    neg_words, pos_words, coverage``.

    ``share_neg``/``share_pos`` count sentences at or beyond VADER's ±0.05; ``neg_words`` and
    ``pos_words`` are the ``top`` words that pull the article's scores down or up most;
    ``coverage`` is the share of its words found in the VADER lexicon (low coverage means "the
    lexicon could not see", not "neutral"). It scores every sentence again (for the words): a
    report on a large corpus uses :func:`article_tone_table`.
    """
    rows = []
    for doc_id, g in sentences.groupby("doc_id", sort=False):
        c = g["compound"].to_numpy(dtype=float)
        d = drivers(g["text"], lexicon)
        hit, n = map(sum, zip(*(vader.coverage(t, lexicon) for t in g["text"]))) if len(g) else (0, 0)
        some = len(c) > 0
        rows.append(
            (
                doc_id,
                len(g),
                float(c.mean()) if some else np.nan,
                float((c <= -vader.THRESHOLD).mean()) if some else np.nan,
                float((c >= vader.THRESHOLD).mean()) if some else np.nan,
                _top(d, top, -1),
                _top(d, top, 1),
                hit / n if n else np.nan,
            )
        )
    cols = [
        "doc_id",
        "n_sentences",
        "mean_compound",
        "share_neg",
        "share_pos",
        "neg_words",
        "pos_words",
        "coverage",
    ]
    return pd.DataFrame(rows, columns=cols)


def voice_tone(sentences: pd.DataFrame, by: tuple[str, ...] = ("doc_id", "voice")) -> pd.DataFrame:
    """Mean compound, share negative/positive and number of sentences per ``by`` group.

    The default splits each article into the journalist's own text and quoted speech; pass
    ``by=("voice", "side")`` or ``("speaker",)`` for whose words carry the tone.
    """
    c = sentences["compound"]
    g = sentences.assign(is_neg=c <= -vader.THRESHOLD, is_pos=c >= vader.THRESHOLD)
    return (
        g.groupby(list(by), dropna=False, sort=True)
        .agg(
            n_sentences=("compound", "size"),
            mean_compound=("compound", "mean"),
            share_neg=("is_neg", "mean"),
            share_pos=("is_pos", "mean"),
        )
        .reset_index()
    )


def actor_tone(
    targets: pd.DataFrame,
    docs: pd.DataFrame | None = None,
    by: str | None = "outlet",
    freq: str = "MS",
    *,
    actors: Iterable[str] | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """Mean score, label shares and mentions per actor (and per ``by``: a docs column such as
    ``outlet``, or ``date`` grouped by ``freq`` periods; None for overall).

    ``actors`` keeps only those actors; ``top`` keeps the ``top`` rows with most mentions, most
    mentioned first (with ``by=None``: the most mentioned actors)."""
    t = targets if actors is None else targets[targets["actor"].isin(list(actors))]
    t = t.copy()
    keys = ["actor", "side"]
    if by is not None:
        if docs is None or by not in docs.columns:
            raise ValueError(f"actor_tone(by={by!r}) needs a docs table with that column")
        t = t.merge(docs[["doc_id", by]], on="doc_id", how="left")
        if by != "date":
            t[by] = t[by].astype("object").where(t[by].notna(), "(unknown)")
        else:
            t["date"] = pd.to_datetime(t["date"]).dt.to_period(freq.rstrip("S") or "M").dt.start_time
        keys = [by, *keys]
    t["is_neg"] = t["label"] == "neg"
    t["is_pos"] = t["label"] == "pos"
    out = (
        t.groupby(keys, dropna=False, sort=True)
        .agg(
            mentions=("score", "size"),
            mean_score=("score", "mean"),
            share_neg=("is_neg", "mean"),
            share_pos=("is_pos", "mean"),
        )
        .reset_index()
    )
    return out if top is None else out.nlargest(top, "mentions")


def actor_trend(
    targets: pd.DataFrame, docs: pd.DataFrame, actors: Iterable[str] | None = None, freq: str = "MS"
) -> pd.DataFrame:
    """:func:`actor_tone` per ``freq`` period (``date`` column) of the dated articles only.

    Why leave undated articles out rather than group them under a missing date: a trend line
    cannot place them, and an "unknown" point would sit at the end of the time axis.
    """
    dated = docs[docs["date"].notna()]
    return actor_tone(
        targets[targets["doc_id"].isin(dated["doc_id"])], dated, by="date", freq=freq, actors=actors
    )


def article_tone(
    tone: pd.DataFrame, docs: pd.DataFrame, columns: Iterable[str] = ("title", "outlet")
) -> pd.DataFrame:
    """:func:`document_tone` rows with the docs' ``columns`` beside them, most negative first."""
    keep = ["doc_id", *(c for c in columns if c in docs.columns)]
    return tone.merge(docs[keep], on="doc_id").sort_values("mean_compound")


def group_tone(tone: pd.DataFrame, docs: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Article tone (:func:`document_tone`) averaged per ``by`` (a docs column such as
    ``outlet``): ``by, n_articles, mean_compound, share_neg, share_pos``. Articles with no
    value in ``by`` are grouped under ``(unknown)``. Each article counts once, whatever its
    length, so one long article does not speak for its outlet."""
    t = tone.merge(docs[["doc_id", by]], on="doc_id", how="left")
    t[by] = t[by].astype("object").where(t[by].notna(), "(unknown)")
    return (
        t.groupby(by, sort=True)
        .agg(
            n_articles=("doc_id", "size"),
            mean_compound=("mean_compound", "mean"),
            share_neg=("share_neg", "mean"),
            share_pos=("share_pos", "mean"),
        )
        .reset_index()
    )


def document_target_tone(
    targets: pd.DataFrame, actor: str | None = None, *, low: float | None = None, high: float | None = None
) -> pd.DataFrame:
    """Per article and actor: ``doc_id, actor, mentions, mean_score, label``.

    Without thresholds the label is the majority of the mentions' labels (a tie is ``neu``):
    it needs no tuned cut-off, and the two models' scores live on different scales. With
    ``low``/``high`` the label is ``neg`` when the mean score is at most ``low``, ``pos`` when
    at least ``high``, else ``neu``: use thresholds calibrated on labelled articles of the kind
    you study (see :data:`analysis.evaluate.sentiment.PERSENT_THRESHOLDS`).
    """
    if (low is None) != (high is None):
        raise ValueError("give both low and high, or neither")
    t = targets if actor is None else targets[targets["actor"] == actor]
    rows = []
    for (doc_id, act), g in t.groupby(["doc_id", "actor"], sort=False):
        mean = float(g["score"].mean())
        if low is not None:
            label = "neg" if mean <= low else "pos" if mean >= high else "neu"
        else:
            counts = g["label"].value_counts()
            best = counts[counts == counts.max()].index
            label = best[0] if len(best) == 1 else "neu"
        rows.append((doc_id, act, len(g), mean, label))
    return pd.DataFrame(rows, columns=["doc_id", "actor", "mentions", "mean_score", "label"])


def extremes(sentences: pd.DataFrame, targets: pd.DataFrame | None = None, n: int = 5) -> pd.DataFrame:
    """The ``n`` most negative and ``n`` most positive sentences, with the actors they mention
    (``targets``: ``actor (label)`` pairs) so a reader sees whom the tone is about."""
    cols = ["doc_id", "sent_id", "compound", "voice", "speaker", "text"]
    low = sentences.nsmallest(n, "compound")[cols].assign(end_="most negative")
    high = sentences.nlargest(n, "compound")[cols].assign(end_="most positive")
    out = pd.concat([low, high], ignore_index=True).rename(columns={"end_": "extreme"})
    if targets is not None and len(targets):
        who = (
            targets.assign(who=targets["actor"] + " (" + targets["label"] + ")")
            .groupby(["doc_id", "sent_id"])["who"]
            .agg(lambda s: ", ".join(dict.fromkeys(s)))
        )
        out = out.merge(who.reset_index(), on=["doc_id", "sent_id"], how="left")
    else:
        out["who"] = pd.NA
    return out


def arc(sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentence position along each article: adds ``position`` (0 = first sentence, 1 = last)."""
    n = sentences.groupby("doc_id")["sent_id"].transform("max").replace(0, 1)
    return sentences.assign(position=sentences["sent_id"] / n)


def arc_profile(sentences: pd.DataFrame, bins: int = 10) -> pd.DataFrame:
    """Mean compound by position along the article (``bins`` equal slices, 0 = lead), over all
    articles: ``bin, position, mean_compound, n_sentences``. Why slices, not sentence numbers:
    articles differ in length, and "the lead is calmer than the end" is a claim about relative
    position."""
    a = arc(sentences)
    b = np.minimum((a["position"] * bins).astype(int), bins - 1)
    out = (
        a.assign(bin=b)
        .groupby("bin")
        .agg(mean_compound=("compound", "mean"), n_sentences=("compound", "size"))
        .reset_index()
    )
    out.insert(1, "position", (out["bin"] + 0.5) / bins)
    return out


# --- the store-based report: every comparison with its n and an interval ---------------------

#: Confidence level of every interval the report draws.
LEVEL = 0.95
#: The report's names of the two voices (the sentences table says ``author`` and ``quote``).
VOICE_NAMES = {"author": "journalist", "quote": "quoted speakers"}


def pooled_label(min_n: int) -> str:
    """Name of the row that pools the groups under ``min_n`` units: ``other (n < 5)``."""
    return f"other (n < {min_n})"


def mean_interval(values: Iterable[float], level: float = LEVEL) -> tuple[float, float]:
    """Student-t interval of the mean of ``values`` (missing values dropped); NaN below two values.

    Why t, not a bootstrap: it needs no seed, and it widens quickly at the small n most groups of
    a news corpus have, which is the warning a reader needs."""
    v = np.asarray(list(values), dtype=float)
    v = v[~np.isnan(v)]
    if len(v) < 2:
        return np.nan, np.nan
    half = float(stats.t.ppf(0.5 + level / 2, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v)))
    return float(v.mean()) - half, float(v.mean()) + half


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
    become one row :func:`pooled_label` (``groups`` says how many; shown last, never ``enough``:
    it mixes groups) when some group has ``min_n`` units to compare them with, or when there are
    more than ``keep_small`` of them; else they keep their names, greyed. A missing key is the
    group ``missing``. Intervals are cut to ``bounds``, the range of the scores (a t interval of
    two articles runs far beyond it)."""
    keys = [by] if isinstance(by, str) else list(by)
    f = frame[[*keys, value]].copy()
    for k in keys:
        f[k] = f[k].astype(object).where(f[k].notna(), missing)
    pooled = pooled_label(min_n)
    sizes = f.groupby(keys[0])[value].size() if len(keys) == 1 else pd.Series(dtype=int)
    small = list(sizes.index[sizes < min_n])
    if pool and len(keys) == 1 and len(small) >= 2 and (len(small) < len(sizes) or len(small) > keep_small):
        f[keys[0]] = f[keys[0]].where(~f[keys[0]].isin(small), pooled)
    else:
        small = []
    rows = []
    for name, vals in f.groupby(keys, sort=True)[value]:
        name = name if isinstance(name, tuple) else (name,)
        rows.append((*name, len(vals), float(vals.mean()), *mean_interval(vals)))
    out = pd.DataFrame(rows, columns=[*keys, "n", "mean", "low", "high"])
    out[["low", "high"]] = out[["low", "high"]].clip(*bounds)
    is_pooled = out[keys[0]] == pooled
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


def headers(frame: pd.DataFrame, names: dict[str, str]) -> dict[str, str]:
    """The entries of ``names`` (column → header) whose column ``frame`` has and fills for some
    row, in ``names``' order: the ``columns`` of a report table, so that a column a corpus lacks
    (outlet, date) or leaves empty (no probability where no model could learn) is not shown."""
    return {c: h for c, h in names.items() if c in frame.columns and frame[c].notna().any()}


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


def outlet_tone(tone: pd.DataFrame, *, min_n: int = 5, missing: str = "(no outlet stated)") -> pd.DataFrame:
    """:func:`compare_means` of the articles' tone (:func:`article_tone_table`) per outlet, the
    outlets under ``min_n`` articles pooled; every article is ``missing`` when no outlet is known."""
    t = tone if "outlet" in tone.columns else tone.assign(outlet=None)
    return compare_means(t, "outlet", "mean_compound", min_n=min_n, pool=True, missing=missing)


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
    out = targets.assign(group=targets["side"].astype(object).where(targets["side"].notna(), "unknown"))
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
    t["voice"] = t["voice"].map(VOICE_NAMES).fillna("unknown")
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
    s = sentences.assign(voice=sentences["voice"].map(VOICE_NAMES).fillna("unknown"))
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
