"""Joining the three studies: who speaks on which topic, with what tone, for which side.

Why a join of its own: each study answers one question (what about, how negative, whose words),
but the analyst's question is their combination: "on the sanctions topic, which side is quoted,
and how hostile are those quotes?". Every quote gets a topic (the topic model applied to the
quote's own sentence, not its article's, since one article covers several topics) and a tone
(VADER on the quoted content, so a speaker's words are scored, not the journalist's framing).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import vader

QUOTE_COLUMNS = ["doc_id", "attr_id", "type", "speaker", "speaker_kind", "side", "cue", "content",
                 "sent_id", "tone", "topic", "topic_weight"]


def quote_tone(attributions: pd.DataFrame) -> pd.Series:
    """VADER compound score of each attribution's content (the speaker's words only)."""
    if attributions.empty:
        return pd.Series(dtype=float, index=attributions.index)
    scores = vader.score_texts(attributions["content"].fillna("").astype(str).tolist())
    return pd.Series(scores["compound"].to_numpy(), index=attributions.index, name="tone")


def quote_topics(model, attributions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The dominant topic of each quote's sentence: ``topic`` and its share ``topic_weight``.

    ``model`` is a fitted :class:`analysis.topics.TopicModel`; the sentence is the one holding the
    start of the quote's content (``sent_id``). Quotes whose sentence has no term the model knows
    get topic -1.
    """
    if attributions.empty:
        return pd.DataFrame({"topic": pd.Series(dtype="int64"), "topic_weight": pd.Series(dtype=float)})
    keyed = sentences.set_index(["doc_id", "sent_id"])["text"]
    keys = list(zip(attributions["doc_id"], attributions["sent_id"].fillna(-1).astype(int)))
    texts = [keyed.get(k, "") for k in keys]
    texts = [t if t else c for t, c in zip(texts, attributions["content"].fillna("").astype(str))]
    frame = pd.DataFrame({"doc_id": [f"q{i}" for i in range(len(texts))], "title": "", "text": texts})
    shares = np.asarray(model.transform(frame), dtype=float)
    best = shares.argmax(axis=1)
    weight = shares[np.arange(len(best)), best]
    topic = np.where(weight > 0, best, -1)
    return pd.DataFrame({"topic": topic.astype("int64"), "topic_weight": weight}, index=attributions.index)


def quotes_table(attributions: pd.DataFrame, sentences: pd.DataFrame, model=None) -> pd.DataFrame:
    """Every attribution with its tone and (when a topic model is given) its topic."""
    table = attributions.copy()
    table["tone"] = quote_tone(table)
    if model is not None:
        table = pd.concat([table, quote_topics(model, table, sentences)], axis=1)
    else:
        table["topic"], table["topic_weight"] = -1, np.nan
    return table[[c for c in QUOTE_COLUMNS if c in table.columns]]


def topic_voices(quotes: pd.DataFrame, labels: dict[int, str] | None = None, top: int = 3) -> pd.DataFrame:
    """Per topic: quotes, share by side, mean tone, and the most quoted speakers.

    Columns: ``topic, label, quotes, share_RU, share_US, share_other, tone, top_speakers``.
    """
    rows = []
    for topic, group in quotes[quotes["topic"] >= 0].groupby("topic"):
        sides = group["side"].fillna("unknown").value_counts(normalize=True)
        speakers = group["speaker"].dropna().value_counts().head(top)
        rows.append({
            "topic": int(topic),
            "label": (labels or {}).get(int(topic), str(topic)),
            "quotes": len(group),
            "share_RU": round(float(sides.get("RU", 0.0)), 3),
            "share_US": round(float(sides.get("US", 0.0)), 3),
            "share_other": round(float(1.0 - sides.get("RU", 0.0) - sides.get("US", 0.0)), 3),
            "tone": round(float(group["tone"].mean()), 3),
            "top_speakers": ", ".join(f"{name} ({n})" for name, n in speakers.items()),
        })
    return pd.DataFrame(rows, columns=["topic", "label", "quotes", "share_RU", "share_US",
                                       "share_other", "tone", "top_speakers"])


def side_balance(quotes: pd.DataFrame, docs: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Per outlet (or another docs column) and side: quotes, share of voice, mean tone.

    Share of voice is the side's share of that outlet's attributions. Articles with no outlet
    are grouped as "(unknown)".
    """
    groups = docs.set_index("doc_id")[by].astype("object")
    table = quotes.assign(group=quotes["doc_id"].map(groups).fillna("(unknown)"),
                          side=quotes["side"].fillna("unknown"))
    if table.empty:
        return pd.DataFrame(columns=[by, "side", "quotes", "share", "tone"])
    out = table.groupby(["group", "side"]).agg(quotes=("doc_id", "size"), tone=("tone", "mean")).reset_index()
    out["share"] = out["quotes"] / out.groupby("group")["quotes"].transform("sum")
    out = out.rename(columns={"group": by})
    out[["share", "tone"]] = out[["share", "tone"]].round(3)
    return out[[by, "side", "quotes", "share", "tone"]]


def speaker_profiles(quotes: pd.DataFrame, labels: dict[int, str] | None = None) -> pd.DataFrame:
    """Per speaker: side, quotes, share direct, mean tone, articles, and the topics they speak on."""
    rows = []
    for speaker, group in quotes.dropna(subset=["speaker"]).groupby("speaker"):
        topics = group.loc[group["topic"] >= 0, "topic"].value_counts()
        rows.append({
            "speaker": speaker,
            "side": group["side"].mode().iloc[0] if group["side"].notna().any() else "unknown",
            "kind": group["speaker_kind"].mode().iloc[0] if group["speaker_kind"].notna().any() else None,
            "quotes": len(group),
            "direct": round(float((group["type"] != "indirect").mean()), 3),
            "tone": round(float(group["tone"].mean()), 3),
            "articles": int(group["doc_id"].nunique()),
            "topics": "; ".join(f"{(labels or {}).get(int(t), t)} ({n})" for t, n in topics.head(3).items()),
        })
    out = pd.DataFrame(rows, columns=["speaker", "side", "kind", "quotes", "direct", "tone", "articles", "topics"])
    return out.sort_values(["quotes", "speaker"], ascending=[False, True], kind="stable").reset_index(drop=True)


def plot_side_tone(ax, balance: pd.DataFrame, by: str = "outlet") -> None:
    """Bubbles: outlet × side, size = quotes, colour = mean tone (red negative, blue positive)."""
    from analysis.plots import empty_note

    if balance.empty:
        empty_note(ax, "no attributions")
        return
    groups = list(dict.fromkeys(balance[by].astype(str)))
    sides = [s for s in ("RU", "US", "other", "unknown") if s in set(balance["side"])]
    x = balance["side"].map({s: i for i, s in enumerate(sides)})
    y = balance[by].astype(str).map({g: i for i, g in enumerate(groups)})
    points = ax.scatter(x, y, s=60 + 40 * balance["quotes"], c=balance["tone"], cmap="RdBu",
                        vmin=-1, vmax=1, edgecolors="#333")
    ax.set_xticks(range(len(sides)), sides)
    ax.set_yticks(range(len(groups)), groups)
    ax.set_xlim(-0.6, len(sides) - 0.4)
    ax.set_ylim(-0.6, len(groups) - 0.4)
    ax.figure.colorbar(points, ax=ax, label="mean tone of quotes (VADER compound)")
