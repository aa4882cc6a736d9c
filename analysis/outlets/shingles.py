"""The shingle index of text reuse: each article's informative word n-grams hashed, sorted once,
and the article pairs that share them, built in bounded batches.

Why a module of its own: this is the corpus-wide, memory-bound half of :mod:`analysis.outlets.reuse`
(16 bytes per shingle kept, at most :data:`MAX_MATCHES` matches held at once); the alignment of
one pair's matches into passages stays there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.corpus.dedup import shingle_hashes
from analysis.text import word_spans


@dataclass(frozen=True)
class Shingled:
    """One article as word spans and shingle hashes (position i = words i .. i+n-1)."""

    spans: np.ndarray  # (n_words, 2) character offsets into docs.text
    shingles: np.ndarray  # uint64, len n_words - n + 1 (or 0)
    informative: np.ndarray  # bool per shingle: has at least two non-stop-words


def shingled(text: object, n: int) -> Shingled:
    if not isinstance(text, str) or not text:
        return Shingled(np.zeros((0, 2), dtype=np.int64), np.zeros(0, np.uint64), np.zeros(0, bool))
    spans = np.asarray(word_spans(text), dtype=np.int64).reshape(-1, 2)
    low = text.lower().replace("’", "'")
    if len(low) != len(text):  # a letter whose lower case is longer: fold word by word
        toks = [text[s:e].lower().replace("’", "'") for s, e in spans]
    else:  # one pass over the text, then slices (per-word lower() dominated the cost)
        toks = [low[s:e] for s, e in spans.tolist()]
    m = len(toks) - n + 1
    if m <= 0:
        return Shingled(spans, np.zeros(0, np.uint64), np.zeros(0, bool))
    content = np.fromiter((t not in ENGLISH_STOP_WORDS for t in toks), dtype=np.int64, count=len(toks))
    csum = np.concatenate([[0], np.cumsum(content)])
    informative = (csum[n:] - csum[:m]) >= 2
    return Shingled(spans, shingle_hashes(toks, n), informative)


#: Matching shingle pairs held at once (each four int32/int64 values): the pairs of a batch of
#: source articles are built, aligned and dropped before the next batch, so memory follows this
#: bound, not the square of a shingle's article count over the whole corpus.
MAX_MATCHES = 4_000_000


def kept_groups(H: np.ndarray, D: np.ndarray, max_doc_freq: int) -> tuple[np.ndarray, np.ndarray]:
    """For entries sorted by (hash, article, position): a mask of the entries in shingle groups
    shared by 2 to ``max_doc_freq`` articles, and each entry's group end (exclusive)."""
    new_hash = np.ones(len(H), dtype=bool)
    new_hash[1:] = H[1:] != H[:-1]
    starts = np.flatnonzero(new_hash)
    sizes = np.diff(np.append(starts, len(H)))
    new_doc = new_hash.copy()
    new_doc[1:] |= D[1:] != D[:-1]
    distinct = np.add.reduceat(new_doc.astype(np.int64), starts)
    keep_group = (sizes >= 2) & (distinct >= 2) & (distinct <= max_doc_freq)
    ends = np.repeat(starts + sizes, sizes)
    return np.repeat(keep_group, sizes), ends


def batch_matches(
    entries: np.ndarray, ends: np.ndarray, D: np.ndarray, P: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The matches (di, dj, pa, pb), di < dj, of the given entries with the later entries of
    their group (a group is sorted by article, so "later" is every other article's entry once)."""
    count = ends[entries] - entries - 1
    x = np.repeat(entries, count)
    first = np.repeat(np.cumsum(count) - count, count)
    y = x + 1 + (np.arange(len(x)) - first)
    other = D[x] != D[y]
    x, y = x[other], y[other]
    return D[x], D[y], P[x], P[y]


def shared_pairs(
    H: np.ndarray, D: np.ndarray, P: np.ndarray, max_doc_freq: int, max_matches: int = MAX_MATCHES
) -> Iterator[tuple[int, int, np.ndarray, np.ndarray]]:
    """Every pair of articles ``i < j`` sharing a shingle, with the positions of their matching
    shingles (``pa`` in ``i``, ``pb`` in ``j``), from hashes sorted by (hash, article, position),
    in the order of (i, j).

    Why batches of source articles: a shingle found in k places gives k(k-1)/2 matches, and a
    corpus of wire copies has millions of such shingles; all of one pair's matches come from the
    entries of its first article, so the matches of articles ``i0 .. i1`` alone are complete for
    their pairs. The batch grows while its matches stay under ``max_matches`` (a single article
    with more is a batch of its own). Groups of one article or of more than ``max_doc_freq``
    articles are skipped (a repeated phrase, boilerplate).
    """
    if not len(H):
        return
    keep, ends = kept_groups(H, D, max_doc_freq)
    entries = np.flatnonzero(keep)
    if not len(entries):
        return
    entries = entries[np.argsort(D[entries], kind="stable")]  # by article, then group order
    per_entry = ends[entries] - entries - 1
    doc_of = D[entries]
    cut = np.flatnonzero(doc_of[1:] != doc_of[:-1]) + 1
    doc_start = np.append(0, cut)
    doc_end = np.append(cut, len(entries))
    doc_matches = np.add.reduceat(per_entry, doc_start)
    b = 0
    while b < len(doc_start):
        total, e = 0, b
        while e < len(doc_start) and (e == b or total + doc_matches[e] <= max_matches):
            total += int(doc_matches[e])
            e += 1
        yield from pairs_of(batch_matches(entries[doc_start[b] : doc_end[e - 1]], ends, D, P))
        b = e


def pairs_of(
    matches: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> Iterator[tuple[int, int, np.ndarray, np.ndarray]]:
    """The matches grouped by article pair, in (i, j) order, positions sorted."""
    di, dj, pa, pb = matches
    if not len(di):
        return
    order = np.lexsort((pb, pa, dj, di))
    di, dj, pa, pb = di[order], dj[order], pa[order], pb[order]
    cut = np.flatnonzero((di[1:] != di[:-1]) | (dj[1:] != dj[:-1])) + 1
    for s, e in zip(np.append(0, cut), np.append(cut, len(di))):
        yield int(di[s]), int(dj[s]), pa[s:e], pb[s:e]


def shingle_index(texts: pd.Series, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The informative shingles of every article sorted by (hash, article, position), and each
    article's word count. Only these are kept, not the articles' word spans: the index is what
    the pairs need, 16 bytes a shingle."""
    hashes, owner, pos = [], [], []
    n_words = np.zeros(len(texts), dtype=np.int64)
    for d, text in enumerate(texts):
        p = shingled(text, n)
        n_words[d] = len(p.spans)
        keep = np.flatnonzero(p.informative)
        hashes.append(p.shingles[keep])
        owner.append(np.full(len(keep), d, dtype=np.int32))
        pos.append(keep.astype(np.int32))
    if not hashes:
        return np.zeros(0, np.uint64), np.zeros(0, np.int32), np.zeros(0, np.int32), n_words
    H, D, P = np.concatenate(hashes), np.concatenate(owner), np.concatenate(pos)
    del hashes, owner, pos
    order = np.lexsort((P, D, H))
    return H[order], D[order], P[order], n_words
