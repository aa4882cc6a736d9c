"""Text reuse: passages shared between articles, who copied whom, and how much.

Wire copy runs under many mastheads and aggregators lift paragraphs from the outlets they cite,
so a report should be able to say "article B reuses 38% of article A". We find shared passages
the way plagiarism and text-reuse detectors do:

1. Each article becomes a sequence of lower-cased word tokens (:func:`analysis.text.word_spans`,
   so punctuation and quote-mark styles do not hide a copy) and each run of ``n`` consecutive
   words (a *shingle*) is hashed to a 64-bit number by
   :func:`analysis.corpus.dedup.shingle_hashes`, the one shingle hash duplicate detection uses too.
2. An inverted index (the hashes sorted once, with their article and position) gives every pair
   of articles sharing a shingle, without comparing all pairs of articles: the cost grows with
   the number of shared shingles, not with the square of the corpus. Shingles found in more than
   ``max_doc_freq`` articles (boilerplate, stock phrases) and shingles of stop words only are
   ignored.
3. Order-aware alignment: matching shingles that lie on the same diagonal (same offset between
   the two articles) and follow one another are chained into a passage; passages that continue
   one another in both articles across a small edit (a changed or inserted word) are merged.
   Passages shorter than ``min_words`` are dropped as coincidence ("said in a statement on").
4. Direction: when both articles are dated and the dates differ, the earlier one is the source
   (``direction == "earlier→later"``); otherwise the direction is ``"unknown"`` and the pair is
   listed once, in docs order.

Copies set aside by duplicate detection (``duplicate_of`` set, or ``analysed`` False) are left
out unless ``keep_duplicates``: an article paired with its own copy is not reuse a reader can
learn from, and every other count of the reports leaves the copies out too. An article that
appears twice under one ``doc_id`` is compared once, so no pair is listed twice.

All offsets index ``docs.text``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import schema
from analysis.outlets.shingles import shared_pairs, shingle_index, shingled
from analysis.params import default
from analysis.schema import UNKNOWN

EARLIER_LATER = "earlier→later"
#: Rows collected before the table is trimmed to each article's largest pairs (:func:`top_pairs`).
TRIM_EVERY = 200_000
REUSE_COLUMNS = schema.REUSE
PASSAGE_COLUMNS = [
    "source_doc",
    "target_doc",
    "passage_id",
    "source_start",
    "source_end",
    "target_start",
    "target_end",
    "n_words",
    "source_text",
    "target_text",
]


def _passages_from_matches(
    pa: np.ndarray, pb: np.ndarray, n: int, gap: int, min_words: int
) -> list[tuple[int, int, int, int]]:
    """Chain matching shingle positions into passages ``(a_first, a_last, b_first, b_last)``
    (word indices, inclusive) in the order they occur in the source."""
    if not len(pa):
        return []
    diag = pb - pa
    order = np.lexsort((pa, diag))
    pa, pb, diag = pa[order], pb[order], diag[order]
    runs: list[list[int]] = []
    start = 0
    for i in range(1, len(pa) + 1):
        if i == len(pa) or diag[i] != diag[i - 1] or pa[i] - pa[i - 1] > gap:
            runs.append([int(pa[start]), int(pa[i - 1]) + n - 1, int(pb[start]), int(pb[i - 1]) + n - 1])
            start = i
    runs.sort()
    merged: list[list[int]] = []
    for r in runs:
        if merged:
            p = merged[-1]
            da, db = r[0] - p[1], r[2] - p[3]
            # r continues p in both articles within a few words (an edit), in order.
            if -n < da <= gap and -n < db <= gap:
                p[1], p[3] = max(p[1], r[1]), max(p[3], r[3])
                continue
        merged.append(r)
    return [tuple(p) for p in merged if p[1] - p[0] + 1 >= min_words and p[3] - p[2] + 1 >= min_words]


def _covered(intervals: list[tuple[int, int]]) -> int:
    """Words covered by the union of inclusive word intervals."""
    total, last = 0, -1
    for s, e in sorted(intervals):
        if e > last:
            total += e - max(s, last + 1) + 1
            last = e
    return total


def _dates(docs: pd.DataFrame) -> list | None:
    """Each article's date as a plain list (None when the table has no dates), read once."""
    return docs["date"].tolist() if "date" in docs else None


def _orient(dates: list | None, i: int, j: int) -> tuple[int, int, str]:
    """(source, target, direction) for rows i < j: the earlier-dated article is the source.
    ``dates`` is read once (:func:`_dates`): a per-pair ``.iloc`` lookup dominated the cost."""
    if dates is not None:
        di, dj = dates[i], dates[j]
        if pd.notna(di) and pd.notna(dj) and di != dj:
            return (i, j, EARLIER_LATER) if di < dj else (j, i, EARLIER_LATER)
    return i, j, UNKNOWN


