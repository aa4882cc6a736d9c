"""Summaries of the attributions table for the sources report (``notebooks/03_sources.ipynb``).

Each function takes the table from :func:`analysis.attribution.extract` (and the docs table when
outlets matter) and returns a small tidy DataFrame, so the notebook does no computation of its
own. Counts are of *attributions* (``doc_id`` + ``attr_id``), not rows:
a quote interrupted by its cue or running over paragraphs is one attribution in several rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.lexicons import Lexicons, default_lexicons, groups_in
from analysis.reports.labels import UNKNOWN
from analysis.synthesis.join import attribution_rows


def speaker_counts(table: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """Most cited speakers: attributions, articles, and how many are direct/indirect/mixed."""
    a = attribution_rows(table)
    cols = ["speaker", "speaker_kind", "side", "attributions", "articles", "direct", "indirect", "mixed"]
    if a.empty:
        return pd.DataFrame(columns=cols)
    by_type = pd.crosstab(a["speaker"], a["type"]).reindex(
        columns=["direct", "indirect", "mixed"], fill_value=0
    )
    base = a.groupby("speaker").agg(
        speaker_kind=("speaker_kind", lambda s: s.mode().iat[0]),
        side=("side", lambda s: s.mode().iat[0]),
        attributions=("attr_id", "size"),
        articles=("doc_id", "nunique"),
    )
    out = base.join(by_type).reset_index().sort_values(["attributions", "speaker"], ascending=[False, True])
    return out[cols].head(top).reset_index(drop=True)


def side_balance(table: pd.DataFrame, docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Attributions per outlet and side (group), with each side's share of the outlet's
    attributions; one column per group present (:func:`groups_in`).

    Articles with no known outlet are grouped as ``(unknown outlet)``.
    """
    a = attribution_rows(table)
    if a.empty:
        return pd.DataFrame(columns=["outlet", "total"])
    a["side"] = a["side"].astype(object).fillna(UNKNOWN)
    sides = groups_in(a["side"])
    if docs is not None and "outlet" in docs:
        outlets = dict(zip(docs["doc_id"].astype(str), docs["outlet"]))
        a["outlet"] = a["doc_id"].map(outlets).astype(object).fillna("(unknown outlet)")
    else:
        a["outlet"] = "(all)"
    ct = pd.crosstab(a["outlet"], a["side"]).reindex(columns=sides, fill_value=0)
    ct["total"] = ct[sides].sum(axis=1)
    for s in sides:
        ct[f"{s}_share"] = (ct[s] / ct["total"]).round(3)
    ct.columns.name = None
    return ct.reset_index()


def type_by_side(table: pd.DataFrame) -> pd.DataFrame:
    """Direct / indirect / mixed attributions per side."""
    a = attribution_rows(table)
    if a.empty:
        return pd.DataFrame(columns=["side", "direct", "indirect", "mixed"])
    a["side"] = a["side"].astype(object).fillna(UNKNOWN)  # every attribution is in one row
    ct = pd.crosstab(a["side"], a["type"]).reindex(
        index=groups_in(a["side"]),
        columns=["direct", "indirect", "mixed"],
        fill_value=0,
    )
    ct.columns.name = None
    return ct.reset_index()


def cue_verbs_by_side(table: pd.DataFrame, top: int = 12, lexicons: Lexicons | None = None) -> pd.DataFrame:
    """Cue words per side: count, share within the side, and whether the verb is loaded (its
    first word is marked ``loaded`` in the cue lexicon, :attr:`Lexicons.loaded_cues`)."""
    a = attribution_rows(table)
    a = a[a["cue"].fillna("").str.len() > 0]
    if a.empty:
        return pd.DataFrame(columns=["side", "cue", "count", "share", "loaded"])
    a = a.assign(cue=a["cue"].str.lower().str.split().str.join(" "))
    c = a.groupby(["side", "cue"]).size().rename("count").reset_index()
    c["share"] = (c["count"] / c.groupby("side")["count"].transform("sum")).round(3)
    c["loaded"] = c["cue"].str.split().str[0].isin((lexicons or default_lexicons()).loaded_cues)
    c = c.sort_values(["side", "count", "cue"], ascending=[True, False, True])
    return c.groupby("side").head(top).reset_index(drop=True)


