"""Exact and near-duplicate articles (wire copy run under several mastheads).

Why MinHash: comparing every pair of articles is quadratic, hopeless at a million articles. A
MinHash signature over word 5-gram shingles estimates their Jaccard similarity, and locality-
sensitive hashing over bands of the signature finds the candidate pairs in linear time; each
candidate is then checked on its exact shingle overlap, so the estimate never decides alone.

The public pieces are what an engine that reads a corpus in partitions needs to give the same
flags as :func:`find_duplicates` without holding every text: :func:`exact_key` and
:func:`signature` are computed where the text is, and :class:`DuplicateIndex` (the incremental
add-and-check that :func:`find_duplicates` itself runs) decides on the client.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.text import count_words, tokenize
from analysis.text.tokens import WORD

_MAX_HASH = (1 << 32) - 1
#: The defaults of :func:`find_duplicates` (and of the Dask engine, which must agree with it).
THRESHOLD, NUM_PERM, BANDS, SEED = 0.8, 64, 16, 0

_BASES = np.array([1, 1_000_003, 998_244_353, 1_000_000_007, 754_974_721, 167_772_161], dtype=np.uint64)


def normalised(text: str) -> str:
    """``text`` with whitespace runs folded to one space, stripped and lower-cased.

    ``str.split`` splits on exactly the characters ``\\s`` matches, several times faster."""
    return " ".join(text.split()).lower()


def exact_key(text: str) -> bytes:
    """A 16-byte key equal for texts that differ only in whitespace and case."""
    return hashlib.blake2b(normalised(text).encode(), digest_size=16).digest()


def shingle_hashes(tokens: Sequence[str], n: int = 5) -> np.ndarray:
    """The hash of every run of ``n`` consecutive tokens, in order (uint64, wrapping).

    Why one function: duplicates and text reuse both compare word n-grams; hashing them one way
    makes a shared shingle the same number in both. Each token is hashed with CRC-32 (stable
    across processes, unlike ``hash``) and a window is a polynomial combination of its token
    hashes computed with numpy, not a joined string. A text of fewer than ``n`` tokens has one
    shingle of all its tokens; no tokens, no shingle. Tokens are hashed as given (lower-case
    them first for a case-blind comparison).
    """
    if not len(tokens):
        return np.empty(0, dtype=np.uint64)
    h = np.fromiter(map(_TOKEN_CRC.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    n = min(n, len(h))
    grams = np.zeros(len(h) - n + 1, dtype=np.uint64)
    for j in range(n):
        grams += h[j : len(h) - n + 1 + j] * _BASES[j % len(_BASES)]
    return grams


class _CrcCache(dict):
    """CRC-32 of each token seen, computed once: a corpus repeats a vocabulary of some 10^5
    words millions of times. Emptied when it grows past :data:`_CRC_CACHE_SIZE` entries."""

    def __missing__(self, token: str) -> int:
        if len(self) >= _CRC_CACHE_SIZE:
            self.clear()
        value = self[token] = zlib.crc32(token.encode())
        return value


_CRC_CACHE_SIZE = 1_000_000
_TOKEN_CRC = _CrcCache()


def shingles(text: str, n: int = 5) -> np.ndarray:
    """Hashed word n-grams of ``text`` (:func:`analysis.text.tokenize`): sorted unique uint64."""
    return sorted_unique(shingle_hashes(lower_tokens(text), n))


def lower_tokens(text: str) -> list[str]:
    """:func:`analysis.text.tokenize` of ``text``, faster: the text is lower-cased once and its
    words found in one ``findall``. Lower-casing keeps each character a word character, an
    ASCII letter or neither (checked over all of Unicode) except the Kelvin sign, which becomes
    ASCII ``k``; so the words are the same unless the text holds a Kelvin sign or a character
    lower-casing lengthens (a dotted capital I), when the tokenizer itself is used."""
    low = text.lower()
    if len(low) != len(text) or "\u212a" in text:
        return tokenize(text)
    return WORD.findall(low)


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of a 1-d array, several times faster on the short arrays of one article."""
    if len(values) < 2:
        return values.copy()
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def hash_params(num_perm: int = NUM_PERM, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """The ``(a, b)`` coefficients of the ``num_perm`` MinHash functions drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 1 << 32, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 1 << 32, size=num_perm, dtype=np.uint64)
    return a, b


def signature(sh: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The MinHash signature of a shingle set (uint64 values, each below 2**32)."""
    if not len(sh):
        return np.full(len(a), _MAX_HASH, dtype=np.uint64)
    hashed = a[:, None] * (sh & np.uint64(_MAX_HASH))[None, :]
    hashed += b[:, None]  # in place: one array of num_perm x shingles, not three
    hashed >>= np.uint64(32)
    return hashed.min(axis=1)


def jaccard(x: np.ndarray, y: np.ndarray) -> float:
    """Jaccard similarity of two sorted unique shingle arrays."""
    inter = len(np.intersect1d(x, y, assume_unique=True))
    union = len(x) + len(y) - inter
    return inter / union if union else 0.0


def band_keys(sig: np.ndarray, bands: int = BANDS) -> list[tuple[int, bytes]]:
    """The LSH bucket of a signature in each band: articles sharing one are candidates."""
    step = len(sig) // bands * sig.itemsize
    raw = np.ascontiguousarray(sig).tobytes()  # one copy, sliced: the same bytes as each band's
    return [(band, raw[band * step : (band + 1) * step]) for band in range(bands)]


@dataclass
class DuplicateIndex:
    """The incremental add-and-check behind :func:`find_duplicates`.

    Articles are added in canonical order (:func:`canonical_order`); :meth:`check_exact` and
    :meth:`add` return the position of the first copy an article duplicates, or None after
    remembering it as a first copy. The same object serves one process reading every text and an
    engine that only fetches the shingles of articles whose signatures share a bucket.
    """

    threshold: float = THRESHOLD
    bands: int = BANDS
    first_of: dict[bytes, int] = field(default_factory=dict)
    buckets: dict[tuple[int, bytes], list[int]] = field(default_factory=dict)
    shingle_sets: dict[int, np.ndarray] = field(default_factory=dict)

    def check_exact(self, pos: int, key: bytes) -> int | None:
        """The first article with the same :func:`exact_key`, or None (then ``pos`` is it)."""
        if key in self.first_of:
            return self.first_of[key]
        self.first_of[key] = pos
        return None

    def add(self, pos: int, sh: np.ndarray, sig: np.ndarray) -> int | None:
        """The first earlier article whose shingles are ``threshold``-similar, else None (and
        ``pos`` joins the index as a first copy)."""
        keys = band_keys(sig, self.bands)
        candidates = [c for k in keys for c in self.buckets.get(k, ())]
        for cand in dict.fromkeys(candidates):
            if jaccard(sh, self.shingle_sets[cand]) >= self.threshold:
                return cand
        self.shingle_sets[pos] = sh
        for k in keys:
            self.buckets.setdefault(k, []).append(pos)
        return None


def find_duplicates(
    docs: pd.DataFrame,
    *,
    threshold: float = THRESHOLD,
    num_perm: int = NUM_PERM,
    bands: int = BANDS,
    seed: int = SEED,
) -> pd.Series:
    """``duplicate_of`` for each article: the ``doc_id`` of the first copy it duplicates, or NA.

    "First" is the earliest dated article, then the first in corpus order. An article is a
    near duplicate when the Jaccard similarity of its word 5-gram shingles with the first copy's is
    at least ``threshold``. Returns a Series aligned with ``docs.index``.
    """
    return duplicates_and_words(docs, threshold=threshold, num_perm=num_perm, bands=bands, seed=seed)[0]


def duplicates_and_words(
    docs: pd.DataFrame,
    *,
    threshold: float = THRESHOLD,
    num_perm: int = NUM_PERM,
    bands: int = BANDS,
    seed: int = SEED,
) -> tuple[pd.Series, np.ndarray]:
    """:func:`find_duplicates`, and each article's :func:`~analysis.text.count_words` (int64).

    Why both: the words of each text are found once for its shingles, and their number is its
    word count, so reading a corpus tokenizes each text once, not twice. Exact copies, which
    are never shingled, are counted on their own."""
    ids = docs["doc_id"].to_numpy()
    texts = docs["text"].to_numpy()
    result = pd.Series(pd.NA, index=docs.index, dtype="object")
    words = np.full(len(docs), -1, dtype=np.int64)
    a, b = hash_params(num_perm, seed)
    index = DuplicateIndex(threshold, bands)
    for pos in canonical_order(docs):
        text = texts[pos]
        first = index.check_exact(pos, exact_key(text))
        if first is None:
            tokens = lower_tokens(text)
            words[pos] = len(tokens)
            sh = sorted_unique(shingle_hashes(tokens))
            first = index.add(pos, sh, signature(sh, a, b))
        if first is not None:
            result.iloc[pos] = ids[first]
    for pos in np.flatnonzero(words < 0):
        words[pos] = count_words(texts[pos])
    return result, words


def canonical_order(docs: pd.DataFrame) -> list[int]:
    """Positions sorted by date (unknown last), then corpus order: the first copy comes first."""
    dates = pd.to_datetime(docs["date"]) if "date" in docs else pd.Series(pd.NaT, index=docs.index)
    frame = pd.DataFrame({"date": dates.to_numpy(), "pos": np.arange(len(docs))})
    return frame.sort_values(["date", "pos"], na_position="last", kind="stable")["pos"].tolist()


def analysed(docs: pd.DataFrame, *, keep_duplicates: bool = False) -> pd.DataFrame:
    """The rows of the docs table that the studies analyse: every article once.

    Why: a wire story run under nine mastheads, or one sidebar text scraped nine times, would
    otherwise count nine times in every study (nine times the quotes, its own topic). Exact and
    near copies (``duplicate_of`` set, see :func:`find_duplicates`) are set aside and their first
    copy (the earliest, or the first seen) is analysed; text reuse leaves them out too.
    ``keep_duplicates=True`` keeps them. Articles left with no text (every line boilerplate) are
    left out too. The result has a fresh index and ``attrs["duplicates_set_aside"]``, the number
    of copies left out, for reports to show.
    """
    has_text = np.ones(len(docs), bool)
    if "text" in docs:
        has_text = docs["text"].fillna("").astype(str).str.strip().str.len().to_numpy() > 0
    copy = np.zeros(len(docs), bool)
    if not keep_duplicates and "duplicate_of" in docs:
        copy = docs["duplicate_of"].notna().to_numpy()
    n_out = int(copy.sum())
    keep = has_text & ~copy
    out = docs if keep.all() else docs.loc[keep].reset_index(drop=True)
    out = out.copy(deep=False)
    out.attrs = {**docs.attrs, "duplicates_set_aside": n_out}
    return out