def compared(docs: pd.DataFrame, *, keep_duplicates: bool = False) -> pd.DataFrame:
    """The articles text reuse compares: each ``doc_id`` once, without the copies duplicate
    detection set aside (``duplicate_of`` set or ``analysed`` False) unless ``keep_duplicates``."""
    keep = ~docs["doc_id"].astype("string").duplicated().to_numpy()
    if not keep_duplicates:
        if "duplicate_of" in docs:
            keep &= docs["duplicate_of"].isna().to_numpy()
        if "analysed" in docs:
            keep &= docs["analysed"].fillna(True).astype(bool).to_numpy()
    return docs[keep].reset_index(drop=True)


def find_reuse(
    docs: pd.DataFrame,
    *,
    n: int = 8,
    min_words: int = 12,
    gap: int | None = None,
    max_doc_freq: int = 50,
    keep_duplicates: bool = False,
    top_per_article: int | None = default("outlets.reuse_top"),
) -> pd.DataFrame:
    """Pairs of articles that share passages, with how much each reuses of the other.

    Parameters
    ----------
    docs : docs table (``doc_id``, ``text``; ``date`` for direction).
    n : shingle length in words. 8 words rarely repeat by chance in news prose, yet a copied
        sentence has several.
    min_words : shortest passage reported; shorter shared runs are stock phrases.
    gap : largest break (in words) bridged inside one passage, default ``n`` (one edited word
        breaks ``n`` shingles).
    max_doc_freq : shingles found in more articles than this are treated as boilerplate.
    keep_duplicates : also compare the copies set aside (:func:`compared`).
    top_per_article : a pair is kept when it is among the ``top_per_article`` largest (by shared
        words) of its source or of its target; None keeps all. Why: news shares a passage with a
        handful of articles (at most 5 in BBC News), but a corpus of wire copies gives each
        article hundreds of partners and the table grows with the square of the corpus; the cap
        keeps each article's largest reuse, and the table is trimmed as it is built, so it never
        holds more than ``top_per_article`` rows per article (plus :data:`TRIM_EVERY`).

    Returns
    -------
    One row per pair with at least one passage: ``source_doc, target_doc, shared_words``
    (target words inside shared passages), ``share_of_target`` (of the target's words),
    ``share_of_source``, ``direction`` (``"earlier→later"`` or ``"unknown"``), ``passages``
    (count; :func:`passages` lists them with offsets). Sorted by ``shared_words`` descending.
    """
    docs = compared(docs, keep_duplicates=keep_duplicates)
    gap = n if gap is None else gap
    H, D, P, n_words = shingle_index(docs["text"], n)
    if not len(n_words):
        return pd.DataFrame(columns=REUSE_COLUMNS)
    dates = _dates(docs)
    ids = docs["doc_id"].to_numpy()
    rows: list[dict] = []
    kept: list[pd.DataFrame] = []  # what earlier trims kept (one frame)
    for i, j, pa, pb in shared_pairs(H, D, P, max_doc_freq):
        if top_per_article is not None and len(rows) >= TRIM_EVERY:
            kept, rows = (
                [top_pairs(pd.concat([*kept, pd.DataFrame(rows, columns=REUSE_COLUMNS)]), top_per_article)],
                [],
            )
        found = _passages_from_matches(pa, pb, n, gap, min_words)
        if not found:
            continue
        src, tgt, direction = _orient(dates, i, j)
        a_iv = [(p[0], p[1]) for p in found]
        b_iv = [(p[2], p[3]) for p in found]
        if src != i:
            a_iv, b_iv = b_iv, a_iv
        n_src, n_tgt = int(n_words[src]), int(n_words[tgt])
        shared_t, shared_s = _covered(b_iv), _covered(a_iv)
        rows.append(
            {
                "source_doc": ids[src],
                "target_doc": ids[tgt],
                "shared_words": shared_t,
                "share_of_target": shared_t / max(n_tgt, 1),
                "share_of_source": shared_s / max(n_src, 1),
                "direction": direction,
                "passages": len(found),
            }
        )
    frames = [*kept, *([pd.DataFrame(rows, columns=REUSE_COLUMNS)] if rows or not kept else [])]
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if top_per_article is not None:
        out = top_pairs(out, top_per_article)
    if len(out):
        out = out.sort_values(
            ["shared_words", "source_doc", "target_doc"], ascending=[False, True, True], kind="stable"
        )
    return out.astype(
        {
            "shared_words": "int64",
            "passages": "int64",
            "share_of_target": "float64",
            "share_of_source": "float64",
        }
    ).reset_index(drop=True)