def loaded_share(table: pd.DataFrame, lexicons: Lexicons | None = None) -> pd.DataFrame:
    """Per side: attributions with a cue, how many use a loaded verb, and the share."""
    c = cue_verbs_by_side(table, top=10**6, lexicons=lexicons)
    if c.empty:
        return pd.DataFrame(columns=["side", "with_cue", "loaded", "loaded_share"])
    g = c.groupby("side").apply(
        lambda d: pd.Series({"with_cue": d["count"].sum(), "loaded": d.loc[d["loaded"], "count"].sum()}),
        include_groups=False,
    )
    g["loaded_share"] = (g["loaded"] / g["with_cue"]).round(3)
    return g.reset_index()


def cited_sources(table: pd.DataFrame, kinds: tuple[str, ...] = ("media", "document")) -> pd.DataFrame:
    """Media and documents cited as sources: name, kind, side, attributions, articles."""
    a = attribution_rows(table)
    a = a[a["speaker_kind"].isin(kinds)]
    if a.empty:
        return pd.DataFrame(columns=["speaker", "speaker_kind", "side", "attributions", "articles"])
    return (
        a.groupby(["speaker", "speaker_kind", "side"])
        .agg(attributions=("attr_id", "size"), articles=("doc_id", "nunique"))
        .reset_index()
        .sort_values(["attributions", "speaker"], ascending=[False, True])
        .reset_index(drop=True)
    )


def speaker_matrix(
    table: pd.DataFrame, docs: pd.DataFrame | None = None, by: str = "doc_id", top: int = 15
) -> pd.DataFrame:
    """Attributions per speaker (rows, the ``top`` most cited) × article or outlet (columns)."""
    a = attribution_rows(table)
    if a.empty:
        return pd.DataFrame()
    if by == "outlet" and docs is not None:
        a["outlet"] = (
            a["doc_id"].map(dict(zip(docs["doc_id"].astype(str), docs["outlet"]))).fillna("(unknown)")
        )
    keep = speaker_counts(table, top=top)["speaker"]
    ct = pd.crosstab(a["speaker"], a[by]).reindex(index=keep)
    return ct


def quotes_table(
    table: pd.DataFrame, max_rows: int = 60, types: tuple[str, ...] = ("direct", "mixed")
) -> pd.DataFrame:
    """Quotations with their speakers, in article order, capped at ``max_rows``."""
    a = attribution_rows(table)
    a = a[a["type"].isin(types)]
    return a[["doc_id", "speaker", "side", "type", "cue", "content"]].head(max_rows).reset_index(drop=True)


#: Characters of an attribution's passage at most; a longer one is cut to the quote and its edges.
MAX_PASSAGE = 900
#: Characters kept either side of a quote whose sentences are longer than :data:`MAX_PASSAGE`.
EDGE = 120


