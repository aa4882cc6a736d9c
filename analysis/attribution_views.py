"""Summaries of the attributions table for the sources report (``notebooks/03_sources.ipynb``).

Each function takes the table from :func:`analysis.attribution.extract` (and the docs table when
outlets matter) and returns a small tidy DataFrame or a figure, so the notebook does no
computation of its own. Counts are of *attributions* (``doc_id`` + ``attr_id``), not rows: a quote
interrupted by its cue or running over paragraphs is one attribution in several rows.
"""

from __future__ import annotations

import pandas as pd

from analysis.plots import SIDE_COLOURS, empty_note, figure

#: Cue verbs that colour what they report (the speaker "warned", "insisted", "admitted"), as
#: opposed to neutral ones ("said", "told", "according to"). Journalism style guides (AP, Reuters)
#: advise "said" because these verbs carry the writer's judgement.
LOADED_CUES = frozenset(
    """warned warns warning insisted insists insist insisting admitted admits admitting claimed
    claims claiming denied denies deny denying complained complains complaining conceded concedes
    threatened slammed blamed blames accused accuses criticized criticised dismissed vowed vows
    asserted asserts argued argues arguing declared declares declare branded labelled labeled
    cautioned contended maintained""".split()
)
SIDES = ["RU", "US", "other", "unknown"]


def attributions(table: pd.DataFrame) -> pd.DataFrame:
    """One row per attribution (parts joined): ``doc_id, attr_id, type, speaker, speaker_kind,
    role, side, cue, speaker_text, content, sent_id``."""
    if table.empty:
        return pd.DataFrame(columns=["doc_id", "attr_id", "type", "speaker", "speaker_kind", "role", "side",
                                     "cue", "speaker_text", "content", "sent_id"])
    g = table.groupby(["doc_id", "attr_id"], sort=False)
    first = g.first()[["type", "speaker", "speaker_kind", "role", "side", "cue", "speaker_text", "sent_id"]]
    content = g["content"].agg(" … ".join)
    return first.assign(content=content).reset_index()