def top_pairs(reuse: pd.DataFrame, k: int) -> pd.DataFrame:
    """The pairs among the ``k`` largest (shared words, then ids) of their source or their target.

    Trimming a part of the pairs never drops one the whole would keep (more pairs only push an
    article's ranks down), so trimming as the table grows gives the same rows as once at the end."""
    if len(reuse) == 0:
        return reuse
    order = reuse.sort_values(
        ["shared_words", "source_doc", "target_doc"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)
    ends = pd.DataFrame(
        {
            "pair": np.tile(np.arange(len(order)), 2),
            "doc": np.concatenate([order["source_doc"], order["target_doc"]]),
        }
    )
    ends = ends.sort_values("pair", kind="stable")  # each article's pairs in the ranking's order
    rank = ends.groupby("doc", sort=False).cumcount().to_numpy()
    best = np.full(len(order), np.iinfo(np.int64).max)
    np.minimum.at(best, ends["pair"].to_numpy(), rank)
    return order[best < k].reset_index(drop=True)


def passages(
    docs: pd.DataFrame, a: str, b: str, *, n: int = 8, min_words: int = 12, gap: int | None = None
) -> pd.DataFrame:
    """The passages article ``b`` shares with article ``a`` (``a`` read as the source).

    Returns ``source_doc, target_doc, passage_id, source_start, source_end, target_start,
    target_end, n_words, source_text, target_text``: character offsets into each article's
    ``docs.text`` (``text[start:end]`` is the passage as printed there), in source order.
    """
    gap = n if gap is None else gap
    ids = docs["doc_id"].astype("string")
    missing = [x for x in (a, b) if not (ids == x).any()]
    if missing:
        raise KeyError(f"no article with doc_id {missing[0]!r}")
    ta = docs["text"][(ids == a).to_numpy()].iloc[0]
    tb = docs["text"][(ids == b).to_numpy()].iloc[0]
    pa_doc, pb_doc = shingled(ta, n), shingled(tb, n)
    where: dict[int, list[int]] = {}
    for k in np.flatnonzero(pb_doc.informative):
        where.setdefault(int(pb_doc.shingles[k]), []).append(int(k))
    ma, mb = [], []
    for k in np.flatnonzero(pa_doc.informative):
        for q in where.get(int(pa_doc.shingles[k]), ()):
            ma.append(int(k))
            mb.append(q)
    found = _passages_from_matches(np.asarray(ma, np.int64), np.asarray(mb, np.int64), n, gap, min_words)
    rows = []
    for pid, (a0, a1, b0, b1) in enumerate(found):
        s_a, e_a = int(pa_doc.spans[a0, 0]), int(pa_doc.spans[a1, 1])
        s_b, e_b = int(pb_doc.spans[b0, 0]), int(pb_doc.spans[b1, 1])
        rows.append(
            {
                "source_doc": a,
                "target_doc": b,
                "passage_id": pid,
                "source_start": s_a,
                "source_end": e_a,
                "target_start": s_b,
                "target_end": e_b,
                "n_words": b1 - b0 + 1,
                "source_text": ta[s_a:e_a],
                "target_text": tb[s_b:e_b],
            }
        )
    return pd.DataFrame(rows, columns=PASSAGE_COLUMNS)


def reuse_matrix(
    reuse: pd.DataFrame, doc_ids: list[str] | pd.Series | None = None, *, top: int | None = 30
) -> pd.DataFrame:
    """Square table: row = source article, column = target, cell = share of the target's words
    found in passages shared with the source (0 where nothing is shared).

    ``doc_ids`` fixes the rows and columns (all articles of a small corpus); by default the
    articles that take part in some reuse. ``top`` keeps only the articles with the most shared
    words, so a report on a million articles still gets a readable matrix (None keeps all).
    """
    if doc_ids is None:
        doc_ids = sorted(set(reuse["source_doc"]) | set(reuse["target_doc"]))
    doc_ids = [str(d) for d in doc_ids]
    if top is not None and len(doc_ids) > top:
        volume = pd.concat(
            [
                reuse.groupby("source_doc")["shared_words"].sum(),
                reuse.groupby("target_doc")["shared_words"].sum(),
            ]
        )
        volume = volume.groupby(level=0).sum()
        ranked = sorted(doc_ids, key=lambda d: (-volume.get(d, 0), d))
        keep = set(ranked[:top])
        doc_ids = [d for d in doc_ids if d in keep]
    mat = pd.DataFrame(0.0, index=pd.Index(doc_ids, name="source"), columns=pd.Index(doc_ids, name="target"))
    for r in reuse.itertuples(index=False):
        s, t = str(r.source_doc), str(r.target_doc)
        if s in mat.index and t in mat.columns:
            mat.loc[s, t] = r.share_of_target
            if r.direction != EARLIER_LATER:  # undirected: show the other share too
                mat.loc[t, s] = r.share_of_source
    return mat