def passages(table: pd.DataFrame, docs: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Each attribution's words in their sentences: ``doc_id, attr_id, passage, mark_start,
    mark_end`` (the quote's stretch of the passage: from its first word to its last, so a quote in
    parts marks the cue between them too).

    Why: a quote cut from its sentence hides who else speaks in it and what the journalist added;
    the reader sees the sentences the quote lies in with the quote marked. ``docs`` needs
    ``doc_id, text``; ``sentences`` ``doc_id, start, end`` (offsets into ``docs.text``, as the
    attribution offsets are).
    """
    cols = ["doc_id", "attr_id", "passage", "mark_start", "mark_end"]
    if table.empty:
        return pd.DataFrame(columns=cols)
    spans = table.groupby(["doc_id", "attr_id"], sort=False).agg(
        start=("content_start", "min"), end=("content_end", "max")
    )
    texts = dict(zip(docs["doc_id"].astype(str), docs["text"]))
    bounds = {d: (g["start"].to_numpy(), g["end"].to_numpy()) for d, g in sentences.groupby("doc_id")}
    rows = []
    for (doc_id, attr_id), start, end in zip(spans.index, spans["start"], spans["end"]):
        text = texts.get(str(doc_id), "")
        first, last = _sentence_bounds(bounds.get(doc_id), int(start), int(end))
        if last - first > MAX_PASSAGE:
            first, last = max(0, int(start) - EDGE), min(len(text), int(end) + EDGE)
        rows.append((doc_id, attr_id, text[first:last], int(start) - first, int(end) - first))
    return pd.DataFrame(rows, columns=cols)


def _sentence_bounds(bounds, start: int, end: int) -> tuple[int, int]:
    """Start of the sentence holding ``start`` and end of the one holding ``end`` (the quote's
    own bounds when the sentences are not known)."""
    if bounds is None or not len(bounds[0]):
        return start, end
    starts, ends = bounds
    i = max(int(np.searchsorted(starts, start, side="right")) - 1, 0)
    j = min(int(np.searchsorted(ends, end, side="left")), len(ends) - 1)
    return min(int(starts[i]), start), max(int(ends[j]), end)


def quote_list(
    table: pd.DataFrame,
    docs: pd.DataFrame,
    sentences: pd.DataFrame,
    links: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Every attribution in article order, one row each, for a report's quote table: ``article``
    (title), ``outlet``, ``speaker``, ``side``, ``type``, ``cue``, ``content`` (whole, parts joined
    with " … "), ``passage`` with ``mark_start``/``mark_end``, ``href`` (the article view at the
    quote, when the run wrote a page) and ``doc_id``, ``attr_id``.

    A speaker not found is ``(not found)`` rather than an empty cell, so that a reader can search
    for it.
    """
    a = attribution_rows(table)
    cols = ["article", "outlet", "speaker", "side", "type", "cue", "content", "passage"]
    cols += ["mark_start", "mark_end", "href", "doc_id", "attr_id"]
    if a.empty:
        return pd.DataFrame(columns=cols)
    a = a.merge(passages(table, docs, sentences), on=["doc_id", "attr_id"], how="left")
    meta = docs.assign(doc_id=docs["doc_id"].astype(str)).set_index("doc_id")
    doc = a["doc_id"].astype(str)
    page = doc.map(links or {})
    a["article"] = doc.map(meta["title"]).fillna("(untitled)").replace("", "(untitled)")
    a["outlet"] = doc.map(meta["outlet"]).astype(object).fillna("")
    a["speaker"] = a["speaker"].astype(object).fillna("(not found)").replace("", "(not found)")
    a["side"] = a["side"].astype(object).fillna(UNKNOWN)
    a["cue"] = a["cue"].astype(object).fillna("")
    a["href"] = [f"{p}#a{int(i)}" if isinstance(p, str) else None for p, i in zip(page, a["attr_id"])]
    return a[cols].reset_index(drop=True)


def speaker_table(table: pd.DataFrame) -> pd.DataFrame:
    """Every speaker (:func:`speaker_counts` uncut), most cited first."""
    return speaker_counts(table, top=10**9)


def speaker_article_grid(
    table: pd.DataFrame, docs: pd.DataFrame, top: int = 15, max_articles: int = 30
) -> pd.DataFrame:
    """Long form of :func:`speaker_matrix` for a heat map: ``speaker, article, attributions``,
    only cells with at least one attribution; articles named by title (with their number in the
    corpus, since two articles may share a title). At most ``max_articles`` articles, those where
    the ``top`` speakers are cited most (a heat map of 400 columns shows nothing)."""
    m = speaker_matrix(table, docs, by="doc_id", top=top)
    if m.empty:
        return pd.DataFrame(columns=["speaker", "article", "attributions"])
    keep = m.sum(axis=0).sort_values(ascending=False, kind="stable").index[:max_articles]
    m = m[[c for c in m.columns if c in set(keep)]]
    order = {d: i for i, d in enumerate(docs["doc_id"].astype(str))}
    titles = dict(zip(docs["doc_id"].astype(str), docs["title"].fillna("(untitled)")))
    long = m.stack().rename("attributions").reset_index()
    long = long[long["attributions"] > 0]
    long["article"] = [
        f"{order.get(str(d), 0) + 1}. {_short(titles.get(str(d), str(d)))}" for d in long["doc_id"]
    ]
    long["position"] = long["doc_id"].astype(str).map(order)
    long = long.sort_values(["position"], kind="stable")
    return long[["speaker", "article", "attributions"]].reset_index(drop=True)


def _short(title: str, width: int = 40) -> str:
    title = " ".join(str(title).split())
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"
