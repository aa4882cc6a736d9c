"""Sentence and paragraph splitting that works offline.

Why Punkt with a fixed abbreviation list: ``nltk.sent_tokenize`` needs a download (``punkt_tab``)
that users' machines cannot always make, and an untrained Punkt splits after "U.S.", "Mr." and
"Sept.". Giving it the abbreviations news uses is enough to split news text correctly.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from analysis import schema
from analysis.progress import bar

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

# --- sentences ----------------------------------------------------------------------------

#: Abbreviations that do not end a sentence in news text (lower case, without the final period).
NEWS_ABBREVIATIONS = frozenset(
    [
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "u.s.a",
        "u.a.e",
        "d.c",
        "l.a",
        "n.y",
        "p.m",
        "a.m",
        "i.e",
        "e.g",
        "etc",
        "vs",
        "v",
        "al",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "sens",
        "rep",
        "reps",
        "gov",
        "govs",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "adm",
        "sgt",
        "cpl",
        "pvt",
        "pres",
        "supt",
        "det",
        "insp",
        "st",
        "ste",
        "mt",
        "ft",
        "rev",
        "fr",
        "msgr",
        "hon",
        "amb",
        "atty",
        "jr",
        "sr",
        "inc",
        "corp",
        "co",
        "ltd",
        "llc",
        "plc",
        "bros",
        "dept",
        "univ",
        "assn",
        "natl",
        "intl",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "no",
        "nos",
        "vol",
        "pp",
        "ch",
        "fig",
        "approx",
        "est",
        "ca",
        "min",
        "max",
        "ala",
        "ariz",
        "ark",
        "calif",
        "colo",
        "conn",
        "del",
        "fla",
        "ga",
        "ill",
        "ind",
        "kan",
        "ky",
        "la",
        "md",
        "mass",
        "mich",
        "minn",
        "miss",
        "mo",
        "mont",
        "neb",
        "nev",
        "okla",
        "ore",
        "pa",
        "tenn",
        "tex",
        "va",
        "vt",
        "wash",
        "wis",
        "wyo",
    ]
)


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    """The tokenizer, made on first use: importing nltk loads all of it (about a second), which
    a process that never splits text (the command line's main process, a report's kernel)
    should not pay."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(NEWS_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


_PARAGRAPH = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph (each run of text between line breaks)."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


#: Longest sentence, in characters, that the studies are given. Why a cap: a page scraped without
#: punctuation or line breaks can make one "sentence" of millions of characters, and several
#: steps downstream (VADER's negation and idiom checks among them) cost the square of a
#: sentence's length. No sentence of news prose comes near this (BBC News: longest ~1,000).
MAX_SENTENCE_CHARS = 2_000


class LongSentenceWarning(UserWarning):
    """A "sentence" over :data:`MAX_SENTENCE_CHARS` was split at spaces into pieces under it."""


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``; a sentence never crosses a line break.

    A sentence over :data:`MAX_SENTENCE_CHARS` characters is split at spaces (with a
    :class:`LongSentenceWarning`), so no sentence is longer.
    """
    spans, n_split = _sentence_spans(text)
    if n_split:
        _warn_long(n_split, None)
    return [span for _, span in spans]


def _sentence_spans(text: str) -> tuple[list[tuple[int, tuple[int, int]]], int]:
    """((paragraph id, (start, end)) of each sentence, number of over-long sentences split)."""
    tok = _punkt()
    spans = []
    n_split = 0
    for pid, (p_start, p_end) in enumerate(paragraphs(text)):
        for s, e in tok.span_tokenize(text[p_start:p_end]):
            s, e = _trim(text, p_start + s, p_start + e)
            if e - s > MAX_SENTENCE_CHARS:
                n_split += 1
                spans.extend((pid, piece) for piece in cap_span(text, s, e))
            elif e > s:
                spans.append((pid, (s, e)))
    return spans, n_split


def cap_span(text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """``text[start:end]`` cut into pieces of at most ``limit`` characters, at the last space
    before the limit where there is one (else hard at the limit), each piece trimmed."""
    pieces = []
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit + 1)
        cut = cut if cut > start else start + limit
        s, e = _trim(text, start, cut)
        if e > s:
            pieces.append((s, e))
        start = cut
    s, e = _trim(text, start, end)
    if e > s:
        pieces.append((s, e))
    return pieces


def _warn_long(n: int, doc_ids: list | None) -> None:
    where = f" in {len(doc_ids)} article(s) ({', '.join(map(str, doc_ids[:5]))})" if doc_ids else ""
    warnings.warn(
        f"{n} sentence(s) over {MAX_SENTENCE_CHARS:,} characters{where} split at spaces",
        LongSentenceWarning,
        stacklevel=3,
    )


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


SENTENCE_COLUMNS = schema.SENTENCES


def sentences(docs: pd.DataFrame) -> pd.DataFrame:
    """The sentences table: ``doc_id, sent_id, paragraph_id, start, end, text``.

    ``sent_id`` and ``paragraph_id`` count from 0 within an article, and
    ``docs.text[start:end] == text`` for every row. Sentences over :data:`MAX_SENTENCE_CHARS`
    are split (see :func:`split_sentences`).
    """
    rows = []
    long_in: list = []
    n_long = 0
    pairs = zip(docs["doc_id"], docs["text"])
    for doc_id, text in bar(pairs, total=len(docs), desc="sentences"):
        spans, n_split = _sentence_spans(text)
        if n_split:
            n_long += n_split
            long_in.append(doc_id)
        for sid, (pid, (s, e)) in enumerate(spans):
            rows.append((doc_id, sid, pid, s, e, text[s:e]))
    if n_long:
        _warn_long(n_long, long_in)
    out = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    return out.astype({"sent_id": "int64", "paragraph_id": "int64", "start": "int64", "end": "int64"})