def speaker_counts(table: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """Most cited speakers: attributions, articles, and how many are direct/indirect/mixed."""
    a = attributions(table)
    cols = ["speaker", "speaker_kind", "side", "attributions", "articles", "direct", "indirect", "mixed"]
    if a.empty:
        return pd.DataFrame(columns=cols)
    by_type = pd.crosstab(a["speaker"], a["type"]).reindex(columns=["direct", "indirect", "mixed"], fill_value=0)
    base = a.groupby("speaker").agg(
        speaker_kind=("speaker_kind", lambda s: s.mode().iat[0]),
        side=("side", lambda s: s.mode().iat[0]),
        attributions=("attr_id", "size"),
        articles=("doc_id", "nunique"),
    )
    out = base.join(by_type).reset_index().sort_values(["attributions", "speaker"], ascending=[False, True])
    return out[cols].head(top).reset_index(drop=True)


def side_balance(table: pd.DataFrame, docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Attributions per outlet and side, with each side's share of the outlet's attributions.

    Articles with no known outlet are grouped as ``(unknown outlet)``.
    """
    a = attributions(table)
    if a.empty:
        return pd.DataFrame(columns=["outlet", *SIDES, "total", *[f"{s}_share" for s in SIDES]])
    if docs is not None and "outlet" in docs:
        outlets = dict(zip(docs["doc_id"].astype(str), docs["outlet"]))
        a["outlet"] = a["doc_id"].map(outlets).fillna("(unknown outlet)")
    else:
        a["outlet"] = "(all)"
    ct = pd.crosstab(a["outlet"], a["side"]).reindex(columns=SIDES, fill_value=0)
    ct["total"] = ct[SIDES].sum(axis=1)
    for s in SIDES:
        ct[f"{s}_share"] = (ct[s] / ct["total"]).round(3)
    ct.columns.name = None
    return ct.reset_index()


def type_by_side(table: pd.DataFrame) -> pd.DataFrame:
    """Direct / indirect / mixed attributions per side."""
    a = attributions(table)
    if a.empty:
        return pd.DataFrame(columns=["side", "direct", "indirect", "mixed"])
    ct = pd.crosstab(a["side"], a["type"]).reindex(index=[s for s in SIDES if s in set(a["side"])],
                                                   columns=["direct", "indirect", "mixed"], fill_value=0)
    ct.columns.name = None
    return ct.reset_index()


def cue_verbs_by_side(table: pd.DataFrame, top: int = 12) -> pd.DataFrame:
    """Cue words per side: count, share within the side, and whether the verb is loaded."""
    a = attributions(table)
    a = a[a["cue"].fillna("").str.len() > 0]
    if a.empty:
        return pd.DataFrame(columns=["side", "cue", "count", "share", "loaded"])
    a = a.assign(cue=a["cue"].str.lower().str.split().str.join(" "))
    c = a.groupby(["side", "cue"]).size().rename("count").reset_index()
    c["share"] = (c["count"] / c.groupby("side")["count"].transform("sum")).round(3)
    c["loaded"] = c["cue"].str.split().str[0].isin(LOADED_CUES)
    c = c.sort_values(["side", "count", "cue"], ascending=[True, False, True])
    return c.groupby("side").head(top).reset_index(drop=True)


def loaded_share(table: pd.DataFrame) -> pd.DataFrame:
    """Per side: attributions with a cue, how many use a loaded verb, and the share."""
    c = cue_verbs_by_side(table, top=10**6)
    if c.empty:
        return pd.DataFrame(columns=["side", "with_cue", "loaded", "loaded_share"])
    g = c.groupby("side").apply(lambda d: pd.Series({"with_cue": d["count"].sum(),
                                                       "loaded": d.loc[d["loaded"], "count"].sum()}),
                                include_groups=False)
    g["loaded_share"] = (g["loaded"] / g["with_cue"]).round(3)
    return g.reset_index()


def cited_sources(table: pd.DataFrame, kinds: tuple[str, ...] = ("media", "document")) -> pd.DataFrame:
    """Media and documents cited as sources: name, kind, side, attributions, articles."""
    a = attributions(table)
    a = a[a["speaker_kind"].isin(kinds)]
    if a.empty:
        return pd.DataFrame(columns=["speaker", "speaker_kind", "side", "attributions", "articles"])
    return (a.groupby(["speaker", "speaker_kind", "side"]).agg(attributions=("attr_id", "size"),
                                                               articles=("doc_id", "nunique"))
            .reset_index().sort_values(["attributions", "speaker"], ascending=[False, True])
            .reset_index(drop=True))


def speaker_matrix(table: pd.DataFrame, docs: pd.DataFrame | None = None, by: str = "doc_id",
                   top: int = 15) -> pd.DataFrame:
    """Attributions per speaker (rows, the ``top`` most cited) × article or outlet (columns)."""
    a = attributions(table)
    if a.empty:
        return pd.DataFrame()
    if by == "outlet" and docs is not None:
        a["outlet"] = a["doc_id"].map(dict(zip(docs["doc_id"].astype(str), docs["outlet"]))).fillna("(unknown)")
    keep = speaker_counts(table, top=top)["speaker"]
    ct = pd.crosstab(a["speaker"], a[by]).reindex(index=keep)
    return ct


def quotes_table(table: pd.DataFrame, max_rows: int = 60, types: tuple[str, ...] = ("direct", "mixed")) -> pd.DataFrame:
    """Quotations with their speakers, in article order, capped at ``max_rows``."""
    a = attributions(table)
    a = a[a["type"].isin(types)]
    return a[["doc_id", "speaker", "side", "type", "cue", "content"]].head(max_rows).reset_index(drop=True)


# --- figures -----------------------------------------------------------------------------------


def plot_speakers(table: pd.DataFrame, top: int = 15):
    """Horizontal bars: attributions per speaker, stacked by type, coloured edge by side."""
    c = speaker_counts(table, top=top).iloc[::-1]
    fig, ax = figure(7, max(2.5, 0.35 * len(c) + 1))
    if c.empty:
        empty_note(ax, "no attributions found")
        return fig
    left = pd.Series(0, index=c.index)
    for typ, colour in (("direct", "#34495e"), ("mixed", "#7f8c8d"), ("indirect", "#bdc3c7")):
        ax.barh(c["speaker"], c[typ], left=left, color=colour, label=typ,
                edgecolor=[SIDE_COLOURS.get(s, "#999") for s in c["side"]], linewidth=1.5)
        left = left + c[typ]
    ax.set_xlabel("attributions")
    ax.legend(loc="lower right", frameon=False)
    for tick, side in zip(ax.get_yticklabels(), c["side"]):
        tick.set_color(SIDE_COLOURS.get(side, "#333"))
    ax.set_title("Who is quoted (label colour = side)")
    return fig


def plot_side_balance(table: pd.DataFrame, docs: pd.DataFrame | None = None):
    """Stacked bars: share of attributions per side, per outlet."""
    b = side_balance(table, docs)
    fig, ax = figure(7, max(2.5, 0.45 * len(b) + 1))
    if b.empty:
        empty_note(ax, "no attributions found")
        return fig
    left = pd.Series(0.0, index=b.index)
    for s in SIDES:
        ax.barh(b["outlet"], b[f"{s}_share"], left=left, color=SIDE_COLOURS[s], label=s)
        left = left + b[f"{s}_share"]
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of attributions")
    ax.legend(ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.25), frameon=False)
    ax.set_title("Voice balance by outlet")
    return fig


def plot_cues(table: pd.DataFrame, top: int = 8):
    """Per side, the most frequent cue words; loaded verbs hatched."""
    c = cue_verbs_by_side(table, top=top)
    c = c[c["side"].isin(["RU", "US"])]
    fig, ax = figure(7, max(2.5, 0.3 * len(c) + 1))
    if c.empty:
        empty_note(ax, "no RU or US attributions with a cue")
        return fig
    labels = c["side"] + ": " + c["cue"]
    bars = ax.barh(labels[::-1], c["share"][::-1], color=[SIDE_COLOURS[s] for s in c["side"][::-1]])
    for bar, loaded in zip(bars, c["loaded"][::-1]):
        if loaded:
            bar.set_hatch("//")
            bar.set_edgecolor("white")
    ax.set_xlabel("share of the side's attributions with a cue (hatched = loaded verb)")
    ax.set_title("Cue verbs per side")
    return fig


def plot_matrix(matrix: pd.DataFrame):
    """Heat map of a speaker × article (or outlet) matrix with counts in the cells."""
    fig, ax = figure(max(5, 0.9 * max(1, matrix.shape[1]) + 3), max(2.5, 0.35 * max(1, matrix.shape[0]) + 1))
    if matrix.empty:
        empty_note(ax, "no attributions found")
        return fig
    vals = matrix.fillna(0).to_numpy()
    ax.imshow(vals, cmap="Blues", aspect="auto")
    ax.set_yticks(range(matrix.shape[0]), matrix.index)
    ax.set_xticks(range(matrix.shape[1]), [str(c)[:18] for c in matrix.columns], rotation=45, ha="right")
    for i in range(vals.shape[0]):
        for j in range(vals.shape[1]):
            if vals[i, j]:
                ax.text(j, i, int(vals[i, j]), ha="center", va="center",
                        color="white" if vals[i, j] > vals.max() / 2 else "black", fontsize=8)
    ax.set_title("Attributions per speaker and article")
    return fig
