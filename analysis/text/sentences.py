"""Sentence and paragraph splitting that works offline.

Why Punkt with a fixed abbreviation list: ``nltk.sent_tokenize`` needs a download (``punkt_tab``)
that users' machines cannot always make, and an untrained Punkt splits after "U.S.", "Mr." and
"Sept.". Giving it the abbreviations news uses is enough to split news text correctly.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from analysis.progress import bar

# --- sentences ----------------------------------------------------------------------------

#: Abbreviations that do not end a sentence in news text (lower case, without the final period).
NEWS_ABBREVIATIONS = frozenset(
    """
    u.s u.k u.n e.u u.s.a u.a.e d.c l.a n.y p.m a.m i.e e.g etc vs v al
    mr mrs ms dr prof sen sens rep reps gov govs gen lt col maj capt cmdr adm sgt cpl pvt
    pres supt det insp st ste mt ft rev fr msgr hon amb atty
    jr sr inc corp co ltd llc plc bros dept univ assn natl intl
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    no nos vol pp ch fig approx est ca min max
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont
    neb nev okla ore pa tenn tex va vt wash wis wyo
    """.split()
)


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(NEWS_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


_PARAGRAPH = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph (each run of text between line breaks)."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``; a sentence never crosses a line break."""
    return [span for _, span in _sentence_spans(text)]


def _sentence_spans(text: str) -> list[tuple[int, tuple[int, int]]]:
    tok = _punkt()
    spans = []
    for pid, (p_start, p_end) in enumerate(paragraphs(text)):
        for s, e in tok.span_tokenize(text[p_start:p_end]):
            s, e = _trim(text, p_start + s, p_start + e)
            if e > s:
                spans.append((pid, (s, e)))
    return spans


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


SENTENCE_COLUMNS = ["doc_id", "sent_id", "paragraph_id", "start", "end", "text"]


def sentences(docs: pd.DataFrame) -> pd.DataFrame:
    """The sentences table: ``doc_id, sent_id, paragraph_id, start, end, text``.

    ``sent_id`` and ``paragraph_id`` count from 0 within an article, and
    ``docs.text[start:end] == text`` for every row.
    """
    rows = []
    pairs = zip(docs["doc_id"], docs["text"])
    for doc_id, text in bar(pairs, total=len(docs), desc="sentences"):
        for sid, (pid, (s, e)) in enumerate(_sentence_spans(text)):
            rows.append((doc_id, sid, pid, s, e, text[s:e]))
    out = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    return out.astype({"sent_id": "int64", "paragraph_id": "int64", "start": "int64", "end": "int64"})


