"""Tables the notebook reads: tone per article, outlet, voice and actor; extremes; the arc.

Each function takes the sentences or targets table of :func:`analysis.sentiment.extract` (and the
docs table where a grouping column such as ``outlet`` or ``date`` lives there) and returns a
small tidy table; none of them changes a score.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd

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


def voice_actor_tone(
    targets: pd.DataFrame, sentences: pd.DataFrame, *, min_mentions: int = 1
) -> pd.DataFrame:
    """Tone towards each actor split by whose words it is in: ``actor, side, voice,
    speaker_side, n_mentions, mean_score, share_neg, share_pos``.

    ``voice`` is ``author`` (the journalist's own text) or ``quote``; ``speaker_side`` is the
    quoted speaker's group (``unknown`` when the speaker is not placed; empty for the author).
    Why: "how do one side's sources speak of the other side, and the journalist of both?" is a
    question about the voice *and* the target together; the sentence tables alone mix them.
    A target takes the voice of the sentence it is in (``doc_id, sent_id``). Rows with fewer
    than ``min_mentions`` mentions are dropped; rows sorted by actor, voice, speaker side.
    """
    voice = sentences[["doc_id", "sent_id", "voice", "side"]].rename(columns={"side": "speaker_side"})
    t = targets.merge(voice, on=["doc_id", "sent_id"], how="left")
    t["voice"] = t["voice"].fillna("author")
    quoted = t["voice"].eq("quote")
    t["speaker_side"] = t["speaker_side"].where(~quoted | t["speaker_side"].notna(), "unknown")
    t["speaker_side"] = t["speaker_side"].where(quoted, "")
    t = t.assign(is_neg=t["label"].eq("neg"), is_pos=t["label"].eq("pos"))
    out = (
        t.groupby(["actor", "side", "voice", "speaker_side"], dropna=False, sort=True)
        .agg(
            n_mentions=("score", "size"),
            mean_score=("score", "mean"),
            share_neg=("is_neg", "mean"),
            share_pos=("is_pos", "mean"),
        )
        .reset_index()
    )
    return out[out["n_mentions"] >= min_mentions].reset_index(drop=True)
