"""Furniture inside paragraphs: word spans that recur word for word across an outlet's articles.

Why: a scraper often glues an ad, a sign-up line or a credit onto a paragraph of news ("... the
vote is on Monday. Get the new book by ... now. Buy Now"), so the line as a whole never recurs
and the line learner (:mod:`analysis.corpus.boilerplate`) cannot see it; its words would then be
read as the outlet's own ("distinctive words", topics). Like the line learner, we count in how
many different articles each span occurs -- here every run of :data:`SHINGLE` words, case folded
but numbers kept, word for word (the line key folds numbers; in a span that would make "Sentence
3.1 is about the school and the court." of a table of records one recurring span) -- with the same
rule, per
outlet and across the corpus, through the same keys (:func:`shingle_keys` go into
``Cleaned.keys``), so both engines learn the same set.

Why the boundaries: a recurring run of words is not always furniture. "did not immediately
respond to a request for comment" recurs in any outlet, mid-sentence. A run is removed only when
it starts where a sentence starts and ends where one ends (closing punctuation, a paragraph's end,
or, for a long span, the capitalised first word of the next sentence, which a buy button glued to
news leaves), and
never when it is a quotation or holds one (outlets repeat quotes; they are news).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container

import numpy as np

from analysis.text import find_quotes

#: Words in a shingle, and so the shortest span removed inside a paragraph.
SHINGLE = 6
#: The kind of a span removed inside a paragraph (``kind`` of the removal table).
RECURRING_SPAN = "recurring span"
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_PRIME = np.uint64(0x100000001B3)
_SALT = np.uint64(0x5BD1E9955BD1E995)  # shingle keys apart from line keys
_CACHE: dict[str, int] = {}
#: Words a span needs when it ends with no closing mark on a capitalised word, before the
#: capitalised first word of the next sentence: shorter such runs are mostly names cut short
#: ("the party's spokesman Mark" of "... Mark Smith said").
UNMARKED_END = 12
_OPENS = re.compile(r"(?:\n\n|[.!?][\"”’)\]]*[ \t]+)$")
_CLOSES = re.compile(r"[.!?][\"”’)\]]*(?:\s|$)|[\"”’)\]]*\s*(?:\n\n|$)")
_UNMARKED = re.compile(r"[ \t]+[\"“‘(]?[A-Z]")


def _word_hash(word: str) -> int:
    """A stable 64-bit hash of a folded word (cached: news reuses a few thousand words)."""
    value = _CACHE.get(word)
    if value is None:
        value = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        if len(_CACHE) < 500_000:
            _CACHE[word] = value
    return value


def words(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(starts, ends, hashes)`` of the words of ``text``, case folded."""
    found = list(_WORD.finditer(text))
    starts = np.fromiter((m.start() for m in found), dtype=np.int64, count=len(found))
    ends = np.fromiter((m.end() for m in found), dtype=np.int64, count=len(found))
    hashes = np.fromiter((_word_hash(m.group().lower()) for m in found), dtype=np.uint64, count=len(found))
    return starts, ends, hashes


