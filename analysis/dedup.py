"""Exact and near-duplicate articles (wire copy run under several mastheads).

Why MinHash: comparing every pair of articles is quadratic, hopeless at a million articles. A
MinHash signature over word 5-gram shingles estimates their Jaccard similarity, and locality-
sensitive hashing over bands of the signature finds the candidate pairs in linear time; each
candidate is then checked on its exact shingle overlap, so the estimate never decides alone.
"""

from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np
import pandas as pd

from analysis.text import tokenize

_MAX_HASH = (1 << 32) - 1


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


_BASES = np.array([1, 1_000_003, 998_244_353, 1_000_000_007, 754_974_721, 167_772_161],
                  dtype=np.uint64)


def shingles(text: str, n: int = 5) -> np.ndarray:
    """Hashed word n-grams of ``text``: sorted unique uint64 values.

    Tokens are hashed with CRC-32 (stable across processes, unlike ``hash``), and each n-gram is
    a polynomial combination of its token hashes computed with numpy, not a joined string.
    """
    toks = tokenize(text)
    if not toks:
        return np.empty(0, dtype=np.uint64)
    h = np.fromiter((zlib.crc32(t.encode()) for t in toks), dtype=np.uint64, count=len(toks))
    n = min(n, len(h))
    grams = np.zeros(len(h) - n + 1, dtype=np.uint64)
    for j in range(n):
        grams += h[j : len(h) - n + 1 + j] * _BASES[j % len(_BASES)]
    return np.unique(grams)


def _signature(sh: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if not len(sh):
        return np.full(len(a), _MAX_HASH, dtype=np.uint64)
    x = sh & np.uint64(_MAX_HASH)
    hashed = (a[:, None] * x[None, :] + b[:, None]) >> np.uint64(32)
    return hashed.min(axis=1)


def _jaccard(x: np.ndarray, y: np.ndarray) -> float:
    inter = len(np.intersect1d(x, y, assume_unique=True))
    union = len(x) + len(y) - inter
    return inter / union if union else 0.0


def find_duplicates(
    docs: pd.DataFrame,
    *,
    threshold: float = 0.8,
    num_perm: int = 64,
    bands: int = 16,
    seed: int = 0,
) -> pd.Series:
    """``duplicate_of`` for each article: the ``doc_id`` of the first copy it duplicates, or NA.

    "First" is the earliest dated article, then the first in corpus order. An article is a
    near duplicate when the Jaccard similarity of its word 5-gram shingles with the first copy's is
    at least ``threshold``. Returns a Series aligned with ``docs.index``.
    """
    order = _canonical_order(docs)
    ids = docs["doc_id"].to_numpy()
    texts = docs["text"].to_numpy()
    result = pd.Series(pd.NA, index=docs.index, dtype="object")
    first_of: dict[str, int] = {}  # exact hash -> position
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 1 << 32, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 1 << 32, size=num_perm, dtype=np.uint64)
    rows = num_perm // bands
    buckets: dict[tuple[int, bytes], list[int]] = {}
    shingle_sets: dict[int, np.ndarray] = {}
    for pos in order:
        text = texts[pos]
        key = hashlib.blake2b(_normalised(text).encode(), digest_size=16).hexdigest()
        if key in first_of:
            result.iloc[pos] = ids[first_of[key]]
            continue
        first_of[key] = pos
        sh = shingles(text)
        sig = _signature(sh, a, b)
        match = None
        candidates = []
        for band in range(bands):
            bkey = (band, sig[band * rows : (band + 1) * rows].tobytes())
            candidates.extend(buckets.get(bkey, ()))
        for cand in dict.fromkeys(candidates):
            if _jaccard(sh, shingle_sets[cand]) >= threshold:
                match = cand
                break
        if match is not None:
            result.iloc[pos] = ids[match]
            continue
        shingle_sets[pos] = sh
        for band in range(bands):
            buckets.setdefault((band, sig[band * rows : (band + 1) * rows].tobytes()), []).append(pos)
    return result


def _canonical_order(docs: pd.DataFrame) -> list[int]:
    """Positions sorted by date (unknown last), then corpus order: the first copy comes first."""
    dates = pd.to_datetime(docs["date"]) if "date" in docs else pd.Series(pd.NaT, index=docs.index)
    frame = pd.DataFrame({"date": dates.to_numpy(), "pos": np.arange(len(docs))})
    return frame.sort_values(["date", "pos"], na_position="last", kind="stable")["pos"].tolist()
