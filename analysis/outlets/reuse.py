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

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis import schema
from analysis.corpus.dedup import shingle_hashes
from analysis.schema import UNKNOWN
from analysis.text import word_spans

EARLIER_LATER = "earlier→later"
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


@dataclass(frozen=True)
class _Doc:
    """One article as word spans and shingle hashes (position i = words i .. i+n-1)."""

    spans: np.ndarray  # (n_words, 2) character offsets into docs.text
    shingles: np.ndarray  # uint64, len n_words - n + 1 (or 0)
    informative: np.ndarray  # bool per shingle: has at least two non-stop-words


def _prepare(text: object, n: int) -> _Doc:
    if not isinstance(text, str) or not text:
        return _Doc(np.zeros((0, 2), dtype=np.int64), np.zeros(0, np.uint64), np.zeros(0, bool))
    spans = np.asarray(word_spans(text), dtype=np.int64).reshape(-1, 2)
    low = text.lower().replace("’", "'")
    if len(low) != len(text):  # a letter whose lower case is longer: fold word by word
        toks = [text[s:e].lower().replace("’", "'") for s, e in spans]
    else:  # one pass over the text, then slices (per-word lower() dominated the cost)
        toks = [low[s:e] for s, e in spans.tolist()]
    m = len(toks) - n + 1
    if m <= 0:
        return _Doc(spans, np.zeros(0, np.uint64), np.zeros(0, bool))
    content = np.fromiter((t not in ENGLISH_STOP_WORDS for t in toks), dtype=np.int64, count=len(toks))
    csum = np.concatenate([[0], np.cumsum(content)])
    informative = (csum[n:] - csum[:m]) >= 2
    return _Doc(spans, shingle_hashes(toks, n), informative)


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


def _shared_pairs(
    H: np.ndarray, D: np.ndarray, P: np.ndarray, max_doc_freq: int
) -> Iterator[tuple[int, int, np.ndarray, np.ndarray]]:
    """Every pair of articles ``i < j`` sharing a shingle, with the positions of their matching
    shingles (``pa`` in ``i``, ``pb`` in ``j``), from hashes sorted by (hash, article, position).

    Why array code: a shingle found in k places gives k(k-1)/2 matches; built with
    ``triu_indices`` per group size rather than a Python double loop, the matches of a 10k-article
    corpus are a few array operations. Groups of one article or of more than ``max_doc_freq``
    articles are skipped (a repeated phrase, boilerplate).
    """
    if not len(H):
        return
    new_hash = np.ones(len(H), dtype=bool)
    new_hash[1:] = H[1:] != H[:-1]
    starts = np.flatnonzero(new_hash)
    sizes = np.diff(np.append(starts, len(H)))
    new_doc = new_hash.copy()
    new_doc[1:] |= D[1:] != D[:-1]
    distinct = np.add.reduceat(new_doc.astype(np.int64), starts)
    keep = (sizes >= 2) & (distinct >= 2) & (distinct <= max_doc_freq)
    xs, ys = [], []
    for k in np.unique(sizes[keep]):
        first = starts[keep & (sizes == k)]
        a, b = np.triu_indices(int(k), 1)
        xs.append((first[:, None] + a).ravel())
        ys.append((first[:, None] + b).ravel())
    if not xs:
        return
    x, y = np.concatenate(xs), np.concatenate(ys)
    other = D[x] != D[y]
    di, dj, pa, pb = D[x[other]], D[y[other]], P[x[other]], P[y[other]]
    order = np.lexsort((pb, pa, dj, di))
    di, dj, pa, pb = di[order], dj[order], pa[order], pb[order]
    cut = np.flatnonzero((di[1:] != di[:-1]) | (dj[1:] != dj[:-1])) + 1
    for s, e in zip(np.append(0, cut), np.append(cut, len(di))):
        yield int(di[s]), int(dj[s]), pa[s:e], pb[s:e]


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

    Returns
    -------
    One row per pair with at least one passage: ``source_doc, target_doc, shared_words``
    (target words inside shared passages), ``share_of_target`` (of the target's words),
    ``share_of_source``, ``direction`` (``"earlier→later"`` or ``"unknown"``), ``passages``
    (count; :func:`passages` lists them with offsets). Sorted by ``shared_words`` descending.
    """
    docs = compared(docs, keep_duplicates=keep_duplicates)
    gap = n if gap is None else gap
    prepared = [_prepare(t, n) for t in docs["text"]]
    hashes, owner, pos = [], [], []
    for d, p in enumerate(prepared):
        keep = np.flatnonzero(p.informative)
        hashes.append(p.shingles[keep])
        owner.append(np.full(len(keep), d, dtype=np.int64))
        pos.append(keep.astype(np.int64))
    if not hashes:
        return pd.DataFrame(columns=REUSE_COLUMNS)
    H, D, P = np.concatenate(hashes), np.concatenate(owner), np.concatenate(pos)
    order = np.lexsort((P, D, H))
    H, D, P = H[order], D[order], P[order]
    dates = _dates(docs)
    ids = docs["doc_id"].to_numpy()
    rows = []
    for i, j, pa, pb in _shared_pairs(H, D, P, max_doc_freq):
        found = _passages_from_matches(pa, pb, n, gap, min_words)
        if not found:
            continue
        src, tgt, direction = _orient(dates, i, j)
        a_iv = [(p[0], p[1]) for p in found]
        b_iv = [(p[2], p[3]) for p in found]
        if src != i:
            a_iv, b_iv = b_iv, a_iv
        n_src, n_tgt = len(prepared[src].spans), len(prepared[tgt].spans)
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
    out = pd.DataFrame(rows, columns=REUSE_COLUMNS)
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
    pa_doc, pb_doc = _prepare(ta, n), _prepare(tb, n)
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