def shingle_keys(hashes: np.ndarray, n: int = SHINGLE) -> np.ndarray:
    """One nonzero 64-bit key per run of ``n`` consecutive words (a polynomial of their hashes)."""
    if len(hashes) < n:
        return np.empty(0, dtype=np.uint64)
    keys = np.zeros(len(hashes) - n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(n):
            keys = keys * _PRIME + hashes[j : len(hashes) - n + 1 + j]
        keys = keys ^ _SALT
    keys[keys == 0] = 1  # 0 stands for a quotation in Cleaned.keys
    return keys


def recurring_spans(text: str, learnt: Container[int], n: int = SHINGLE) -> list[tuple[int, int]]:
    """``(start, end)`` in ``text`` of the runs of words that consecutive learnt shingles cover,
    cut to where sentences start and end, holding no quotation (see the module's why)."""
    starts, ends, hashes = words(text)
    keys = shingle_keys(hashes, n)
    hit = np.fromiter((int(k) in learnt for k in keys), dtype=bool, count=len(keys))
    if not hit.any():
        return []
    # Runs of consecutive learnt shingles, not their union: a span recurs as a whole, while a
    # text of a few stock phrases is covered by many overlapping, unrelated repeats.
    edges = np.flatnonzero(np.diff(np.concatenate([[0], hit.astype(np.int8), [0]])))
    quotes = [p for q in find_quotes(text) for p in q.parts] if any(c in text for c in '"“”') else []
    spans = []
    for first, last in zip(edges[::2], edges[1::2] + n - 2):
        found = _sentence_aligned(text, starts, ends, int(first), int(last), n)
        if found is None:
            continue
        if not any(_is_quote(found, part) for part in quotes):
            spans.append(found)
    return spans


def _is_quote(span: tuple[int, int], part: tuple[int, int]) -> bool:
    """Whether ``span`` opens a quotation ``part`` or holds it whole: a quote repeated by an outlet
    is news. A span glued inside a quoted paragraph (which may run, unclosed, to the paragraph's
    end) is not the quote."""
    (start, end), (qs, qe) = span, part
    return abs(qs - start) <= 2 or (start <= qs and qe <= end)


def _sentence_aligned(
    text: str, starts: np.ndarray, ends: np.ndarray, first: int, last: int, n: int
) -> tuple[int, int] | None:
    """The part of the run of words ``first..last`` from its first word that opens a sentence to
    its last word that closes one (closing marks included), when that part has ``n`` words."""
    opening = [i for i in range(first, last + 1) if _opens(text, int(starts[i]))]
    if not opening:
        return None
    closing = [i for i in range(last, opening[0] - 1, -1) if _closes(text, int(ends[i]), i - opening[0] + 1)]
    if not closing or closing[0] - opening[0] + 1 < n:
        return None
    start, end = int(starts[opening[0]]), int(ends[closing[0]])
    while end < len(text) and text[end] in '.!?"”’)]':
        end += 1
    if text[end - 1] in '"”':  # the end of a quotation: news
        return None
    return start, end


def _opens(text: str, start: int) -> bool:
    """Whether a sentence can start at ``start``: the text's start, a paragraph's, or after
    closing punctuation and a space."""
    return start == 0 or _OPENS.search(text, max(0, start - 6), start) is not None


def _capitalised(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` starts with a capital (a name cut short)."""
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’"):
        start -= 1
    return text[start : start + 1].isupper()


def _closes(text: str, end: int, length: int) -> bool:
    """Whether a span of ``length`` words can end at ``end``: closing punctuation, a paragraph's
    end, or the capitalised first word of what follows when the span's own last word is not
    capitalised (a name cut short) or the span has :data:`UNMARKED_END` words."""
    if _CLOSES.match(text, end, end + 6):
        return True
    if _UNMARKED.match(text, end, end + 4) is None:
        return False
    return length >= UNMARKED_END or not _capitalised(text, end)


def drop_spans(text: str, index: np.ndarray, spans: list[tuple[int, int]]) -> tuple[str, np.ndarray]:
    """``text`` without ``spans`` (and the space after each, or before it at a paragraph's end),
    with ``index`` (cleaned character -> original offset, one longer than ``text``) cut the same
    way, so every kept character still maps to where it was; a paragraph left empty goes with
    its break."""
    keep = np.ones(len(text), dtype=bool)
    for start, end in spans:
        if end < len(text) and text[end] == " ":
            end += 1
        elif start > 0 and text[start - 1] == " ":
            start -= 1
        keep[start:end] = False
    text, index = _cut(text, index, keep)
    keep = np.ones(len(text), dtype=bool)
    for m in _EMPTY.finditer(text):
        edge = m.start() == 0 or m.end() == len(text)
        keep[m.start() + (0 if edge else 2) : m.end()] = False
    return _cut(text, index, keep)


_EMPTY = re.compile(r"^(?:\n\n)+|(?:\n\n){2,}|(?:\n\n)+$")


def _cut(text: str, index: np.ndarray, keep: np.ndarray) -> tuple[str, np.ndarray]:
    chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)[keep]
    return chars.tobytes().decode("utf-32-le"), np.concatenate([index[:-1][keep], index[-1:]])
